//! The built panel (dist/ui.html) in headless Chromium, inside a sandboxed iframe (origin
//! "null") whose main thread is the real handlers on a fake figma, against a real
//! `shotbridge serve --sandbox`: pair, pick three locales, localize, upload, and check the
//! sandbox holds every screenshot as complete. Screenshots of each step go to
//! tests/artifacts/plugin/, and the mid-run one to docs/panel.png.

import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium, type BrowserContext, type FrameLocator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UploadReport } from "../../src/generated/bridge";
import { bridgeBinary, startBridge, type RunningBridge } from "./bridge-process";

const here = dirname(fileURLToPath(import.meta.url));
const pluginRoot = join(here, "..", "..");
const repoRoot = join(pluginRoot, "..");
const artifacts = join(repoRoot, "tests", "artifacts", "plugin");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let bridge: RunningBridge | undefined;
let server: Server | undefined;
let context: BrowserContext | undefined;
let profile: string | undefined;
let page: Page;
let panel: FrameLocator;

async function serveHarness(): Promise<string> {
  const bundle = await build({ entryPoints: [join(here, "harness.ts")], bundle: true, format: "iife", target: "es2022", write: false, logLevel: "warning" });
  const files: Record<string, [string, string | Uint8Array]> = {
    "/harness.html": ["text/html", readFileSync(join(here, "harness.html"))],
    "/harness.js": ["text/javascript", bundle.outputFiles[0]?.text ?? ""],
    "/ui.html": ["text/html", readFileSync(join(pluginRoot, "dist", "ui.html"))],
  };
  server = createServer((req, res) => {
    const file = files[(req.url ?? "").split("?")[0] ?? ""];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": file[0] }).end(file[1]);
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
}

/** A picture of the panel, scrolled to the section the step is about. */
async function shot(name: string, section?: string): Promise<void> {
  if (section) await panel.locator(`[data-test="${section}"]`).scrollIntoViewIfNeeded();
  await page.locator("iframe").screenshot({ path: join(artifacts, `${name}.png`) });
}

const status = () => panel.locator('[data-test="connection-status"]');

interface CloneInfo {
  name: string;
  title: string;
  align: string;
  fonts: string[];
}
interface HarnessApi {
  storage(): Record<string, unknown>;
  clones(): CloneInfo[];
}

/** Reads what the fake main thread holds (see harness.ts). */
function harness<K extends keyof HarnessApi>(name: K): Promise<ReturnType<HarnessApi[K]>> {
  const read = page.evaluate((n) => (window as unknown as { harness: Record<string, () => unknown> }).harness[n]?.(), name);
  return read as Promise<ReturnType<HarnessApi[K]>>;
}

/** Waits for the panel to reach a state (polling the DOM, as a person watching would). */
function until<T>(read: () => Promise<T>, timeout = 30_000) {
  return expect.poll(read, { timeout, interval: 100 });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium`);
  if (!existsSync(join(pluginRoot, "dist", "ui.html"))) throw new Error("dist/ui.html is missing: run `npm run build` first");
  const bin = bridgeBinary(repoRoot);
  mkdirSync(artifacts, { recursive: true });
  bridge = await startBridge(bin, randomBytes(16).toString("hex"));
  const harnessUrl = await serveHarness();
  profile = mkdtempSync(join(tmpdir(), "shotbridge-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 400, height: 720 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (m) => {
    if (m.type() === "error") console.error(`[panel] ${m.text()}`);
  });
  await page.goto(`${harnessUrl}/harness.html?bridge=${encodeURIComponent(bridge.url)}`);
  panel = page.frameLocator("iframe");
});

afterAll(async () => {
  await context?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await bridge?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe("the panel against a real bridge", () => {
  it("runs with a null origin, as in Figma", async () => {
    const origin = await page.frames()[1]?.evaluate(() => self.origin);
    expect(origin).toBe("null");
  });

  it("pairs: asks for the token, refuses a wrong one, keeps the right one", async () => {
    const b = bridge as RunningBridge;
    await until(() => status().getAttribute("data-state")).toBe("need-token");
    await shot("01-needs-token");
    await panel.locator('[data-test="token-input"]').fill("not-the-token");
    await panel.locator('[data-test="pair"]').click();
    await until(() => status().getAttribute("data-state")).toBe("wrong-token");
    await shot("02-wrong-token");
    await panel.locator('[data-test="token-input"]').fill(b.token);
    await panel.locator('[data-test="pair"]').click();
    await until(() => status().getAttribute("data-state")).toBe("connected");
    expect(await status().textContent()).toContain("sandbox");
    const storage = await harness("storage");
    expect(storage.pairingToken).toBe(b.token);
    await shot("03-connected");
  });

  it("picks the app, an editable version and three languages", async () => {
    const app = panel.locator('[data-test="app-select"]');
    await until(() => app.locator("option").count()).toBeGreaterThan(1);
    // The first app with an editable iOS version (the sandbox also has a locked app and a Mac version).
    const appIds = (await app.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).filter(Boolean);
    const version = panel.locator('[data-test="version-select"]');
    const iosVersion = version.locator("option:not([disabled])", { hasText: /^IOS / });
    let picked = false;
    for (const appId of appIds) {
      await app.selectOption(appId);
      await until(() => version.locator("option").count()).toBeGreaterThan(1);
      if ((await iosVersion.count()) > 0) {
        await version.selectOption((await iosVersion.first().getAttribute("value")) ?? "");
        picked = true;
        break;
      }
    }
    expect(picked, "an app with an editable iOS version").toBe(true);

    await panel.locator('[data-test="locale-search"]').fill("deutsch");
    await panel.locator('[data-test="locale-de-DE"]').check();
    await panel.locator('[data-test="locale-search"]').fill("ja");
    await panel.locator('[data-test="locale-ja"]').check();
    await panel.locator('[data-test="locale-search"]').fill("arab");
    await panel.locator('[data-test="locale-ar-SA"]').check();
    await panel.locator('[data-test="locale-search"]').fill("");
    expect(await panel.locator('[data-test="locale-count"]').textContent()).toBe("3 selected");
    expect(await panel.locator('[data-test="provider-pseudo"]').isChecked()).toBe(true);
    await shot("04-languages", "locale-picker");
  });

  it("localizes the frame into a clone per locale", async () => {
    await panel.locator('[data-test="localize"]').click();
    await until(() => panel.locator('[data-test="run-phase"]').getAttribute("data-phase"), 60_000).toMatch(/localized|failed/);
    expect(await panel.locator('[data-test="run-error"]').textContent()).toBe("");
    await shot("05-localized", "run");
    const clones = await harness("clones");
    expect(clones.map((c) => c.name).sort()).toEqual(["Onboarding 1 · ar-SA", "Onboarding 1 · de-DE", "Onboarding 1 · ja"]);
    for (const c of clones) expect(c.title).not.toBe("Track every habit you care about");
    expect(clones.find((c) => c.name.endsWith("ar-SA"))?.align).toBe("RIGHT");
    expect(clones.find((c) => c.name.endsWith("de-DE"))?.align).toBe("LEFT");
    expect(clones.find((c) => c.name.endsWith("ja"))?.fonts.every((f) => f.startsWith("Noto Sans JP"))).toBe(true);
    // Bold stays bold: the Latin clone keeps both weights.
    expect(clones.find((c) => c.name.endsWith("de-DE"))?.fonts.sort()).toEqual(["Inter Bold", "Inter Regular"]);
  });

  it("uploads every screenshot and the sandbox holds them all as complete", async () => {
    await panel.locator('[data-test="upload"]').click();
    await until(() => panel.locator('[data-test="run-phase"]').getAttribute("data-phase")).toBe("uploading");
    await until(() => panel.locator('[data-test^="progress-"]').count()).toBe(3);
    await shot("06-uploading", "run");
    mkdirSync(join(repoRoot, "docs"), { recursive: true });
    copyFileSync(join(artifacts, "06-uploading.png"), join(repoRoot, "docs", "panel.png"));

    const heading = panel.locator('[data-test="upload-report"]');
    await until(() => heading.getAttribute("data-state"), 120_000).toMatch(/complete|failed|cancelled/);
    await shot("07-uploaded", "report");
    expect(await panel.locator('[data-test="run-error"]').textContent()).toBe("");
    const uploadId = await heading.getAttribute("data-upload-id");
    expect(uploadId).toBeTruthy();

    const b = bridge as RunningBridge;
    const res = await fetch(`${b.url}/v1/uploads/${uploadId ?? ""}`, { headers: { Authorization: `Bearer ${b.token}` } });
    expect(res.status).toBe(200);
    const report = (await res.json()) as UploadReport;
    expect(report.state).toBe("complete");
    expect(report.screenshots.map((s) => [s.locale, s.displayType, s.position, s.phase]).sort()).toEqual([
      ["ar-SA", "APP_IPHONE_67", 1, "complete"],
      ["de-DE", "APP_IPHONE_67", 1, "complete"],
      ["ja", "APP_IPHONE_67", 1, "complete"],
    ]);
    for (const locale of ["de-DE", "ja", "ar-SA"]) {
      expect(await panel.locator(`[data-test="uploaded-${locale}-1"]`).getAttribute("data-phase")).toBe("complete");
    }
  });
});
