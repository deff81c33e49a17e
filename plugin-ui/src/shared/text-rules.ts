//! Which text nodes are captions to translate: not numbers-only text, not text made only of
//! keep-terms (brand and product names), not blank.

const LETTER = /\p{L}/u;

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
  return LETTER.test(rest);
}
