//! Upload: plan every localized screenshot (locale, display type from the frame's size,
//! position in frame order), then export and send them one at a time (never all images in
//! memory at once), following the bridge's progress stream until the upload finishes.

import type { PlannedScreenshot, ScreenshotStatus, UploadEvent, UploadReport } from "../../generated/bridge";
import { chooseExportTarget, isExportTarget, type DisplayType, type PixelSize } from "../../shared/display-types";
import type { BridgeClient } from "../bridge-client";
import { BridgeError } from "../bridge-errors";
import type { MainCaller } from "../main-rpc";
import type { LocaleProgress, LocalizedScreenshot } from "./localize-run";

/** A screenshot set holds at most this many screenshots (ASC's limit). */
export const MAX_PER_SET = 10;

export interface UploadOptions {
  appId: string;
  version?: string;
  platform?: string;
  /** Export every frame for this display type instead of the one its size suggests. */
  displayType?: DisplayType;
  screenshots: LocalizedScreenshot[];
}

export interface UploadDeps {
  main: MainCaller;
  bridge: Pick<BridgeClient, "createUpload" | "putScreenshot" | "report" | "cancelUpload">;
  /** Streams the upload's events until it finishes or the signal aborts. */
  follow: (uploadId: string, onEvent: (e: UploadEvent) => void, signal: AbortSignal) => Promise<void>;
  onProgress: (progress: LocaleProgress[]) => void;
  signal: AbortSignal;
}

/** A screenshot the plugin could not hand to the bridge, and why. */
export interface NotSent {
  frameName: string;
  locale: string;
  reason: string;
}

export interface UploadOutcome {
  uploadId?: string;
  report?: UploadReport;
  notSent: NotSent[];
  cancelled: boolean;
}

interface Slot {
  planned: PlannedScreenshot;
  shot: LocalizedScreenshot & { cloneId: string };
  size: PixelSize;
}

function fileName(frameName: string, position: number): string {
  const slug = frameName.normalize("NFKD").replace(/[^\w-]+/g, "-").replace(/^-+|-+$/g, "").toLowerCase();
  return `${String(position).padStart(2, "0")}-${slug || "screenshot"}.png`;
}

/** The plan: positions follow frame order within each (locale, display type) set. */
// TODO: the source-locale frames themselves are not uploaded; only localized clones are.
export function planUpload(opts: UploadOptions): { slots: Slot[]; notSent: NotSent[] } {
  const slots: Slot[] = [];
  const notSent: NotSent[] = [];
  const counts = new Map<string, number>();
  for (const shot of opts.screenshots) {
    if (!shot.cloneId || shot.error) {
      notSent.push({ frameName: shot.frameName, locale: shot.locale, reason: shot.error ?? "it was not localized" });
      continue;
    }
    const target = chooseExportTarget({ width: shot.width, height: shot.height }, opts.displayType);
    if (!isExportTarget(target)) {
      notSent.push({ frameName: shot.frameName, locale: shot.locale, reason: target.reason });
      continue;
    }
    const key = `${shot.locale}/${target.displayType}`;
    const position = (counts.get(key) ?? 0) + 1;
    if (position > MAX_PER_SET) {
      notSent.push({ frameName: shot.frameName, locale: shot.locale, reason: `a screenshot set holds at most ${MAX_PER_SET} screenshots` });
      continue;
    }
    counts.set(key, position);
    slots.push({
      planned: { locale: shot.locale, displayType: target.displayType, position, fileName: fileName(shot.frameName, position) },
      shot: { ...shot, cloneId: shot.cloneId },
      size: target.size,
    });
  }
  return { slots, notSent };
}

/** Locale, then display type, then position. */
export function setOrder(a: PlannedScreenshot, b: PlannedScreenshot): number {
  return a.locale.localeCompare(b.locale) || a.displayType.localeCompare(b.displayType) || a.position - b.position;
}

/** How often the report is read while waiting, in case the progress stream stays silent. */
const POLL_MS = 5000;

/** Resolves once the report says the upload is no longer running (or `signal` aborts). */
async function pollUntilDone(bridge: UploadDeps["bridge"], uploadId: string, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, POLL_MS);
      signal.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, { once: true });
    });
    if (signal.aborted) return;
    const report = await bridge.report(uploadId).catch(() => undefined);
    if (report && report.state !== "running") return;
  }
}

