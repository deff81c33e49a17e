//! The text properties a styled range keeps through translation, read in one call.

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

/** A font's display name, e.g. `Inter Bold`. */
export function fontLabel(font: FontName): string {
  return `${font.family} ${font.style}`;
}
