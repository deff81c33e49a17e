import { describe, expect, it } from "vitest";
import type { PlannedScreenshot, ScreenshotStatus, UploadEvent, UploadPlan, UploadReport } from "../../src/generated/bridge";
import type { Method, Params, Result } from "../../src/shared/messages";
import type { LocalizedScreenshot } from "../../src/ui/run/localize-run";
import { planUpload, uploadRun, type UploadDeps } from "../../src/ui/run/upload-run";
import { fakePng } from "../support/fake-figma";

function shot(frameName: string, locale: string, width = 430, height = 932): LocalizedScreenshot {
  return { frameId: frameName, frameName, locale, cloneId: `${frameName}-${locale}`, width, height, notFitting: [], shrunk: [], fonts: [], warnings: [] };
}

describe("upload plan", () => {
  it("numbers screenshots per locale and display type in frame order", () => {
    const { slots, notSent } = planUpload({
      appId: "app",
      screenshots: [shot("Onboarding 1", "de-DE"), shot("Onboarding 2", "de-DE"), shot("Onboarding 1", "ja"), shot("Odd", "ja", 400, 800)],
    });
    expect(slots.map((s) => [s.planned.locale, s.planned.displayType, s.planned.position, s.planned.fileName, s.size.width])).toEqual([
      ["de-DE", "APP_IPHONE_67", 1, "01-onboarding-1.png", 1290],
      ["de-DE", "APP_IPHONE_67", 2, "02-onboarding-2.png", 1290],
      ["ja", "APP_IPHONE_67", 1, "01-onboarding-1.png", 1290],
    ]);
    expect(notSent).toEqual([{ frameName: "Odd", locale: "ja", reason: expect.stringMatching(/400×800/) as string }]);
  });

  it("refuses an eleventh screenshot in a set before anything is sent", () => {
    const shots = Array.from({ length: 11 }, (_, i) => shot(`Screen ${i + 1}`, "de-DE"));
    const { slots, notSent } = planUpload({ appId: "app", screenshots: shots });
    expect(slots).toHaveLength(10);
    expect(notSent[0]?.reason).toMatch(/at most 10/);
  });
});

/** A bridge that accepts the plan, reports each body as complete, and finishes after the last. */
function fakeUploadBridge() {
  const log: string[] = [];
  let plan: PlannedScreenshot[] = [];
  let onEvent: ((e: UploadEvent) => void) | undefined;
  let finish: (() => void) | undefined;
  const statuses: ScreenshotStatus[] = [];
  const report = (): UploadReport => ({
    id: "up-1",
    state: statuses.length === plan.length ? "complete" : "cancelled",
    screenshots: statuses,
    counts: { kept: 0, uploaded: statuses.length, deleted: 0, reordered: 0, failed: 0, ascRequests: 0, bytesSent: 0n },
  });
  const bridge: UploadDeps["bridge"] = {
    createUpload: (p: UploadPlan) => {
      plan = p.screenshots;
      log.push(`plan ${p.screenshots.length} ${p.mode ?? ""} ${p.version ?? ""}`);
      return Promise.resolve({ id: "up-1", appId: "app", versionId: "v", versionString: "2.0", expected: plan.length });
    },
    putScreenshot: (_id, slot, png) => {
      log.push(`put ${slot.locale}/${slot.displayType}/${slot.position} ${png.length}`);
      const p = plan.find((x) => x.locale === slot.locale && x.position === slot.position);
      const st: ScreenshotStatus = { ...(p as PlannedScreenshot), phase: "complete" };
      statuses.push(st);
      onEvent?.({ type: "screenshot", status: st });
      if (statuses.length === plan.length) {
        onEvent?.({ type: "finished", report: report() });
        finish?.();
      }
      return Promise.resolve({ size: { width: 1290, height: 2796 }, displayType: slot.displayType, md5: "x", normalized: false, bytes: BigInt(png.length) });
    },
    report: () => Promise.resolve(report()),
    cancelUpload: () => {
      log.push("delete");
      finish?.();
      return Promise.resolve();
    },
  };
  const follow: UploadDeps["follow"] = (_id, handler, signal) =>
    new Promise<void>((resolve) => {
      onEvent = handler;
      finish = resolve;
      signal.addEventListener("abort", () => resolve());
    });
  return { bridge, follow, log };
}

