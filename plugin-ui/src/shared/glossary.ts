//! The document's glossary (kept in the Figma file): keep-terms never translated and forced
//! terms with a fixed translation per locale, and its form on the bridge's wire.

import type { GlossaryEntry } from "../generated/bridge";

export interface ForcedTerm {
  term: string;
  locale: string;
  translation: string;
}

export interface Glossary {
  keep: string[];
  forced: ForcedTerm[];
}

export const EMPTY_GLOSSARY: Glossary = { keep: [], forced: [] };

/** The glossary as `POST /v1/translate` takes it: one entry per term. */
export function toGlossaryEntries(g: Glossary): GlossaryEntry[] {
  const entries = new Map<string, GlossaryEntry>();
  for (const term of g.keep) entries.set(term, { term, keep: true });
  for (const f of g.forced) {
    const e = entries.get(f.term) ?? { term: f.term };
    e.translations = { ...(e.translations ?? {}), [f.locale]: f.translation };
    entries.set(f.term, e);
  }
  return [...entries.values()];
}

/** Reads a stored glossary, tolerating an empty or foreign value. */
export function parseGlossary(raw: string): Glossary {
  if (!raw) return { keep: [], forced: [] };
  try {
    const v = JSON.parse(raw) as Partial<Glossary>;
    const keep = Array.isArray(v.keep) ? v.keep.filter((t): t is string => typeof t === "string") : [];
    const forced = Array.isArray(v.forced)
      ? v.forced.filter(
          (f): f is ForcedTerm =>
            typeof f?.term === "string" && typeof f.locale === "string" && typeof f.translation === "string",
        )
      : [];
    return { keep, forced };
  } catch {
    return { keep: [], forced: [] };
  }
}

/** Parses the form's lines `term | locale | translation` into forced terms; bad lines are named. */
export function parseForcedLines(text: string): { forced: ForcedTerm[]; errors: string[] } {
  const forced: ForcedTerm[] = [];
  const errors: string[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    const [term, locale, translation] = line.split("|").map((p) => p.trim());
    if (term && locale && translation) forced.push({ term, locale, translation });
    else errors.push(`line ${i + 1}: write it as "term | locale | translation"`);
  });
  return { forced, errors };
}
