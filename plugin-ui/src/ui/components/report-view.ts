//! The final report: each screenshot's outcome in plain words, from the localize run (fit,
//! fonts, warnings) and the upload (ASC's state and error per screenshot).

import type { ScreenshotStatus } from "../../generated/bridge";
import { h } from "../dom";
import type { PanelState } from "../store";

const PHASE_WORDS: Record<ScreenshotStatus["phase"], string> = {
  waiting: "not received",
  received: "received",
  normalized: "prepared",
  skipped: "already there, unchanged",
  uploading: "uploading",
  processing: "Apple is processing it",
  complete: "on App Store Connect",
  failed: "failed",
  interrupted: "stopped before it finished",
};

function localizeLines(s: PanelState): HTMLElement[] {
  const r = s.localize;
  if (!r) return [];
  return r.screenshots.map((shot) => {
    const notes: string[] = [];
    if (shot.error) notes.push(`not localized: ${shot.error}`);
    if (shot.notFitting.length) notes.push(`still too long: ${shot.notFitting.join(", ")}`);
    if (shot.shrunk.length) notes.push(`font made smaller to fit: ${shot.shrunk.join(", ")}`);
    const fonts = new Set(
      shot.fonts.map((f) => (f.reason === "script" ? `${f.from} cannot draw this script; used ${f.to}` : `${f.from} is missing; used ${f.to}`)),
    );
    notes.push(...fonts);
    notes.push(...shot.warnings);
    const ok = !shot.error && shot.notFitting.length === 0;
    return h(
      "li",
      { class: ok ? "ok" : "warn", test: `localized-${shot.locale}` },
      h("strong", {}, `${shot.frameName} · ${shot.locale}`),
      ` ${ok ? "fits" : "needs a look"}`,
      notes.length ? h("ul", {}, ...notes.map((n) => h("li", {}, n))) : null,
    );
  });
}

function uploadLines(s: PanelState): HTMLElement[] {
  const u = s.upload;
  if (!u) return [];
  const lines = (u.report?.screenshots ?? []).map((st) =>
    h(
      "li",
      { class: st.phase === "complete" || st.phase === "skipped" ? "ok" : "warn", test: `uploaded-${st.locale}-${st.position}`, "data-phase": st.phase },
      h("strong", {}, `${st.locale} · ${st.displayType} · #${st.position}`),
      ` ${PHASE_WORDS[st.phase]}`,
      st.error ? h("ul", {}, h("li", {}, `${st.error.message} (${st.error.code})`)) : null,
    ),
  );
  for (const n of u.notSent) lines.push(h("li", { class: "warn" }, h("strong", {}, `${n.frameName} · ${n.locale}`), ` not sent: ${n.reason}`));
  return lines;
}

export function reportView(s: PanelState): HTMLElement {
  const loc = localizeLines(s);
  const up = uploadLines(s);
  const report = s.upload?.report;
  return h(
    "div",
    { class: "report" },
    loc.length ? h("h3", {}, "Localized") : null,
    loc.length ? h("ul", {}, ...loc) : null,
    up.length ? h("h3", { test: "upload-report", "data-upload-id": s.upload?.uploadId ?? "", "data-state": report?.state ?? "" }, `Upload ${report ? `· ${report.state}` : ""}`) : null,
    report
      ? h("p", { class: "hint" }, `${report.counts.uploaded} uploaded, ${report.counts.kept} kept, ${report.counts.deleted} removed, ${report.counts.failed} failed`)
      : null,
    up.length ? h("ul", {}, ...up) : null,
    s.upload?.cancelled ? h("p", { class: "hint" }, "Upload cancelled.") : null,
  );
}
