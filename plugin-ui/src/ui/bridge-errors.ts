//! What can go wrong talking to the bridge, told apart so the panel can say what to do:
//! not running, blocked by the browser, wrong token, or an error the bridge explained.

import type { ErrorBody } from "../generated/bridge";

/** The command that starts the bridge, shown when it does not answer. */
export const SERVE_COMMAND = "cargo run --release -p shotbridge -- serve";

export type BridgeFailure =
  | { kind: "not-running" }
  | { kind: "blocked" }
  | { kind: "unauthorized" }
  | { kind: "aborted" }
  | { kind: "api"; status: number; code: string; message: string };

export class BridgeError extends Error {
  constructor(readonly failure: BridgeFailure) {
    super(describeFailure(failure));
    this.name = "BridgeError";
  }
}

/** Where the panel runs, as far as a failed fetch is concerned. */
export interface PanelEnvironment {
  /** Figma's desktop app (its user agent names Figma). */
  desktopApp: boolean;
  /** The page around the plugin is served over https (Figma in a browser). */
  secureAncestor: boolean;
}

export function currentEnvironment(): PanelEnvironment {
  const ancestors = Array.from(globalThis.location?.ancestorOrigins ?? []);
  return {
    desktopApp: /\bFigma\//.test(globalThis.navigator?.userAgent ?? ""),
    secureAncestor: ancestors.some((o) => o.startsWith("https:")) || globalThis.location?.protocol === "https:",
  };
}

/** A fetch that threw without an answer: the browser blocked it, or nothing listens. */
export function classifyNetworkFailure(env: PanelEnvironment): BridgeFailure {
  return !env.desktopApp && env.secureAncestor ? { kind: "blocked" } : { kind: "not-running" };
}

/** The failure for an HTTP answer that was not a success. */
export function failureFromResponse(status: number, body: unknown): BridgeFailure {
  if (status === 401) return { kind: "unauthorized" };
  const detail = (body as Partial<ErrorBody> | null)?.error;
  return {
    kind: "api",
    status,
    code: typeof detail?.code === "string" ? detail.code : `HTTP_${status}`,
    message: typeof detail?.message === "string" ? detail.message : `the bridge answered ${status}`,
  };
}

export function describeFailure(f: BridgeFailure): string {
  switch (f.kind) {
    case "not-running":
      return `The bridge is not running on this computer. Start it with: ${SERVE_COMMAND}`;
    case "blocked":
      return (
        "Your browser blocked Figma's page from reaching the bridge on this computer. Use Figma's " +
        "desktop app, or allow local network access for figma.com when the browser asks (Safari never " +
        `allows it). If the bridge is not running, start it with: ${SERVE_COMMAND}`
      );
    case "unauthorized":
      return "The bridge refused the pairing token. Paste the token `shotbridge serve` printed when it started.";
    case "aborted":
      return "Cancelled.";
    case "api":
      return f.message;
  }
}
