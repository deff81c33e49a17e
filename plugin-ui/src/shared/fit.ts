//! Fit arithmetic: how far a text box overflowed its original size, how many characters a
//! shorter translation may have, and the bounded font-size steps used as the last resort.

/** A text box's size and how it grows. */
export interface TextBox {
  width: number;
  height: number;
}

/** Ratios up to this count as fitting (sub-pixel rounding of Figma's layout). */
export const FIT_TOLERANCE = 1.01;

/** How many times the measured box exceeds the original one (1 or less: it fits). */
export function overflowRatio(original: TextBox, measured: TextBox): number {
  const w = original.width > 0 ? measured.width / original.width : 1;
  const h = original.height > 0 ? measured.height / original.height : 1;
  return Math.max(w, h);
}

export function fits(ratio: number): boolean {
  return ratio <= FIT_TOLERANCE;
}

/** Graphemes in the visible text (what the bridge counts for `maxChars`). */
export function graphemeCount(text: string): number {
  // Intl.Segmenter is missing from older JavaScript engines (Figma's main thread among them).
  type GraphemeSegmenter = new (
    locale?: string,
    options?: { granularity: "grapheme" },
  ) => { segment(input: string): Iterable<unknown> };
  const Segmenter = (Intl as unknown as { Segmenter?: GraphemeSegmenter }).Segmenter;
  if (!Segmenter) return Array.from(text).length;
  let n = 0;
  for (const _ of new Segmenter(undefined, { granularity: "grapheme" }).segment(text)) n += 1;
  return n;
}

/**
 * The longest translation likely to fit: the text shrunk by the overflow ratio, with a 10%
 * margin because line breaks fall on word boundaries; always at least one shorter.
 */
export function shorterMaxChars(visibleLength: number, ratio: number): number {
  if (visibleLength <= 1) return 1;
  const target = Math.floor((visibleLength / Math.max(ratio, 1)) * 0.9);
  return Math.max(1, Math.min(target, visibleLength - 1));
}

/** Smallest font size shrinking may reach, as a share of the design size and in pixels. */
export const MIN_SCALE = 0.7;
export const MIN_FONT_SIZE = 9;
/** Each step multiplies the size by this. */
export const STEP_FACTOR = 0.92;

/** Scale factors to try in order, bounded by MIN_SCALE and MIN_FONT_SIZE for this size. */
export function shrinkScales(fontSize: number): number[] {
  const floor = Math.max(MIN_SCALE, fontSize > 0 ? MIN_FONT_SIZE / fontSize : 1);
  const scales: number[] = [];
  for (let s = STEP_FACTOR; s >= floor - 1e-9; s *= STEP_FACTOR) scales.push(Math.round(s * 1000) / 1000);
  if (floor < 1 && (scales.length === 0 || (scales[scales.length - 1] ?? 1) > floor + 1e-3)) {
    scales.push(Math.round(floor * 1000) / 1000);
  }
  return scales;
}