export async function uploadRun(opts: UploadOptions, deps: UploadDeps): Promise<UploadOutcome> {
  const { slots, notSent } = planUpload(opts);
  // Set by set: the bridge works a set once all its screenshots are in, and frees their memory.
  slots.sort((a, b) => setOrder(a.planned, b.planned));
  const outcome: UploadOutcome = { notSent, cancelled: false };
  if (slots.length === 0) return outcome;

  const progress = new Map<string, LocaleProgress>();
  for (const s of slots) {
    const p = progress.get(s.planned.locale) ?? { locale: s.planned.locale, stage: "uploading", done: 0, total: 0 };
    p.total += 1;
    progress.set(s.planned.locale, p);
  }
  const phases = new Map<string, ScreenshotStatus>();
  const publish = () => {
    for (const p of progress.values()) {
      const mine = [...phases.values()].filter((st) => st.locale === p.locale);
      p.done = mine.filter((st) => st.phase === "complete" || st.phase === "skipped").length;
      const failed = mine.filter((st) => st.phase === "failed").length;
      p.note = failed ? `${failed} failed` : undefined;
      if (p.done + failed === p.total) p.stage = failed ? "failed" : "uploaded";
    }
    deps.onProgress([...progress.values()].map((x) => ({ ...x })));
  };
  publish();

  const created = await deps.bridge.createUpload(
    {
      appId: opts.appId,
      ...(opts.version ? { version: opts.version } : {}),
      ...(opts.platform ? { platform: opts.platform } : {}),
      mode: "replace",
      screenshots: slots.map((s) => s.planned),
    },
    deps.signal,
  );
  outcome.uploadId = created.id;

  const stream = new AbortController();
  const stopStream = () => stream.abort();
  deps.signal.addEventListener("abort", stopStream, { once: true });
  let finished: UploadReport | undefined;
  const following = deps
    .follow(
      created.id,
      (event) => {
        if (event.type === "screenshot") {
          const st = event.status;
          phases.set(`${st.locale}/${st.displayType}/${st.position}`, st);
        } else {
          finished = event.report;
          for (const st of event.report.screenshots) phases.set(`${st.locale}/${st.displayType}/${st.position}`, st);
        }
        publish();
      },
      stream.signal,
    )
    .catch(() => undefined);

  let unsent = 0;
  try {
    for (const slot of slots) {
      if (deps.signal.aborted) throw new BridgeError({ kind: "aborted" });
      try {
        // One image at a time: exported, sent, and let go before the next.
        const image = await deps.main.call("exportFrame", { cloneId: slot.shot.cloneId, width: slot.size.width });
        if (image.width !== slot.size.width || image.height !== slot.size.height) {
          throw new Error(`the export is ${image.width}×${image.height}, not ${slot.size.width}×${slot.size.height}`);
        }
        if (deps.signal.aborted) throw new BridgeError({ kind: "aborted" });
        await deps.bridge.putScreenshot(created.id, slot.planned, image.bytes, deps.signal);
      } catch (err) {
        if (deps.signal.aborted) throw err;
        unsent += 1;
        notSent.push({ frameName: slot.shot.frameName, locale: slot.planned.locale, reason: err instanceof Error ? err.message : String(err) });
      }
    }
    // The bridge finishes by itself once every planned body arrived; a missing one would hold it.
    if (unsent > 0) await deps.bridge.cancelUpload(created.id);
    else await Promise.race([following, pollUntilDone(deps.bridge, created.id, stream.signal)]);
  } catch (err) {
    if (!deps.signal.aborted) throw err;
    outcome.cancelled = true;
    await deps.bridge.cancelUpload(created.id).catch(() => undefined);
  } finally {
    stream.abort();
    deps.signal.removeEventListener("abort", stopStream);
  }
  outcome.report = finished ?? (await deps.bridge.report(created.id).catch(() => undefined));
  if (outcome.report) {
    for (const st of outcome.report.screenshots) phases.set(`${st.locale}/${st.displayType}/${st.position}`, st);
    publish();
  }
  return outcome;
}
