import { describe, expect, it } from "vitest";
import { createHandlers, handle } from "../../src/main/handlers";
import type { ToMain } from "../../src/shared/messages";
import { MainRpc } from "../../src/ui/main-rpc";
import { FakeFigma, installFakeFigma } from "../support/fake-figma";
import { onboardingScreen } from "../support/screens";

/** Wires a panel-side MainRpc to the real handlers through structured-clone message passing. */
function wire(reorder = false) {
  const f = new FakeFigma();
  installFakeFigma(f);
  const handlers = createHandlers();
  const target = new EventTarget();
  const held: unknown[] = [];
  const deliver = (res: unknown) => target.dispatchEvent(new MessageEvent("message", { data: { pluginMessage: structuredClone(res) } }));
  const rpc = new MainRpc(
    (msg: ToMain) => {
      void handle(handlers, structuredClone(msg)).then((res) => {
        // With `reorder`, the first answer is held back until the second is delivered.
        if (reorder && held.length === 0 && msg.id === 1) held.push(res);
        else {
          deliver(res);
          held.splice(0).forEach(deliver);
        }
      });
    },
    target,
  );
  return { f, rpc, target };
}

describe("panel ↔ main messages", () => {
  it("pairs each response with its request by id", async () => {
    const { f, rpc } = wire(true);
    onboardingScreen(f, "First");
    const [frames, settings] = await Promise.all([rpc.call("selectedFrames", {}), rpc.call("loadSettings", {})]);
    expect(frames.map((x) => x.name)).toEqual(["First"]);
    expect(settings).toEqual({ glossary: { keep: [], forced: [] } });
  });

  it("turns a failed operation into a rejected call with the plain-word error", async () => {
    const { rpc } = wire();
    await expect(rpc.call("exportFrame", { cloneId: "nope", width: 1290 })).rejects.toThrow(/localize again before uploading/);
  });

  it("delivers selection events", async () => {
    const { rpc, target } = wire();
    const got = new Promise((resolve) => rpc.on("selection", resolve));
    target.dispatchEvent(new MessageEvent("message", { data: { pluginMessage: { kind: "event", name: "selection", payload: [{ id: "1", name: "A", width: 1, height: 2 }] } } }));
    expect(await got).toEqual([{ id: "1", name: "A", width: 1, height: 2 }]);
  });
});