/** The main thread's export, counting how many images are held at once. */
function exportingMain(log: string[], onExport?: () => void) {
  let inFlight = 0;
  let maxInFlight = 0;
  return {
    get maxInFlight() {
      return maxInFlight;
    },
    async call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
      if (method !== "exportFrame") throw new Error(`unexpected ${method}`);
      const p = params as Params<"exportFrame">;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      log.push(`export ${p.cloneId} ${p.width}`);
      onExport?.();
      const bytes = await fakePng(p.width, Math.round((p.width * 932) / 430));
      // The image is let go once the bridge took it: the next export waits for the PUT.
      queueMicrotask(() => (inFlight -= 1));
      return { bytes, width: p.width, height: Math.round((p.width * 932) / 430) } as Result<M>;
    },
  };
}

describe("upload run", () => {
  it("plans first, then exports and sends one screenshot at a time until the bridge finishes", async () => {
    const { bridge, follow, log } = fakeUploadBridge();
    const main = exportingMain(log);
    const progress: string[] = [];
    const outcome = await uploadRun(
      { appId: "app", version: "2.0", screenshots: [shot("Onboarding 1", "de-DE"), shot("Onboarding 2", "de-DE"), shot("Onboarding 1", "ja")] },
      { main, bridge, follow, signal: new AbortController().signal, onProgress: (p) => progress.push(p.map((x) => `${x.locale}:${x.done}/${x.total}:${x.stage}`).join(" ")) },
    );
    expect(log).toEqual([
      "plan 3 replace 2.0",
      "export Onboarding 1-de-DE 1290",
      "put de-DE/APP_IPHONE_67/1 33",
      "export Onboarding 2-de-DE 1290",
      "put de-DE/APP_IPHONE_67/2 33",
      "export Onboarding 1-ja 1290",
      "put ja/APP_IPHONE_67/1 33",
    ]);
    expect(main.maxInFlight).toBe(1);
    expect(outcome.report?.state).toBe("complete");
    expect(outcome.report?.screenshots.every((s) => s.phase === "complete")).toBe(true);
    expect(progress[progress.length - 1]).toBe("de-DE:2/2:uploaded ja:1/1:uploaded");
  });

  it("sends set by set even when the frames come frame by frame", async () => {
    const { bridge, follow, log } = fakeUploadBridge();
    const main = exportingMain(log);
    await uploadRun(
      { appId: "app", screenshots: [shot("A", "ja"), shot("A", "de-DE"), shot("B", "ja"), shot("B", "de-DE")] },
      { main, bridge, follow, signal: new AbortController().signal, onProgress: () => undefined },
    );
    expect(log.filter((l) => l.startsWith("put")).map((l) => l.split(" ")[1])).toEqual([
      "de-DE/APP_IPHONE_67/1", "de-DE/APP_IPHONE_67/2", "ja/APP_IPHONE_67/1", "ja/APP_IPHONE_67/2",
    ]);
  });

  it("cancels: stops sending and deletes the upload on the bridge", async () => {
    const { bridge, follow, log } = fakeUploadBridge();
    const controller = new AbortController();
    let exports = 0;
    const main = exportingMain(log, () => {
      exports += 1;
      if (exports === 2) controller.abort();
    });
    const outcome = await uploadRun(
      { appId: "app", screenshots: [shot("A", "de-DE"), shot("B", "de-DE"), shot("C", "de-DE")] },
      { main, bridge, follow, signal: controller.signal, onProgress: () => undefined },
    );
    expect(outcome.cancelled).toBe(true);
    expect(log.filter((l) => l.startsWith("put"))).toHaveLength(1);
    expect(log[log.length - 1]).toBe("delete");
  });
});
