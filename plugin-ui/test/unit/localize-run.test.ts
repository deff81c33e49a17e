import { beforeEach, describe, expect, it } from "vitest";
import type { TranslateRequest, TranslateResponse } from "../../src/generated/bridge";
import { localizeRun, type LocaleProgress } from "../../src/ui/run/localize-run";
import { FakeFigma, installFakeFigma } from "../support/fake-figma";
import { inProcessMain } from "../support/in-process-main";
import { onboardingScreen, type Screen } from "../support/screens";

const LONG = "Verfolge wirklich <s1>jede einzelne</s1> Gewohnheit, die dir am Herzen liegt, Tag für Tag";
const SHORT = "Jede <s1>Gewohnheit</s1> zählt";

/** A bridge that translates everything to German, too long for the title unless maxChars is given. */
function fakeBridge() {
  const requests: TranslateRequest[] = [];
  return {
    requests,
    translate(req: TranslateRequest): Promise<TranslateResponse> {
      requests.push(structuredClone(req));
      const translations: Record<string, Record<string, string>> = {};
      for (const locale of req.targetLocales) {
        translations[locale] = {};
        for (const s of req.strings) {
          const title = s.text.includes("<s1>");
          const text = title ? (s.maxChars ? SHORT : LONG) : s.text.split(" ").reverse().join(" ");
          (translations[locale])[s.id] = text;
        }
      }
      return Promise.resolve({ translations, warnings: [], usage: { requests: 1, inputTokens: 10n, outputTokens: 10n, cachedStrings: 0 } });
    },
  };
}

/** Adds the streaming form of translate, answering locale by locale in request order. */
function streaming<T extends { translate(req: TranslateRequest): Promise<TranslateResponse> }>(bridge: T) {
  return Object.assign(bridge, {
    async translateStream(req: TranslateRequest, onLocale: (locale: string, texts: Record<string, string>) => void): Promise<TranslateResponse> {
      const res = await bridge.translate(req);
      for (const l of req.targetLocales) onLocale(l, res.translations[l] ?? {});
      return res;
    },
  });
}

let f: FakeFigma;
let screen: Screen;
beforeEach(() => {
  f = new FakeFigma();
  installFakeFigma(f);
  screen = onboardingScreen(f);
});

describe("localize run", () => {
  it("translates everything in one call, then asks for a shorter text only for what overflowed", async () => {
    const bridge = streaming(fakeBridge());
    const progress: LocaleProgress[][] = [];
    const report = await localizeRun(
      { sourceLocale: "en-US", targetLocales: ["de-DE", "fr-FR"], provider: "pseudo", glossary: { keep: ["Streaky"], forced: [] }, runPage: "Run" },
      { main: inProcessMain(), bridge, onProgress: (p) => progress.push(p), signal: new AbortController().signal },
    );

    const [first, ...shorter] = bridge.requests;
    expect(first?.targetLocales).toEqual(["de-DE", "fr-FR"]);
    expect(first?.strings.map((s) => s.id)).toEqual([`${screen.frame.id}/${screen.title.id}`, `${screen.frame.id}/${screen.subtitle.id}`]);
    expect(first?.glossary).toEqual([{ term: "Streaky", keep: true }]);
    expect(first?.strings[0]?.context).toMatch(/<sN>/);

    // One shorter request per locale, only for the title, with a budget below its length.
    expect(shorter.map((r) => r.targetLocales)).toEqual([["de-DE"], ["fr-FR"]]);
    for (const r of shorter) {
      expect(r.strings.map((s) => s.id)).toEqual([`${screen.frame.id}/${screen.title.id}`]);
      expect(r.strings[0]?.text).toBe("Track <s1>every</s1> habit you care about");
      expect(r.strings[0]?.maxChars).toBeLessThan(LONG.replace(/<\/?s1>/g, "").length / 2);
    }

    expect(report.screenshots.map((s) => [s.frameName, s.locale, s.notFitting, s.shrunk])).toEqual([
      ["Onboarding 1", "de-DE", [], []],
      ["Onboarding 1", "fr-FR", [], []],
    ]);
    const final = progress[progress.length - 1];
    expect(final?.map((p) => [p.locale, p.stage, p.done, p.total])).toEqual([
      ["de-DE", "done", 1, 1],
      ["fr-FR", "done", 1, 1],
    ]);
    const clone = await f.getNodeByIdAsync(report.screenshots[0]?.cloneId ?? "");
    expect(clone?.name).toBe("Onboarding 1 · de-DE");
  });

  it("shrinks and reports what still does not fit when the bridge cannot shorten", async () => {
    const bridge = fakeBridge();
    const stubborn = streaming({
      translate: async (req: TranslateRequest) => {
        const res = await bridge.translate({ ...req, strings: req.strings.map((s) => ({ ...s, maxChars: undefined })) });
        return res;
      },
    });
    const report = await localizeRun(
      { sourceLocale: "en-US", targetLocales: ["de-DE"], provider: "pseudo", glossary: { keep: [], forced: [] }, runPage: "Run" },
      { main: inProcessMain(), bridge: stubborn, onProgress: () => undefined, signal: new AbortController().signal },
    );
    expect(report.screenshots[0]?.notFitting).toEqual(['"Track every habit you care about"']);
  });

  it("stops between steps when cancelled", async () => {
    const controller = new AbortController();
    const bridge = streaming({
      translate: async (req: TranslateRequest) => {
        const res = await fakeBridge().translate(req);
        controller.abort();
        return res;
      },
    });
    const main = inProcessMain();
    await expect(
      localizeRun(
        { sourceLocale: "en-US", targetLocales: ["de-DE", "fr-FR"], provider: "pseudo", glossary: { keep: [], forced: [] }, runPage: "Run" },
        { main, bridge, onProgress: () => undefined, signal: controller.signal },
      ),
    ).rejects.toThrow(/Cancelled/);
    expect(main.calls).not.toContain("localizeFrame");
  });

  it("asks for a selection first", async () => {
    f.currentPage.selection = [];
    await expect(
      localizeRun(
        { sourceLocale: "en-US", targetLocales: ["de-DE"], provider: "pseudo", glossary: { keep: [], forced: [] }, runPage: "Run" },
        { main: inProcessMain(), bridge: streaming(fakeBridge()), onProgress: () => undefined, signal: new AbortController().signal },
      ),
    ).rejects.toThrow(/Select one or more frames/);
  });
});
