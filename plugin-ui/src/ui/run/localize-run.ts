//! Localize: collect the captions of every selected frame, translate them in one bridge call,
//! clone and fill each frame per locale, then fit what overflowed (a shorter translation
//! first, a smaller font only as the last resort) and report what still does not fit.

import type { Provider, SourceString, TranslateResponse, TranslationWarning } from "../../generated/bridge";
import { fits, shorterMaxChars } from "../../shared/fit";
import { toGlossaryEntries, type Glossary } from "../../shared/glossary";
import type { FontSubstitution, FrameSource, TextOutcome } from "../../shared/messages";
import { stripTags } from "../../shared/segments";
import type { BridgeClient } from "../bridge-client";
import type { MainCaller } from "../main-rpc";

export type LocaleStage = "waiting" | "translating" | "applying" | "fitting" | "done" | "failed" | "uploading" | "uploaded";

export interface LocaleProgress {
  locale: string;
  stage: LocaleStage;
  done: number;
  total: number;
  note?: string;
}

/** One frame localized for one locale. */
export interface LocalizedScreenshot {
  frameId: string;
  frameName: string;
  locale: string;
  cloneId?: string;
  width: number;
  height: number;
  /** Layer names of captions that still do not fit, after shortening and shrinking. */
  notFitting: string[];
  /** Layer names of captions that fit only with a smaller font. */
  shrunk: string[];
  fonts: FontSubstitution[];
  warnings: string[];
  error?: string;
}

export interface LocalizeReport {
  runPage: string;
  screenshots: LocalizedScreenshot[];
  translationWarnings: TranslationWarning[];
  cachedStrings: number;
}

export interface LocalizeOptions {
  sourceLocale: string;
  targetLocales: string[];
  provider: Provider;
  glossary: Glossary;
  runPage: string;
}

export interface LocalizeDeps {
  main: MainCaller;
  bridge: Pick<BridgeClient, "translate" | "translateStream">;
  onProgress: (progress: LocaleProgress[]) => void;
  signal: AbortSignal;
}

const TAG_HINT = "Keep each <sN>…</sN> tag around the words that match it.";

function sourceStrings(frames: FrameSource[]): SourceString[] {
  return frames.flatMap((f) =>
    f.texts.map((t) => ({
      id: t.id,
      text: t.tagged,
      context: `App Store screenshot caption (layer "${t.name}" in "${f.name}").${t.tagged.includes("<s1>") ? ` ${TAG_HINT}` : ""}`,
    })),
  );
}

function check(signal: AbortSignal): void {
  if (signal.aborted) throw new DOMException("Cancelled", "AbortError");
}

type Shot = { shot: LocalizedScreenshot; frame: FrameSource; texts: TextOutcome[] };
type WireGlossary = ReturnType<typeof toGlossaryEntries>;
interface Base {
  sourceLocale: string;
  provider: Provider;
  glossary?: WireGlossary;
}

export async function localizeRun(opts: LocalizeOptions, deps: LocalizeDeps): Promise<LocalizeReport> {
  const { main, bridge, signal } = deps;
  const progress = new Map<string, LocaleProgress>();
  const publish = () => deps.onProgress([...progress.values()].map((x) => ({ ...x })));
  const update = (locale: string, patch: Partial<LocaleProgress>) => {
    const p = progress.get(locale);
    if (p) Object.assign(p, patch);
    publish();
  };

  const frames = await main.call("collectFrames", { keepTerms: opts.glossary.keep });
  if (frames.length === 0) throw new Error("Select one or more frames (your screenshots) on the canvas first.");
  for (const locale of opts.targetLocales) progress.set(locale, { locale, stage: "translating", done: 0, total: frames.length });
  publish();

  const strings = sourceStrings(frames);
  const glossary = toGlossaryEntries(opts.glossary);
  const base: Base = { sourceLocale: opts.sourceLocale, provider: opts.provider, ...(glossary.length ? { glossary } : {}) };
  const byId = new Map(strings.map((s) => [s.id, s]));
  const report: LocalizeReport = { runPage: opts.runPage, screenshots: [], translationWarnings: [], cachedStrings: 0 };

  // Each locale is filled in as soon as its translations arrive, one locale at a time.
  let chain = Promise.resolve();
  const fill = (locale: string, texts: Record<string, string>) => {
    chain = chain.then(async () => {
      check(signal);
      const row = opts.targetLocales.indexOf(locale);
      if (row < 0) return;
      const shots = await fillLocale(locale, row, texts, frames, opts.runPage, deps, update);
      report.screenshots.push(...shots.map((s) => s.shot));
      update(locale, { stage: "fitting" });
      await fitLocale(locale, shots, byId, base, deps);
      const broken = shots.reduce((n, s) => n + s.shot.notFitting.length, 0);
      update(locale, { stage: "done", done: frames.length, note: broken ? `${broken} caption${broken > 1 ? "s" : ""} still too long` : undefined });
    });
    // Marked as handled here; the failure is rethrown where the chain is awaited.
    chain.catch(() => undefined);
  };

  if (strings.length) {
    const translated: TranslateResponse = await bridge
      .translateStream({ ...base, targetLocales: opts.targetLocales, strings }, fill, signal)
      .catch(async (err: unknown) => {
        await chain.catch(() => undefined);
        throw err;
      });
    report.translationWarnings = translated.warnings;
    report.cachedStrings = Number(translated.usage.cachedStrings);
    for (const locale of opts.targetLocales) if (!(locale in translated.translations)) fill(locale, {});
  } else {
    for (const locale of opts.targetLocales) fill(locale, {});
  }
  await chain;
  // Keep the report in frame order within the locales' order.
  report.screenshots.sort((a, b) => opts.targetLocales.indexOf(a.locale) - opts.targetLocales.indexOf(b.locale));
  return report;
}

