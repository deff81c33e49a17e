//! The text properties a styled range keeps through translation, read in one call.

import { encodeSegments, type TaggedText } from "../shared/segments";

/** Every property `getStyledTextSegments` reports that Shotbridge puts back per range. */
export const STYLE_FIELDS: (
  | "fontName"
  | "fontSize"
  | "fills"
  | "textDecoration"
  | "textCase"
  | "letterSpacing"
  | "lineHeight"
  | "hyperlink"
  | "fillStyleId"
  | "textStyleId"
)[] = [
  "fontName",
  "fontSize",
  "fills",
  "textDecoration",
  "textCase",
  "letterSpacing",
  "lineHeight",
  "hyperlink",
  "fillStyleId",
  "textStyleId",
];

export type StyledSegment = Pick<
  StyledTextSegment,
  (typeof STYLE_FIELDS)[number] | "characters" | "start" | "end"
>;

/** The node's runs of identically styled characters. */
export function readSegments(node: TextNode): StyledSegment[] {
  return node.getStyledTextSegments(STYLE_FIELDS);
}

/** A fingerprint of a segment's style: equal for runs styled alike. */
export function styleKey(seg: StyledSegment): string {
  return JSON.stringify(STYLE_FIELDS.map((f) => seg[f]));
}

/** The node's segments and its caption with non-base styles tagged. */
export function encodeNode(node: TextNode): { segments: StyledSegment[]; encoded: TaggedText } {
  const segments = readSegments(node);
  const encoded = encodeSegments(
    segments.map((s) => s.characters),
    segments.map(styleKey),
  );
  return { segments, encoded };
}

/** A font's display name, e.g. `Inter Bold`. */
export function fontLabel(font: FontName): string {
  return `${font.family} ${font.style}`;
}
