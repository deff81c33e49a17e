//! The language picker's data: the 50 App Store Connect locales (generated from the Rust
//! catalog), search over code and names, and presets.

import { LOCALES, type LocaleRow } from "../generated/bridge";

export { LOCALES };
export type { LocaleRow };

/** A named group of locales offered as one click. */
export interface LocalePreset {
  id: string;
  label: string;
  codes: readonly string[];
}

/** The largest App Store markets outside the US, by revenue and downloads. */
const TOP_10 = ["de-DE", "ja", "fr-FR", "zh-Hans", "ko", "es-ES", "pt-BR", "it", "en-GB", "ru"];

/** Official languages of the European Union that ASC has a locale for. */
const EU = [
  "cs", "da", "de-DE", "el", "en-GB", "es-ES", "fi", "fr-FR", "hr", "hu", "it", "nl-NL",
  "pl", "pt-PT", "ro", "sk", "sl-SI", "sv",
];

export const PRESETS: readonly LocalePreset[] = [
  { id: "top10", label: "Top 10 markets", codes: TOP_10 },
  { id: "eu", label: "EU", codes: EU },
  { id: "asia", label: "Asia", codes: ["ja", "ko", "zh-Hans", "zh-Hant", "th", "vi", "id", "ms", "hi"] },
  { id: "all", label: "All", codes: LOCALES.map((l) => l.code) },
];

const BY_CODE = new Map(LOCALES.map((l) => [l.code, l]));

export function findLocale(code: string): LocaleRow | undefined {
  return BY_CODE.get(code);
}

export function isRtl(code: string): boolean {
  return findLocale(code)?.direction === "rtl";
}

/** Locales whose code, English or native name contains the query (case-insensitive). */
export function searchLocales(query: string): LocaleRow[] {
  const q = query.trim().toLocaleLowerCase();
  if (!q) return [...LOCALES];
  return LOCALES.filter(
    (l) =>
      l.code.toLocaleLowerCase().includes(q) ||
      l.englishName.toLocaleLowerCase().includes(q) ||
      l.nativeName.toLocaleLowerCase().includes(q),
  );
}

/** The preset's locales, minus the source locale (it is not translated into itself). */
export function presetCodes(presetId: string, sourceLocale: string): string[] {
  const preset = PRESETS.find((p) => p.id === presetId);
  return preset ? preset.codes.filter((c) => c !== sourceLocale && BY_CODE.has(c)) : [];
}
