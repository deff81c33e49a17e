//! The panel's actions: connect and pair, send keys, pick app and version, pick languages,
//! then run Localize and Upload with cancel. Components call these; state goes to the store.

import type { Credentials, Provider } from "../generated/bridge";
import type { Glossary } from "../shared/glossary";
import { BridgeClient, DEFAULT_BRIDGE_URL } from "./bridge-client";
import { BridgeError, describeFailure } from "./bridge-errors";
import type { MainRpc } from "./main-rpc";
import { localizeRun } from "./run/localize-run";
import { uploadRun } from "./run/upload-run";
import type { Store } from "./store";
import { followUpload } from "./upload-events";

function errorText(err: unknown): string {
  if (err instanceof BridgeError) return describeFailure(err.failure);
  if (err instanceof Error) return err.message;
  return String(err);
}

/** The run page's name: one page per run, named after its start time. */
function runPageName(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `Shotbridge · ${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

export class PanelController {
  private bridge: BridgeClient = new BridgeClient(DEFAULT_BRIDGE_URL, undefined);
  private running?: AbortController;

  constructor(
    private readonly store: Store,
    private readonly main: MainRpc,
  ) {
    main.on("selection", (frames) => store.set({ frames }));
  }

  async start(): Promise<void> {
    const settings = await this.main.call("loadSettings", {});
    this.bridge = new BridgeClient(settings.bridgeUrl ?? DEFAULT_BRIDGE_URL, settings.token);
    this.store.set({ glossary: settings.glossary, frames: await this.main.call("selectedFrames", {}) });
    await this.connect();
  }

  /** Health check, then a token check against an authenticated route. */
  async connect(): Promise<void> {
    this.store.set({ connection: { state: "checking" } });
    let health;
    try {
      health = await this.bridge.health();
    } catch (err) {
      const failure = err instanceof BridgeError ? err.failure : { kind: "not-running" as const };
      this.store.set({ connection: { state: "unreachable", failure } });
      return;
    }
    if (!this.bridge.hasToken) {
      this.store.set({ connection: { state: "need-token", health } });
      return;
    }
    try {
      const apps = await this.bridge.apps();
      this.store.set({ connection: { state: "connected", health }, apps, appsError: undefined });
      const only = apps.length === 1 ? apps[0] : undefined;
      if (only && !this.store.state.appId) await this.selectApp(only.id);
    } catch (err) {
      if (err instanceof BridgeError && err.failure.kind === "unauthorized") {
        this.store.set({ connection: { state: "wrong-token", health } });
        return;
      }
      // The token is fine (no 401); the apps could not be listed, e.g. no ASC key yet.
      this.store.set({ connection: { state: "connected", health }, apps: [], appsError: errorText(err) });
    }
  }

  async pair(token: string): Promise<void> {
    if (!token) return;
    this.bridge = this.bridge.withToken(token);
    await this.connect();
    if (this.store.state.connection.state === "connected") await this.main.call("saveToken", { token });
  }

  async forget(): Promise<void> {
    await this.main.call("saveToken", { token: null });
    this.bridge = this.bridge.withToken(undefined);
    await this.connect();
  }

  async sendCredentials(credentials: Credentials): Promise<void> {
    await this.bridge.putCredentials(credentials).catch((err: unknown) => {
      throw new Error(errorText(err));
    });
    await this.connect();
  }

  async selectApp(appId: string): Promise<void> {
    this.store.set({ appId: appId || undefined, versions: [], versionId: undefined });
    if (!appId) return;
    try {
      const versions = await this.bridge.versions(appId);
      const editable = versions.filter((v) => v.editable);
      this.store.set({ versions, versionId: editable.length === 1 ? editable[0]?.id : undefined, appsError: undefined });
    } catch (err) {
      this.store.set({ appsError: errorText(err) });
    }
  }

  selectVersion(versionId: string): void {
    this.store.set({ versionId: versionId || undefined });
  }

  setTargets(targets: string[]): void {
    this.store.set({ targets: targets.filter((t) => t !== this.store.state.sourceLocale) });
  }

  setSource(sourceLocale: string): void {
    this.store.set({ sourceLocale, targets: this.store.state.targets.filter((t) => t !== sourceLocale) });
  }

  setProvider(provider: Provider): void {
    this.store.set({ provider });
  }

  saveGlossary(glossary: Glossary): void {
    this.store.set({ glossary });
    void this.main.call("saveGlossary", glossary);
  }

  cancel(): void {
    this.running?.abort();
  }

  async localize(): Promise<void> {
    const s = this.store.state;
    const run = (this.running = new AbortController());
    this.store.set({ phase: "localizing", progress: [], runError: undefined, localize: undefined, upload: undefined });
    try {
      const report = await localizeRun(
        { sourceLocale: s.sourceLocale, targetLocales: s.targets, provider: s.provider, glossary: s.glossary, runPage: runPageName() },
        { main: this.main, bridge: this.bridge, signal: run.signal, onProgress: (progress) => this.store.set({ progress }) },
      );
      this.store.set({ phase: "localized", localize: report });
      void this.main.call("notify", { message: `Localized ${report.screenshots.length} screenshots onto the page "${report.runPage}"` });
    } catch (err) {
      this.store.set({ phase: "failed", runError: run.signal.aborted ? "Localizing was cancelled." : errorText(err) });
    }
  }

  async upload(): Promise<void> {
    const s = this.store.state;
    const version = s.versions.find((v) => v.id === s.versionId);
    if (!s.localize || !s.appId || !version) return;
    const run = (this.running = new AbortController());
    this.store.set({ phase: "uploading", progress: [], runError: undefined, upload: undefined });
    try {
      const outcome = await uploadRun(
        { appId: s.appId, version: version.versionString, platform: version.platform, screenshots: s.localize.screenshots },
        {
          main: this.main,
          bridge: this.bridge,
          follow: (id, onEvent, signal) => followUpload(this.bridge, id, onEvent, signal),
          signal: run.signal,
          onProgress: (progress) => this.store.set({ progress }),
        },
      );
      this.store.set({ phase: "uploaded", upload: outcome });
      const state = outcome.report?.state ?? (outcome.cancelled ? "cancelled" : "not started");
      void this.main.call("notify", { message: `Upload ${state}`, error: state !== "complete" });
    } catch (err) {
      this.store.set({ phase: "failed", runError: errorText(err) });
    }
  }
}
