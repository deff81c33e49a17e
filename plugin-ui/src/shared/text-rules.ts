//! Which text nodes are captions to translate: not numbers-only text, not text made only of
//! keep-terms (brand and product names), not blank.

const LETTER = /\p{L}/u;
/** A number, optionally with a magnitude suffix (120K, 2.5M, 10x): still numbers-only. */
const NUMBER = /\p{N}[\p{N}.,]*\s?[kKmMbBx×]?(?![\p{L}])/gu;

/** Escapes a term for use inside a regular expression. */
function escape(term: string): string {
  return term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether the text has something a translator should touch. */
export function isTranslatable(text: string, keepTerms: readonly string[]): boolean {
  let rest = text;
  for (const term of keepTerms) {
    const t = term.trim();
    if (t) rest = rest.replace(new RegExp(escape(t), "giu"), " ");
  }
  return LETTER.test(rest.replace(NUMBER, " "));
}
