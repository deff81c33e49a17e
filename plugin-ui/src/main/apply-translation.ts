//! Writes a translation into a text node range by range, so every styled range keeps its
//! font, weight, size and colour; swaps fonts that cannot draw the script; right-aligns RTL.

import type { FontSubstitution } from "../shared/messages";
import { mapTranslation } from "../shared/segments";
import type { FontCache } from "./font-cache";
import { encodeNode, fontLabel, type StyledSegment } from "./text-style";

export interface ApplyContext {
  /** ISO 15924 script of the target locale. */
  script: string;
  rtl: boolean;
  fonts: FontCache;
}

export interface ApplyOutcome {
  stylesApproximated: boolean;
  substitutions: FontSubstitution[];
}

/** Puts a segment's style on `[start, end)`, with `font` in place of its own font. */
async function styleRange(node: TextNode, start: number, end: number, seg: StyledSegment, font: FontName, keepTextStyle: boolean): Promise<void> {
  if (keepTextStyle && seg.textStyleId) {
    await node.setRangeTextStyleIdAsync(start, end, seg.textStyleId);
  } else {
    node.setRangeFontName(start, end, font);
    node.setRangeFontSize(start, end, seg.fontSize);
    node.setRangeTextDecoration(start, end, seg.textDecoration);
    node.setRangeTextCase(start, end, seg.textCase);
    node.setRangeLetterSpacing(start, end, seg.letterSpacing);
    node.setRangeLineHeight(start, end, seg.lineHeight);
  }
  if (seg.fillStyleId) await node.setRangeFillStyleIdAsync(start, end, seg.fillStyleId);
  else node.setRangeFills(start, end, seg.fills);
  if (seg.hyperlink) node.setRangeHyperlink(start, end, seg.hyperlink);
}

/** Replaces the node's text with `tagged` (the translation of its tagged source text). */
export async function applyTranslation(node: TextNode, tagged: string, ctx: ApplyContext): Promise<ApplyOutcome> {
  const { segments, encoded } = encodeNode(node);
  const mapped = mapTranslation(
    segments.map((s) => s.characters),
    encoded,
    tagged,
  );
  if (mapped.text.trim() === "") throw new Error("the translation came back empty; the caption was left as it was");

  const resolved = await Promise.all(segments.map((s) => ctx.fonts.resolve(s.fontName, ctx.script)));
  const substitutions: FontSubstitution[] = [];
  resolved.forEach((r, i) => {
    const from = fontLabel(segments[i]?.fontName ?? r.font);
    if (r.reason && !substitutions.some((s) => s.from === from)) {
      substitutions.push({ nodeId: node.id, from, to: fontLabel(r.font), reason: r.reason });
    }
  });

  // Writing characters needs the node's current fonts; a missing one is replaced first.
  const loaded = await Promise.all(segments.map((s) => ctx.fonts.load(s.fontName)));
  segments.forEach((s, i) => {
    const r = resolved[i];
    if (!loaded[i] && r) node.setRangeFontName(s.start, s.end, r.font);
  });

  node.characters = mapped.text;
  for (const range of mapped.ranges) {
    const seg = segments[range.segment];
    const r = resolved[range.segment];
    if (!seg || !r) continue;
    await styleRange(node, range.start, range.end, seg, r.font, !r.reason);
  }
  // TODO: right-to-left locales get right alignment only; mirroring the layout is left to the designer.
  if (ctx.rtl && node.textAlignHorizontal === "LEFT") node.textAlignHorizontal = "RIGHT";
  return { stylesApproximated: mapped.approximated, substitutions };
}
