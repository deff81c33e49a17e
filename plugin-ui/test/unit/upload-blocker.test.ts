import { describe, expect, it } from "vitest";
import type { Health } from "../../src/generated/bridge";
import { uploadBlocker } from "../../src/ui/components/run-panel";
import { initialState, type PanelState } from "../../src/ui/store";

const health = (sandbox: boolean): Health => ({ version: "0.1.0", sandbox, providers: ["pseudo", "openai"], appStoreConnect: sandbox ? "sandbox" : "configured" });

function state(patch: Partial<PanelState>): PanelState {
  return { ...initialState(), phase: "localized", appId: "a", versionId: "v", connection: { state: "connected", health: health(false) }, ...patch };
}

describe("when Upload is possible", () => {
  it("needs a localized run and an app version", () => {
    expect(uploadBlocker(state({ phase: "idle" }))).toMatch(/Localize first/);
    expect(uploadBlocker(state({ versionId: undefined }))).toMatch(/editable version/);
  });

  it("never sends pseudo-translations to the real App Store Connect, only to the sandbox", () => {
    expect(uploadBlocker(state({ provider: "pseudo" }))).toMatch(/not sent to App Store Connect/);
    expect(uploadBlocker(state({ provider: "pseudo", connection: { state: "connected", health: health(true) } }))).toBeNull();
    expect(uploadBlocker(state({ provider: "openai" }))).toBeNull();
  });
});
