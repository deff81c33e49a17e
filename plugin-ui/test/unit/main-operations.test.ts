import { beforeEach, describe, expect, it } from "vitest";
import { createHandlers } from "../../src/main/handlers";
import { BLACK, FakeFigma, type FakeText, installFakeFigma } from "../support/fake-figma";
import { INTER, INTER_BOLD, onboardingScreen, RED, type Screen } from "../support/screens";

let f: FakeFigma;
let screen: Screen;
let handlers: ReturnType<typeof createHandlers>;

function setup(available = [INTER, INTER_BOLD]): void {
  f = new FakeFigma(available);
  installFakeFigma(f);
  screen = onboardingScreen(f);
  handlers = createHandlers();
}

async function localize(locale: string, translations: Record<string, string>) {
  return handlers.localizeFrame({ frameId: screen.frame.id, locale, runPage: "Run", column: 0, row: 0, translations });
}

async function cloneText(cloneNodeId: string): Promise<FakeText> {
  return (await f.getNodeByIdAsync(cloneNodeId)) as FakeText;
}

beforeEach(() => setup());

describe("collect", () => {
  it("finds visible, unlocked captions and tags their styled words", async () => {
    const frames = await handlers.collectFrames({ keepTerms: ["Streaky"] });
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ id: screen.frame.id, name: "Onboarding 1", width: 430, height: 932 });
    expect(frames[0]?.texts.map((t) => [t.id, t.name, t.tagged])).toEqual([
      [`${screen.frame.id}/${screen.title.id}`, "Title", "Track <s1>every</s1> habit you care about"],
      [`${screen.frame.id}/${screen.subtitle.id}`, "Subtitle", "Streaks that keep you going"],
    ]);
  });
});

