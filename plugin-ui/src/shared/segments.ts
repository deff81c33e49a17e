//! Styled segments ↔ tagged text: a caption with bold or coloured words travels to the
//! translator as `Track <s1>every</s1> habit`, and comes back mapped onto the same styles.

/** Tag markup the bridge and every provider pass through untouched. */
// TODO: a caption that itself contains text like `<s1>` is read as markup; escape it on the way
// out once the bridge defines an escape the providers keep.
const TAG = /<(\/?)s(\d+)>/g;

/** A caption encoded for translation. */
export interface TaggedText {
  /** The text with every non-base segment wrapped in `<sN>…</sN>`. */
  text: string;
  /** Index of the segment whose style is the base (the one with most characters). */
  baseSegment: number;
  /** `tagSegments[n - 1]` is the segment index that tag `sN` stands for. */
  tagSegments: number[];
}

/** A stretch of the translated text and the source segment whose style it takes. */
export interface StyledRange {
  start: number;
  end: number;
  segment: number;
}

/** The translated text, with a style for every character. */
export interface MappedTranslation {
  text: string;
  ranges: StyledRange[];
  /** True when the tags did not survive and styles were spread proportionally instead. */
  approximated: boolean;
}

/**
 * The segment whose style is the base: of the style holding the most characters (the first on
 * a tie), its first segment. `styleKeys[i]` fingerprints segment i's style; equal keys are
 * the same style even when the segments are apart ("Track **every** habit": two plain runs).
 */
export function baseSegment(segments: readonly string[], styleKeys: readonly string[] = segments.map((_, i) => String(i))): number {
  const totals = new Map<string, number>();
  segments.forEach((s, i) => totals.set(styleKeys[i] ?? "", (totals.get(styleKeys[i] ?? "") ?? 0) + s.length));
  let best = 0;
  segments.forEach((_, i) => {
    if ((totals.get(styleKeys[i] ?? "") ?? 0) > (totals.get(styleKeys[best] ?? "") ?? 0)) best = i;
  });
  return best;
}

/**
 * Wraps every segment not in the base style in numbered tags. Blank segments stay untagged.
 * Without `styleKeys`, every segment counts as a style of its own.
 */
export function encodeSegments(segments: readonly string[], styleKeys?: readonly string[]): TaggedText {
  const keys = styleKeys ?? segments.map((_, i) => String(i));
  const base = baseSegment(segments, keys);
  const tagSegments: number[] = [];
  const parts = segments.map((chars, i) => {
    if (keys[i] === keys[base] || chars.trim() === "") return chars;
    tagSegments.push(i);
    const n = tagSegments.length;
    // Keep surrounding spaces outside the tag so translators see whole words inside it.
    const lead = /^\s*/.exec(chars)?.[0] ?? "";
    const trail = /\s*$/.exec(chars.slice(lead.length))?.[0] ?? "";
    const core = chars.slice(lead.length, chars.length - trail.length);
    return `${lead}<s${n}>${core}</s${n}>${trail}`;
  });
  return { text: parts.join(""), baseSegment: base, tagSegments };
}

/** Removes any tag markup, for display and length counting. */
export function stripTags(text: string): string {
  return text.replace(TAG, "");
}

interface Run {
  text: string;
  tag: number | null;
}

/** Splits a translation into runs; null when the tags are missing, doubled, nested or unknown. */
function parseRuns(text: string, tagCount: number): Run[] | null {
  const runs: Run[] = [];
  const seen = new Set<number>();
  let open: number | null = null;
  let last = 0;
  for (const m of text.matchAll(TAG)) {
    const n = Number(m[2]);
    const closing = m[1] === "/";
    runs.push({ text: text.slice(last, m.index), tag: open });
    last = m.index + m[0].length;
    if (n < 1 || n > tagCount) return null;
    if (!closing) {
      if (open !== null || seen.has(n)) return null;
      open = n;
      seen.add(n);
    } else if (open !== n) {
      return null;
    } else {
      open = null;
    }
  }
  if (open !== null || seen.size !== tagCount) return null;
  runs.push({ text: text.slice(last), tag: null });
  return runs.filter((r) => r.text.length > 0);
}

/**
 * Maps a tagged translation back onto the source segments. When the tags did not survive,
 * each source segment's style covers the same share of the translation (whole text if one).
 */
export function mapTranslation(
  sourceSegments: readonly string[],
  encoded: TaggedText,
  translated: string,
): MappedTranslation {
  const runs = parseRuns(translated, encoded.tagSegments.length);
  if (runs) {
    let text = "";
    const ranges: StyledRange[] = [];
    for (const run of runs) {
      const segment = run.tag === null ? encoded.baseSegment : (encoded.tagSegments[run.tag - 1] ?? encoded.baseSegment);
      const start = text.length;
      text += run.text;
      const prev = ranges[ranges.length - 1];
      if (prev && prev.segment === segment) prev.end = text.length;
      else ranges.push({ start, end: text.length, segment });
    }
    return { text, ranges, approximated: false };
  }
  return proportionalMapping(sourceSegments, stripTags(translated));
}

/** Spreads source segment styles over the text by their share of the source length. */
export function proportionalMapping(sourceSegments: readonly string[], text: string): MappedTranslation {
  const total = sourceSegments.reduce((n, s) => n + s.length, 0) || 1;
  const ranges: StyledRange[] = [];
  let used = 0;
  let start = 0;
  sourceSegments.forEach((s, segment) => {
    used += s.length;
    let end = segment === sourceSegments.length - 1 ? text.length : Math.round((used / total) * text.length);
    // Never cut a surrogate pair in two.
    if (end > 0 && end < text.length && /[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end += 1;
    if (end > start) ranges.push({ start, end, segment });
    start = Math.max(start, end);
  });
  return { text, ranges, approximated: sourceSegments.length > 1 };
}
