//! The run: which frames are selected, Localize then Upload, per-locale progress with cancel,
//! and the final report.

import { h, replace } from "../dom";
import type { LocaleProgress, LocaleStage } from "../run/localize-run";
import type { PanelState, Store } from "../store";
import { reportView } from "./report-view";

export interface RunActions {
  localize(): void;
  upload(): void;
  cancel(): void;
}

const STAGES: Record<LocaleStage, string> = {
  waiting: "waiting",
  translating: "translating",
  applying: "filling frames",
  fitting: "fitting text",
  done: "localized",
  failed: "failed",
  uploading: "uploading",
  uploaded: "uploaded",
};

/** Why Upload is not possible right now, or null when it is. */
export function uploadBlocker(s: PanelState): string | null {
  if (s.phase !== "localized" && s.phase !== "uploaded") return "Localize first.";
  if (!s.appId || !s.versionId) return "Choose the app and an editable version above.";
  const sandbox = s.connection.state === "connected" && s.connection.health.sandbox;
  if (s.provider === "pseudo" && !sandbox) {
    return "Pseudo-translations are a layout preview and are not sent to App Store Connect. Pick OpenAI or Gemini and localize again.";
  }
  return null;
}

function progressRow(p: LocaleProgress): HTMLElement {
  const pct = p.total ? Math.round((p.done / p.total) * 100) : 0;
  return h(
    "li",
    { class: `progress ${p.stage}`, test: `progress-${p.locale}`, "data-stage": p.stage },
    h("code", {}, p.locale),
    h("span", { class: "stage" }, STAGES[p.stage]),
    h("span", { class: "bar" }, h("span", { style: `width:${pct}%` })),
    h("span", { class: "count" }, `${p.done}/${p.total}`),
    p.note ? h("span", { class: "note" }, p.note) : null,
  );
}

export function runPanel(store: Store, actions: RunActions): HTMLElement {
  const frames = h("p", { class: "hint", test: "frames" });
  const localize = h("button", { class: "primary", test: "localize", on: { click: () => actions.localize() } }, "Localize");
  const upload = h("button", { class: "primary", test: "upload", on: { click: () => actions.upload() } }, "Upload");
  const cancel = h("button", { test: "cancel", on: { click: () => actions.cancel() } }, "Cancel");
  const blocker = h("p", { class: "hint", test: "upload-blocker" });
  const phase = h("p", { class: "status", test: "run-phase" });
  const progress = h("ul", { class: "progress-list", test: "progress" });
  const error = h("p", { class: "error", test: "run-error", role: "alert" });
  const report = h("div", { test: "report" });

  store.subscribe((s) => {
    replace(
      frames,
      s.frames.length
        ? `${s.frames.length} frame${s.frames.length > 1 ? "s" : ""} selected: ${s.frames.map((f) => f.name).join(", ")}`
        : "Select your screenshot frames on the canvas.",
    );
    const running = s.phase === "localizing" || s.phase === "uploading";
    localize.disabled = running || s.connection.state !== "connected" || s.frames.length === 0 || s.targets.length === 0;
    const why = uploadBlocker(s);
    upload.disabled = running || why !== null;
    replace(blocker, s.phase === "localized" && why ? why : "");
    cancel.hidden = !running;
    phase.dataset.phase = s.phase;
    replace(
      phase,
      {
        idle: "",
        localizing: "Localizing…",
        localized: "Localized. Check the new page, then upload.",
        uploading: "Uploading to App Store Connect…",
        uploaded: "Upload finished.",
        failed: "The run stopped.",
      }[s.phase],
    );
    replace(progress, ...s.progress.map(progressRow));
    replace(error, s.runError ?? "");
    replace(report, reportView(s));
  });

  return h(
    "section",
    { test: "run" },
    h("h2", {}, "Run"),
    frames,
    h("div", { class: "row" }, localize, upload, cancel),
    blocker,
    phase,
    progress,
    error,
    report,
  );
}