describe("localize a frame", () => {
  it("clones onto the run page and keeps bold and coloured words", async () => {
    const result = await localize("de-DE", { [screen.title.id]: "Verfolge <s1>jede</s1> Gewohnheit" });
    expect(result.name).toBe("Onboarding 1 · de-DE");
    const page = f.root.children.find((p) => p.name === "Run");
    expect(page?.children.map((c) => c.id)).toEqual([result.cloneId]);
    const outcome = result.texts[0];
    expect(outcome).toMatchObject({ nodeId: screen.title.id, fits: true, stylesApproximated: false });
    const text = await cloneText(outcome?.cloneNodeId ?? "");
    const segs = text.getStyledTextSegments(["fontName", "fills", "fontSize"]);
    expect(segs.map((s) => [s.characters, s.fontName?.style, s.fills, s.fontSize])).toEqual([
      ["Verfolge ", "Regular", BLACK, 32],
      ["jede", "Bold", RED, 32],
      [" Gewohnheit", "Regular", BLACK, 32],
    ]);
    // The design frame is untouched.
    expect(screen.title.characters).toBe("Track every habit you care about");
    expect(f.undoCommits).toBe(1);
  });

  it("replaces an earlier clone of the same frame and locale", async () => {
    await localize("de-DE", { [screen.title.id]: "A <s1>b</s1> c" });
    const second = await localize("de-DE", { [screen.title.id]: "D <s1>e</s1> f" });
    const page = f.root.children.find((p) => p.name === "Run");
    expect(page?.children.map((c) => c.id)).toEqual([second.cloneId]);
  });

  it("falls back to Inter when the design font is missing, keeping the weight", async () => {
    f = new FakeFigma([INTER, INTER_BOLD]);
    installFakeFigma(f);
    screen = onboardingScreen(f, "Onboarding 1", { family: "Brand Sans", style: "Regular" }, { family: "Brand Sans", style: "Bold" });
    handlers = createHandlers();
    const result = await localize("fr-FR", { [screen.title.id]: "Suivez <s1>chaque</s1> habitude" });
    expect(result.fonts).toEqual([
      { nodeId: result.texts[0]?.cloneNodeId, from: "Brand Sans Regular", to: "Inter Regular", reason: "missing" },
      { nodeId: result.texts[0]?.cloneNodeId, from: "Brand Sans Bold", to: "Inter Bold", reason: "missing" },
    ]);
    const text = await cloneText(result.texts[0]?.cloneNodeId ?? "");
    expect(text.characters).toBe("Suivez chaque habitude");
    expect(text.getStyledTextSegments(["fontName"]).map((s) => s.fontName)).toEqual([INTER, INTER_BOLD, INTER]);
  });

  it("swaps in a font that draws the script for Japanese", async () => {
    setup([INTER, INTER_BOLD, { family: "Noto Sans JP", style: "Regular" }, { family: "Noto Sans JP", style: "Bold" }]);
    const result = await localize("ja", { [screen.title.id]: "<s1>毎日</s1>の習慣を記録" });
    expect(result.fonts.map((s) => [s.from, s.to, s.reason])).toEqual([
      ["Inter Regular", "Noto Sans JP Regular", "script"],
      ["Inter Bold", "Noto Sans JP Bold", "script"],
    ]);
    const text = await cloneText(result.texts[0]?.cloneNodeId ?? "");
    expect(text.getStyledTextSegments(["fontName", "fills"]).map((s) => [s.characters, s.fontName?.family, s.fontName?.style, s.fills])).toEqual([
      ["毎日", "Noto Sans JP", "Bold", RED],
      ["の習慣を記録", "Noto Sans JP", "Regular", BLACK],
    ]);
  });

  it("reports a script no installed font can draw instead of writing tofu", async () => {
    const result = await localize("th", { [screen.title.id]: "ติดตาม<s1>ทุก</s1>นิสัย" });
    expect(result.texts[0]?.fits).toBe(false);
    expect(result.texts[0]?.error).toMatch(/no installed font draws this script \(Thai\)/);
  });

  it("right-aligns left-aligned text for right-to-left locales only", async () => {
    screen.subtitle.textAlignHorizontal = "CENTER";
    const ar = await localize("ar-SA", { [screen.title.id]: "تتبع <s1>كل</s1> عادة", [screen.subtitle.id]: "سلاسل" });
    setup([INTER, INTER_BOLD, { family: "Noto Sans Arabic", style: "Regular" }, { family: "Noto Sans Arabic", style: "Bold" }]);
    screen.subtitle.textAlignHorizontal = "CENTER";
    const arWithFont = await localize("ar-SA", { [screen.title.id]: "تتبع <s1>كل</s1> عادة", [screen.subtitle.id]: "سلاسل" });
    const title = await cloneText(arWithFont.texts[0]?.cloneNodeId ?? "");
    const subtitle = await cloneText(arWithFont.texts[1]?.cloneNodeId ?? "");
    expect(title.textAlignHorizontal).toBe("RIGHT");
    expect(subtitle.textAlignHorizontal).toBe("CENTER");
    expect(ar.texts[0]?.error).toMatch(/Arab/);
    const de = await localize("de-DE", { [screen.title.id]: "Verfolge <s1>jede</s1> Gewohnheit" });
    expect((await cloneText(de.texts[0]?.cloneNodeId ?? "")).textAlignHorizontal).toBe("LEFT");
  });

  it("loads each font once across locales", async () => {
    for (const locale of ["de-DE", "fr-FR", "es-ES"]) await localize(locale, { [screen.title.id]: "x <s1>y</s1> z" });
    const counts = new Map<string, number>();
    for (const k of f.loadCalls) counts.set(k, (counts.get(k) ?? 0) + 1);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });
});

