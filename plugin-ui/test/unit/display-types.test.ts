import { describe, expect, it } from "vitest";
import { DISPLAY_TYPE_SIZES } from "../../src/generated/bridge";
import { chooseExportTarget, isExportTarget, PREFERRED_ORDER, type DisplayType } from "../../src/shared/display-types";
import { rustSource } from "../support/rust-source";

/** The Rust TABLE: display type → listed sizes, and whether landscape is the transpose. */
function rustTable(): Map<string, { sizes: [number, number][]; both: boolean }> {
  const src = rustSource("display_type.rs");
  const table = src.slice(src.indexOf("const TABLE"), src.indexOf("];", src.indexOf("const TABLE")));
  const out = new Map<string, { sizes: [number, number][]; both: boolean }>();
  for (const m of table.matchAll(/\(\s*(APP_[A-Z0-9_]+),\s*&\[([^\]]*)\],\s*Orientation::(Both|AsListed),?\s*\)/g)) {
    const sizes = [...(m[2] ?? "").matchAll(/px\((\d+), (\d+)\)/g)].map((p) => [Number(p[1]), Number(p[2])] as [number, number]);
    out.set(m[1] ?? "", { sizes, both: m[3] === "Both" });
  }
  return out;
}

describe("display-type sizes", () => {
  it("agree with the Rust table for every APP_ display type", () => {
    const table = rustTable();
    expect(table.size).toBe(21);
    for (const [type, { sizes, both }] of table) {
      const expected = [...sizes, ...(both ? sizes.map(([w, h]) => [h, w]) : [])].map(([width, height]) => ({ width, height }));
      expect(DISPLAY_TYPE_SIZES[type as DisplayType], type).toEqual(expected);
    }
    expect(new Set(PREFERRED_ORDER)).toEqual(new Set(table.keys()));
  });

  it("picks the store size and scale from the frame size", () => {
    expect(chooseExportTarget({ width: 430, height: 932 })).toEqual({ displayType: "APP_IPHONE_67", size: { width: 1290, height: 2796 }, scale: 3 });
    expect(chooseExportTarget({ width: 440, height: 956 })).toMatchObject({ displayType: "APP_IPHONE_67", size: { width: 1320, height: 2868 } });
    expect(chooseExportTarget({ width: 1290, height: 2796 })).toMatchObject({ displayType: "APP_IPHONE_67", scale: 1 });
    expect(chooseExportTarget({ width: 414, height: 896 })).toMatchObject({ displayType: "APP_IPHONE_65", size: { width: 1242, height: 2688 } });
    expect(chooseExportTarget({ width: 1032, height: 1376 })).toMatchObject({ displayType: "APP_IPAD_PRO_3GEN_129", size: { width: 2064, height: 2752 }, scale: 2 });
    expect(chooseExportTarget({ width: 932, height: 430 })).toMatchObject({ displayType: "APP_IPHONE_67", size: { width: 2796, height: 1290 } });
  });

  it("honours the wanted display type, largest matching size first", () => {
    expect(chooseExportTarget({ width: 1024, height: 1366 }, "APP_IPAD_PRO_129")).toMatchObject({ displayType: "APP_IPAD_PRO_129", size: { width: 2048, height: 2732 } });
    const none = chooseExportTarget({ width: 430, height: 932 }, "APP_IPAD_105");
    expect(isExportTarget(none)).toBe(false);
    expect("reason" in none && none.reason).toContain("1668×2224");
  });

  it("explains a frame that scales to no store size", () => {
    const t = chooseExportTarget({ width: 400, height: 800 });
    expect(isExportTarget(t)).toBe(false);
    expect("reason" in t && t.reason).toMatch(/400×800.*430×932/);
  });
});
