//! The panel's state in one place, and a store that tells components when it changed.

import type { AppSummary, Health, Provider, VersionSummary } from "../generated/bridge";
import type { Glossary } from "../shared/glossary";
import type { FrameSummary } from "../shared/messages";
import type { BridgeFailure } from "./bridge-errors";
import type { LocaleProgress, LocalizeReport } from "./run/localize-run";
import type { UploadOutcome } from "./run/upload-run";

export type ConnectionStatus =
  | { state: "checking" }
  | { state: "unreachable"; failure: BridgeFailure }
  | { state: "need-token"; health: Health }
  | { state: "wrong-token"; health: Health }
  | { state: "connected"; health: Health };

export type RunPhase = "idle" | "localizing" | "localized" | "uploading" | "uploaded" | "failed";

export interface PanelState {
  connection: ConnectionStatus;
  apps: AppSummary[];
  appsError?: string;
  appId?: string;
  versions: VersionSummary[];
  versionId?: string;
  sourceLocale: string;
  targets: string[];
  provider: Provider;
  glossary: Glossary;
  frames: FrameSummary[];
  phase: RunPhase;
  progress: LocaleProgress[];
  localize?: LocalizeReport;
  upload?: UploadOutcome;
  runError?: string;
}

export class Store {
  private listeners: ((s: PanelState) => void)[] = [];
  constructor(private current: PanelState) {}

  get state(): PanelState {
    return this.current;
  }

  set(patch: Partial<PanelState>): void {
    this.current = { ...this.current, ...patch };
    for (const l of this.listeners) l(this.current);
  }

  subscribe(listener: (s: PanelState) => void): void {
    this.listeners.push(listener);
    listener(this.current);
  }
}

export function initialState(): PanelState {
  return {
    connection: { state: "checking" },
    apps: [],
    versions: [],
    sourceLocale: "en-US",
    targets: [],
    provider: "pseudo",
    glossary: { keep: [], forced: [] },
    frames: [],
    phase: "idle",
    progress: [],
  };
}