/** Clones and fills every frame for one locale. */
async function fillLocale(
  locale: string,
  row: number,
  forLocale: Record<string, string>,
  frames: FrameSource[],
  runPage: string,
  deps: LocalizeDeps,
  update: (locale: string, patch: Partial<LocaleProgress>) => void,
): Promise<Shot[]> {
  update(locale, { stage: "applying" });
  const shots: Shot[] = [];
  for (const [column, frame] of frames.entries()) {
    check(deps.signal);
    const shot: LocalizedScreenshot = {
      frameId: frame.id, frameName: frame.name, locale, width: frame.width, height: frame.height,
      notFitting: [], shrunk: [], fonts: [], warnings: [],
    };
    const translations: Record<string, string> = {};
    for (const t of frame.texts) {
      const text = forLocale[t.id];
      if (text === undefined) shot.warnings.push(`"${stripTags(t.tagged)}" was not translated; the original text was kept`);
      translations[t.nodeId] = text ?? t.tagged;
    }
    try {
      const result = await deps.main.call("localizeFrame", { frameId: frame.id, locale, runPage, column, row, translations });
      shot.cloneId = result.cloneId;
      shot.fonts = result.fonts;
      shots.push({ shot, frame, texts: result.texts });
    } catch (err) {
      shot.error = err instanceof Error ? err.message : String(err);
      shots.push({ shot, frame, texts: [] });
    }
    update(locale, { done: column + 1 });
  }
  return shots;
}

/** Asks once per locale for shorter translations of what overflowed, then refits each clone. */
async function fitLocale(locale: string, shots: Shot[], byId: Map<string, SourceString>, base: Base, deps: LocalizeDeps): Promise<void> {
  const overflowing = shots.flatMap(({ shot, frame, texts }) =>
    texts.filter((t) => !t.error && !fits(t.ratio)).map((t) => ({ shot, frame, text: t, id: `${frame.id}/${t.nodeId}` })),
  );
  for (const { shot, frame, texts } of shots) {
    for (const t of texts.filter((x) => x.error)) shot.warnings.push(`${layerName(frame, t.nodeId)}: ${t.error ?? ""}`);
  }
  if (overflowing.length === 0) return;

  let shorter: Record<string, string> = {};
  try {
    const strings = overflowing.flatMap(({ id, text }) => {
      const source = byId.get(id);
      // `maxChars` counts visible graphemes; the bridge's translator does not count `<sN>` tags either.
      return source ? [{ ...source, maxChars: shorterMaxChars(text.length, text.ratio) }] : [];
    });
    const res = await deps.bridge.translate({ ...base, targetLocales: [locale], strings }, deps.signal);
    shorter = res.translations[locale] ?? {};
  } catch (err) {
    if (deps.signal.aborted) throw err;
    for (const o of overflowing) o.shot.warnings.push("no shorter translation could be had; the font was made smaller instead");
  }

  for (const { shot, frame, texts } of shots) {
    const mine = overflowing.filter((o) => o.shot === shot);
    if (mine.length === 0 || !shot.cloneId) continue;
    const translations: Record<string, string> = {};
    for (const o of mine) {
      const text = shorter[o.id];
      if (text !== undefined) translations[o.text.cloneNodeId] = text;
    }
    const results = await deps.main.call("refitFrame", {
      cloneId: shot.cloneId,
      locale,
      translations,
      shrink: mine.map((o) => o.text.cloneNodeId),
    });
    for (const r of results) {
      const source = texts.find((t) => t.cloneNodeId === r.cloneNodeId);
      const name = layerName(frame, source?.nodeId ?? "");
      if (r.error) shot.warnings.push(`${name}: ${r.error}`);
      if (!r.fits) shot.notFitting.push(name);
      else if (r.scale < 1) shot.shrunk.push(name);
    }
  }
}

function layerName(frame: FrameSource, nodeId: string): string {
  const t = frame.texts.find((x) => x.nodeId === nodeId);
  return t ? `"${stripTags(t.tagged).slice(0, 40)}"` : "a caption";
}
