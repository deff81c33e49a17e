import { describe, expect, it } from "vitest";
import { findLocale, isRtl, LOCALES, PRESETS, presetCodes, searchLocales } from "../../src/shared/locales";
import { rustSource } from "../support/rust-source";

describe("locale table", () => {
  it("agrees with the Rust catalog row for row", () => {
    const rows = [...rustSource("locale.rs").matchAll(/row\(\s*"([^"]+)",\s*"([^"]+)",\s*"([^"]+)",\s*"([^"]+)",\s*(Ltr|Rtl),/g)];
    expect(rows).toHaveLength(50);
    expect(LOCALES.map((l) => [l.code, l.englishName, l.nativeName, l.script, l.direction])).toEqual(
      rows.map((m) => [m[1], m[2], m[3], m[4], m[5]?.toLowerCase()]),
    );
  });

  it("knows right-to-left locales", () => {
    expect(isRtl("ar-SA")).toBe(true);
    expect(isRtl("he")).toBe(true);
    expect(isRtl("de-DE")).toBe(false);
    expect(findLocale("zh-Hans")?.script).toBe("Hans");
  });

  it("searches code, English and native names", () => {
    expect(searchLocales("germ").map((l) => l.code)).toEqual(["de-DE"]);
    expect(searchLocales("日本").map((l) => l.code)).toEqual(["ja"]);
    expect(searchLocales("pt-").map((l) => l.code)).toEqual(["pt-BR", "pt-PT"]);
    expect(searchLocales("  ")).toHaveLength(50);
  });

  it("offers presets of real ASC locales, without the source locale", () => {
    for (const p of PRESETS) for (const c of p.codes) expect(findLocale(c), `${p.id}: ${c}`).toBeDefined();
    expect(presetCodes("top10", "en-US")).toHaveLength(10);
    expect(presetCodes("eu", "en-GB")).not.toContain("en-GB");
    expect(presetCodes("all", "en-US")).toHaveLength(49);
  });
});
