//! Answers the panel's requests: one handler per message, each calling one operation; every
//! answer carries the request's id, and failures travel back as plain-word errors.

import { isRequest, type MainMethods, type Method, type Params, type Result, type ToPanel } from "../shared/messages";
import { collectFrames, selectedFrames, summarize } from "./collect-frames";
import { exportFrame } from "./export-frame";
import { FontCache } from "./font-cache";
import { localizeFrame } from "./localize-frame";
import { refitFrame } from "./refit-frame";
import { loadSettings, saveGlossary, saveToken } from "./settings-storage";

type Handlers = { [M in Method]: (params: Params<M>) => Promise<Result<M>> | Result<M> };

export function createHandlers(fonts = new FontCache()): Handlers {
  return {
    loadSettings: () => loadSettings(),
    saveToken: (p) => saveToken(p.token),
    saveGlossary: (p) => saveGlossary(p),
    selectedFrames: () => selectedFrames().map(summarize),
    collectFrames: (p) => collectFrames(p.keepTerms),
    localizeFrame: (p) => localizeFrame(p, fonts),
    refitFrame: (p) => refitFrame(p, fonts),
    exportFrame: (p) => exportFrame(p),
    notify: (p) => {
      figma.notify(p.message, { error: p.error ?? false });
      return null;
    },
  };
}

/** Runs one request and builds its response. */
export async function handle(handlers: Handlers, msg: unknown): Promise<ToPanel | null> {
  if (!isRequest(msg)) return null;
  try {
    const handler = handlers[msg.method] as (p: unknown) => unknown;
    const result: unknown = await handler(msg.params);
    return { kind: "response", id: msg.id, ok: true, result: result ?? null };
  } catch (err) {
    return { kind: "response", id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Wires the handlers to `figma.ui` and pushes selection changes. */
export function serveRequests(handlers: Handlers = createHandlers()): void {
  figma.ui.onmessage = (msg: unknown) => {
    void handle(handlers, msg).then((response) => {
      if (response) figma.ui.postMessage(response);
    });
  };
  figma.on("selectionchange", () => {
    const message: ToPanel = { kind: "event", name: "selection", payload: selectedFrames().map(summarize) };
    figma.ui.postMessage(message);
  });
}

export type { MainMethods };
