import { describe, expect, it } from "vitest";
import { isTranslatable } from "../../src/shared/text-rules";
import { parseForcedLines, parseGlossary, toGlossaryEntries } from "../../src/shared/glossary";

describe("which text is a caption", () => {
  it("skips numbers-only and keep-term-only text", () => {
    expect(isTranslatable("4.9 ★ · 120K", [])).toBe(false);
    expect(isTranslatable("$9.99 · 85% · 2.5M · 10x", [])).toBe(false);
    expect(isTranslatable("$9.99/mo", [])).toBe(true);
    expect(isTranslatable("Habitica Pro", ["Habitica", "Pro"])).toBe(false);
    expect(isTranslatable("habitica", ["Habitica"])).toBe(false);
    expect(isTranslatable("Habitica makes it easy", ["Habitica"])).toBe(true);
    expect(isTranslatable("日本語", [])).toBe(true);
  });
});

describe("glossary", () => {
  it("merges keep-terms and forced terms into one entry per term", () => {
    const entries = toGlossaryEntries({
      keep: ["Streaky"],
      forced: [
        { term: "Streak", locale: "de-DE", translation: "Serie" },
        { term: "Streak", locale: "fr-FR", translation: "Série" },
      ],
    });
    expect(entries).toEqual([
      { term: "Streaky", keep: true },
      { term: "Streak", translations: { "de-DE": "Serie", "fr-FR": "Série" } },
    ]);
  });

  it("reads stored glossaries defensively and names bad form lines", () => {
    expect(parseGlossary("")).toEqual({ keep: [], forced: [] });
    expect(parseGlossary("{oops")).toEqual({ keep: [], forced: [] });
    expect(parseGlossary('{"keep":["A",3]}')).toEqual({ keep: ["A"], forced: [] });
    const parsed = parseForcedLines("Streak | de-DE | Serie\nbroken line\n");
    expect(parsed.forced).toEqual([{ term: "Streak", locale: "de-DE", translation: "Serie" }]);
    expect(parsed.errors).toEqual(['line 2: write it as "term | locale | translation"']);
  });
});
