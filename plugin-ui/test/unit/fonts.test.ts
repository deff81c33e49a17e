import { describe, expect, it } from "vitest";
import { chooseFallback, closestStyle, familyCoversScript, styleWeight } from "../../src/shared/fonts";

describe("font choice", () => {
  it("knows which families draw which scripts", () => {
    expect(familyCoversScript("Playfair Display", "Latn")).toBe(true);
    expect(familyCoversScript("Inter", "Jpan")).toBe(false);
    expect(familyCoversScript("Noto Sans JP", "Jpan")).toBe(true);
    expect(familyCoversScript("Hiragino Sans", "Jpan")).toBe(true);
    expect(familyCoversScript("Inter", "Cyrl")).toBe(true);
    expect(familyCoversScript("Playfair Display", "Arab")).toBe(false);
  });

  it("keeps the weight when swapping families", () => {
    expect(styleWeight("SemiBold Italic")).toBe(600);
    expect(closestStyle("Bold", ["Regular", "Medium", "Bold"])).toBe("Bold");
    expect(closestStyle("Heavy", ["Regular", "Bold", "Black"])).toBe("Black");
    expect(closestStyle("Semibold", ["Regular", "Bold"])).toBe("Bold");
    expect(closestStyle("Italic", ["Regular", "Italic", "Bold"])).toBe("Italic");
  });

  it("picks an installed script font, else a generic one", () => {
    const available = new Map([
      ["Inter", ["Regular", "Bold"]],
      ["Noto Sans Arabic", ["Regular", "SemiBold", "Bold"]],
    ]);
    expect(chooseFallback({ family: "Brand Sans", style: "Bold" }, "Arab", available)).toEqual({ family: "Noto Sans Arabic", style: "Bold" });
    expect(chooseFallback({ family: "Brand Sans", style: "Medium" }, "Latn", available)).toEqual({ family: "Inter", style: "Regular" });
    expect(chooseFallback({ family: "Brand Sans", style: "Bold" }, "Thai", new Map())).toBeUndefined();
  });
});