describe("overflow and fitting", () => {
  const long = "Verfolge wirklich <s1>jede einzelne</s1> Gewohnheit, die dir am Herzen liegt, Tag für Tag";

  it("measures overflow against the design box", async () => {
    const result = await localize("de-DE", { [screen.title.id]: long });
    expect(result.texts[0]?.fits).toBe(false);
    expect(result.texts[0]?.ratio).toBeGreaterThan(2);
  });

  it("measures a fixed-size box and gives it its size back", async () => {
    await Promise.all([f.loadFontAsync(INTER), f.loadFontAsync(INTER_BOLD)]);
    screen.title.textAutoResize = "NONE";
    const before = { width: screen.title.width, height: screen.title.height };
    const result = await localize("de-DE", { [screen.title.id]: long });
    const text = await cloneText(result.texts[0]?.cloneNodeId ?? "");
    expect(result.texts[0]?.ratio).toBeGreaterThan(2);
    expect({ width: text.width, height: text.height, mode: text.textAutoResize }).toEqual({ ...before, mode: "NONE" });
  });

  it("fits with a shorter translation without touching the font size", async () => {
    const result = await localize("de-DE", { [screen.title.id]: long });
    const id = result.texts[0]?.cloneNodeId ?? "";
    const [refit] = await handlers.refitFrame({ cloneId: result.cloneId, locale: "de-DE", translations: { [id]: "Jede <s1>Gewohnheit</s1> zählt" }, shrink: [id] });
    expect(refit).toMatchObject({ fits: true, scale: 1 });
    const text = await cloneText(id);
    expect(text.getStyledTextSegments(["fontSize"]).map((s) => s.fontSize)).toEqual([32]);
    expect(text.getStyledTextSegments(["fills"]).map((s) => [s.characters, s.fills])).toEqual([
      ["Jede ", BLACK],
      ["Gewohnheit", RED],
      [" zählt", BLACK],
    ]);
  });

  it("shrinks the font in bounded steps as the last resort and says what still does not fit", async () => {
    const slightly = "Verfolge <s1>jede</s1> Gewohnheit, jeden einzelnen Tag neu";
    const result = await localize("de-DE", { [screen.title.id]: slightly });
    const id = result.texts[0]?.cloneNodeId ?? "";
    expect(result.texts[0]?.fits).toBe(false);
    const [shrunk] = await handlers.refitFrame({ cloneId: result.cloneId, locale: "de-DE", translations: {}, shrink: [id] });
    expect(shrunk?.fits).toBe(true);
    expect(shrunk?.scale).toBeLessThan(1);
    expect(shrunk?.scale).toBeGreaterThanOrEqual(0.7);

    const hopeless = await localize("fr-FR", { [screen.title.id]: long });
    const hid = hopeless.texts[0]?.cloneNodeId ?? "";
    const [still] = await handlers.refitFrame({ cloneId: hopeless.cloneId, locale: "fr-FR", translations: {}, shrink: [hid] });
    expect(still?.fits).toBe(false);
    expect(still?.scale).toBeCloseTo(0.7);
    const sizes = (await cloneText(hid)).getStyledTextSegments(["fontSize"]).map((s) => s.fontSize);
    expect(sizes).toEqual([22.4]);
  });
});

describe("export and settings", () => {
  it("exports the clone at the exact store width", async () => {
    const result = await localize("de-DE", {});
    const image = await handlers.exportFrame({ cloneId: result.cloneId, width: 1290 });
    expect([image.width, image.height]).toEqual([1290, 2796]);
    const view = new DataView(image.bytes.buffer);
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([1290, 2796]);
  });

  it("keeps the token on this computer and the glossary in the document", async () => {
    await handlers.saveToken({ token: "tok-123" });
    await handlers.saveGlossary({ keep: ["Streaky"], forced: [] });
    expect(await handlers.loadSettings({})).toEqual({ token: "tok-123", glossary: { keep: ["Streaky"], forced: [] } });
    expect(f.root.getPluginData("shotbridge.glossary")).toContain("Streaky");
    await handlers.saveToken({ token: null });
    expect((await handlers.loadSettings({})).token).toBeUndefined();
  });
});
