import { describe, expect, it } from "vitest";
import { fits, graphemeCount, MIN_FONT_SIZE, MIN_SCALE, overflowRatio, shorterMaxChars, shrinkScales } from "../../src/shared/fit";

describe("fit arithmetic", () => {
  it("measures overflow against the original box", () => {
    expect(overflowRatio({ width: 300, height: 48 }, { width: 300, height: 72 })).toBe(1.5);
    expect(overflowRatio({ width: 200, height: 24 }, { width: 260, height: 24 })).toBe(1.3);
    expect(fits(overflowRatio({ width: 300, height: 48 }, { width: 300, height: 48.3 }))).toBe(true);
    expect(fits(1.05)).toBe(false);
  });

  it("asks for a translation shorter by the overflow ratio, with a margin", () => {
    expect(shorterMaxChars(60, 1.5)).toBe(36);
    expect(shorterMaxChars(10, 1.02)).toBe(8);
    // Always strictly shorter, never zero.
    expect(shorterMaxChars(3, 1.01)).toBe(2);
    expect(shorterMaxChars(1, 4)).toBe(1);
  });

  it("counts graphemes, not UTF-16 units", () => {
    expect(graphemeCount("👨‍👧 ok")).toBe(4);
  });

  it("shrinks in bounded steps down to the minimum size", () => {
    const steps = shrinkScales(40);
    expect(steps[0]).toBeCloseTo(0.92);
    expect(steps.every((s, i) => i === 0 || s < (steps[i - 1] ?? 1))).toBe(true);
    expect(steps[steps.length - 1]).toBeCloseTo(MIN_SCALE);
    expect(steps.length).toBeLessThanOrEqual(6);
    // Small text never goes below the minimum font size.
    const small = shrinkScales(11);
    expect(11 * (small[small.length - 1] ?? 1)).toBeGreaterThanOrEqual(MIN_FONT_SIZE - 0.01);
    expect(shrinkScales(MIN_FONT_SIZE)).toEqual([]);
  });
});
