import { describe, expect, it } from "vitest";
import { encodeSegments, mapTranslation, proportionalMapping, stripTags } from "../../src/shared/segments";

describe("styled segments as tags", () => {
  const segments = ["Track ", "every", " habit you care about"];
  const styles = ["regular", "bold", "regular"];

  it("tags every segment but the longest, keeping spaces outside tags", () => {
    const e = encodeSegments(segments, styles);
    expect(e.text).toBe("Track <s1>every</s1> habit you care about");
    expect(e.baseSegment).toBe(0);
    expect(e.tagSegments).toEqual([1]);
  });

  it("leaves single-style text untagged", () => {
    expect(encodeSegments(["Plain caption"]).text).toBe("Plain caption");
  });

  it("maps a reordered translation back onto the source styles", () => {
    const e = encodeSegments(segments, styles);
    const m = mapTranslation(segments, e, "Verfolge <s1>jede</s1> Gewohnheit");
    expect(m.approximated).toBe(false);
    expect(m.text).toBe("Verfolge jede Gewohnheit");
    expect(m.ranges).toEqual([
      { start: 0, end: 9, segment: 0 },
      { start: 9, end: 13, segment: 1 },
      { start: 13, end: 24, segment: 0 },
    ]);
  });

  it("keeps two tagged words apart even when the translation swaps them", () => {
    const segs = ["Save ", "time", " and ", "money", " every single day"];
    const e = encodeSegments(segs, ["plain", "bold", "plain", "red", "plain"]);
    expect(e.text).toBe("Save <s1>time</s1> and <s2>money</s2> every single day");
    const m = mapTranslation(segs, e, "<s2>Geld</s2> und <s1>Zeit</s1> sparen, jeden Tag");
    expect(m.ranges.map((r) => [m.text.slice(r.start, r.end), r.segment])).toEqual([
      ["Geld", 3],
      [" und ", 0],
      ["Zeit", 1],
      [" sparen, jeden Tag", 0],
    ]);
  });

  it("falls back to proportional styles when a tag is lost or mangled", () => {
    const e = encodeSegments(segments, styles);
    for (const broken of ["Verfolge jede Gewohnheit", "Verfolge <s1>jede Gewohnheit", "<s1>a</s1> <s1>b</s1>", "<s2>x</s2>"]) {
      const m = mapTranslation(segments, e, broken);
      expect(m.approximated).toBe(true);
      expect(m.text).toBe(stripTags(broken));
      expect(m.ranges[0]?.start).toBe(0);
      expect(m.ranges[m.ranges.length - 1]?.end).toBe(m.text.length);
    }
  });

  it("never splits a surrogate pair when spreading styles", () => {
    const m = proportionalMapping(["ab", "cd"], "x😀y");
    for (const r of m.ranges) expect(/[\uD800-\uDBFF]$/.test(m.text.slice(r.start, r.end))).toBe(false);
  });
});
