//! Font choice per script: whether a design font can draw a locale's script, which fallback
//! family to use when it cannot, and the closest style (weight) within that family.

/** Fallback families per ISO 15924 script, best first. Latin/Greek/Cyrillic fall back to these too. */
const FALLBACKS: Record<string, readonly string[]> = {
  Jpan: ["Noto Sans JP", "Noto Sans CJK JP"],
  Hans: ["Noto Sans SC", "Noto Sans CJK SC"],
  Hant: ["Noto Sans TC", "Noto Sans CJK TC"],
  Kore: ["Noto Sans KR", "Noto Sans CJK KR"],
  Arab: ["Noto Sans Arabic", "Noto Naskh Arabic", "Cairo", "IBM Plex Sans Arabic"],
  Hebr: ["Noto Sans Hebrew", "Heebo", "Assistant", "Rubik"],
  Thai: ["Noto Sans Thai", "Noto Sans Thai Looped", "Sarabun", "Prompt"],
  Deva: ["Noto Sans Devanagari", "Hind", "Poppins"],
  Beng: ["Noto Sans Bengali", "Hind Siliguri"],
  Gujr: ["Noto Sans Gujarati", "Hind Vadodara"],
  Guru: ["Noto Sans Gurmukhi", "Mukta Mahee"],
  Knda: ["Noto Sans Kannada"],
  Mlym: ["Noto Sans Malayalam"],
  Orya: ["Noto Sans Oriya"],
  Taml: ["Noto Sans Tamil", "Hind Madurai"],
  Telu: ["Noto Sans Telugu", "Hind Guntur"],
};

/** Families used when the design font is missing altogether and the script is Latin-like. */
export const GENERIC_FALLBACKS: readonly string[] = ["Inter", "Roboto", "Noto Sans"];

/** Scripts almost every design font with a full Latin character set also draws. */
const LATIN_LIKE = new Set(["Latn"]);
/** Scripts many but not all Latin fonts draw; these families are known to. */
const GREEK_CYRILLIC_FAMILIES =
  /^(Inter|Roboto|Noto Sans|Noto Serif|Open Sans|SF Pro.*|Helvetica.*|Arial|PT Sans|Montserrat|Source Sans.*|IBM Plex Sans|Fira Sans|Ubuntu|Manrope|Golos.*|Rubik)$/i;

/** Whether a family is known to draw the script. Unknown pairings count as "no". */
// TODO: the plugin API exposes no glyph coverage, so this goes by family name; a family not
// listed here is swapped for non-Latin scripts even when it could draw them (reported, not silent).
export function familyCoversScript(family: string, script: string): boolean {
  if (LATIN_LIKE.has(script)) return true;
  if (script === "Grek" || script === "Cyrl") return GREEK_CYRILLIC_FAMILIES.test(family);
  if ((FALLBACKS[script] ?? []).some((f) => f.toLowerCase() === family.toLowerCase())) return true;
  // System fonts that ship with the script.
  const SYSTEM: Record<string, RegExp> = {
    Jpan: /Hiragino|Yu Gothic|Meiryo|Source Han Sans|Noto Sans CJK/i,
    Hans: /PingFang SC|Source Han Sans|Microsoft YaHei|Noto Sans CJK/i,
    Hant: /PingFang (TC|HK)|Source Han Sans|Noto Sans CJK/i,
    Kore: /Apple SD Gothic|Spoqa|Pretendard|Source Han Sans|Noto Sans CJK/i,
    Arab: /SF Arabic|Geeza|Tajawal|Almarai|Arabic/i,
    Hebr: /SF Hebrew|Hebrew|Arimo/i,
    Thai: /Thonburi|Kanit|Thai/i,
    Deva: /Kohinoor|Mukta|Devanagari/i,
  };
  return SYSTEM[script]?.test(family) ?? false;
}

/** Fallback families for a script, best first (Latin-like scripts: the generic ones). */
export function fallbackFamilies(script: string): readonly string[] {
  return FALLBACKS[script] ?? GENERIC_FALLBACKS;
}

/** A font as Figma names it. */
export interface FontId {
  family: string;
  style: string;
}

const WEIGHTS: [RegExp, number][] = [
  [/thin|hairline/i, 100],
  [/extra ?light|ultra ?light/i, 200],
  [/light/i, 300],
  [/medium/i, 500],
  [/semi ?bold|demi ?bold/i, 600],
  [/extra ?bold|ultra ?bold/i, 800],
  [/black|heavy/i, 900],
  [/bold/i, 700],
];

/** The numeric weight a style name stands for (Regular 400 when it names none). */
export function styleWeight(style: string): number {
  for (const [re, w] of WEIGHTS) if (re.test(style)) return w;
  return 400;
}

function isItalic(style: string): boolean {
  return /italic|oblique/i.test(style);
}

/** The style of `family` nearest to `wanted`: same name, else nearest weight, same slant first. */
export function closestStyle(wanted: string, styles: readonly string[]): string | undefined {
  const exact = styles.find((s) => s.toLowerCase() === wanted.toLowerCase());
  if (exact) return exact;
  const w = styleWeight(wanted);
  const italic = isItalic(wanted);
  return [...styles].sort((a, b) => {
    const slant = Number(isItalic(a) !== italic) - Number(isItalic(b) !== italic);
    return slant || Math.abs(styleWeight(a) - w) - Math.abs(styleWeight(b) - w);
  })[0];
}

/** The replacement for a font that cannot draw the script (or is missing), from what is installed. */
export function chooseFallback(
  wanted: FontId,
  script: string,
  available: ReadonlyMap<string, readonly string[]>,
): FontId | undefined {
  const families = [...fallbackFamilies(script), ...GENERIC_FALLBACKS];
  for (const family of families) {
    if (!familyCoversScript(family, script) && !GENERIC_FALLBACKS.includes(family)) continue;
    const styles = available.get(family);
    const style = styles && closestStyle(wanted.style, styles);
    if (style) return { family, style };
  }
  return undefined;
}
