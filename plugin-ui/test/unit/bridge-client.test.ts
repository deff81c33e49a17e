import { describe, expect, it, vi } from "vitest";
import { BridgeClient } from "../../src/ui/bridge-client";
import { BridgeError, classifyNetworkFailure, describeFailure, SERVE_COMMAND, type BridgeFailure } from "../../src/ui/bridge-errors";

type Seen = { url: string; method: string; headers: Record<string, string>; body: unknown };

function client(answer: (seen: Seen) => Response | Promise<Response>, token: string | undefined = "tok", env = { desktopApp: true, secureAncestor: true }) {
  const seen: Seen[] = [];
  const fetchImpl = ((url: string, init: RequestInit) => {
    const s = { url, method: init.method ?? "GET", headers: (init.headers ?? {}) as Record<string, string>, body: init.body };
    seen.push(s);
    return Promise.resolve(answer(s));
  }) as unknown as typeof fetch;
  return { bridge: new BridgeClient("http://localhost:7531", token, fetchImpl, () => env), seen };
}

async function failure(p: Promise<unknown>): Promise<BridgeFailure> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(BridgeError);
  return (err as BridgeError).failure;
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("bridge client", () => {
  it("sends the token everywhere but health, and never puts it in a URL", async () => {
    const { bridge, seen } = client(() => json(200, []));
    await bridge.health();
    await bridge.apps();
    await bridge.versions("app/1");
    expect(seen.map((s) => [s.method, s.url, s.headers.Authorization])).toEqual([
      ["GET", "http://localhost:7531/v1/health", undefined],
      ["GET", "http://localhost:7531/v1/apps", "Bearer tok"],
      ["GET", "http://localhost:7531/v1/apps/app%2F1/versions", "Bearer tok"],
    ]);
    expect(seen.every((s) => !s.url.includes("tok"))).toBe(true);
  });

  it("puts screenshot bytes as an image/png body on the slot's path", async () => {
    const { bridge, seen } = client(() => json(202, { size: { width: 1290, height: 2796 } }));
    const png = new Uint8Array([0x89, 0x50]);
    await bridge.putScreenshot("u1", { locale: "zh-Hans", displayType: "APP_IPHONE_67", position: 2 }, png);
    expect(seen[0]).toMatchObject({ method: "PUT", url: "http://localhost:7531/v1/uploads/u1/screenshots/zh-Hans/APP_IPHONE_67/2", body: png });
    expect(seen[0]?.headers["Content-Type"]).toBe("image/png");
  });

  it("sends a screenshot again while the bridge is busy (503), and only then", async () => {
    vi.useFakeTimers();
    try {
      let answers = [503, 503, 202];
      const busy = client(() => json(answers.shift() ?? 500, { error: { code: "BUSY", message: "full" }, displayType: "APP_IPHONE_67" }));
      const put = busy.bridge.putScreenshot("u1", { locale: "ja", displayType: "APP_IPHONE_67", position: 1 }, new Uint8Array([1]));
      await vi.advanceTimersByTimeAsync(60_000);
      await expect(put).resolves.toMatchObject({ displayType: "APP_IPHONE_67" });
      expect(busy.seen).toHaveLength(3);

      answers = [409];
      const refused = client(() => json(answers.shift() ?? 500, { error: { code: "CONFLICT", message: "sent already" } }));
      const again = refused.bridge.putScreenshot("u1", { locale: "ja", displayType: "APP_IPHONE_67", position: 1 }, new Uint8Array([1]));
      const settled = again.then(() => undefined, (e: unknown) => e);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(await settled).toBeInstanceOf(BridgeError);
      expect(refused.seen).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("tells a wrong token from the bridge's own errors", async () => {
    expect(await failure(client(() => json(401, { error: { code: "UNAUTHORIZED", message: "no" } })).bridge.apps())).toEqual({ kind: "unauthorized" });
    expect(await failure(client(() => json(409, { error: { code: "VERSION_NOT_EDITABLE", message: "Version 2.0 is in review." } })).bridge.apps())).toEqual({
      kind: "api", status: 409, code: "VERSION_NOT_EDITABLE", message: "Version 2.0 is in review.",
    });
    expect(await failure(client(() => new Response("oops", { status: 500 })).bridge.apps())).toMatchObject({ kind: "api", code: "HTTP_500" });
  });

  it("says the bridge is not running, or that the browser blocked it", async () => {
    const refused = () => Promise.reject(new TypeError("Failed to fetch"));
    expect(await failure(client(refused, "tok", { desktopApp: true, secureAncestor: true }).bridge.health())).toEqual({ kind: "not-running" });
    expect(await failure(client(refused, "tok", { desktopApp: false, secureAncestor: true }).bridge.health())).toEqual({ kind: "blocked" });
    expect(classifyNetworkFailure({ desktopApp: false, secureAncestor: false })).toEqual({ kind: "not-running" });
    expect(describeFailure({ kind: "not-running" })).toContain(SERVE_COMMAND);
    expect(describeFailure({ kind: "blocked" })).toMatch(/desktop app/);
  });

  it("applies streamed locales as they arrive, and reads a plain JSON answer the same way", async () => {
    const lines = [
      { type: "locale", locale: "de-DE", translations: { a: "Hallo" }, warnings: [] },
      { type: "locale", locale: "ja", translations: { a: "こんにちは" }, warnings: [{ locale: "ja", id: "a", code: "TOO_LONG", message: "m" }] },
      { type: "summary", usage: { requests: 2, inputTokens: 5, outputTokens: 6, cachedStrings: 1 }, warnings: [] },
    ].map((l) => JSON.stringify(l));
    // Split mid-line to prove lines are reassembled across chunks.
    const text = lines.join("\n") + "\n";
    const chunks = [text.slice(0, 30), text.slice(30, 95), text.slice(95)];
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (const ch of chunks) c.enqueue(new TextEncoder().encode(ch));
        c.close();
      },
    });
    const req = { sourceLocale: "en-US", targetLocales: ["de-DE", "ja"], strings: [{ id: "a", text: "Hello" }] };
    const { bridge, seen } = client(() => new Response(stream, { status: 200, headers: { "Content-Type": "application/x-ndjson" } }));
    const got: string[] = [];
    const whole = await bridge.translateStream(req, (locale, texts) => got.push(`${locale}=${texts.a ?? ""}`));
    expect(seen[0]?.headers.Accept).toContain("application/x-ndjson");
    expect(got).toEqual(["de-DE=Hallo", "ja=こんにちは"]);
    expect(whole.warnings.map((w) => w.code)).toEqual(["TOO_LONG"]);
    expect(whole.usage.cachedStrings).toBe(1);

    const plain = client(() => json(200, { translations: { ja: { a: "やあ" }, "de-DE": { a: "Hi" } }, warnings: [], usage: {} }));
    const order: string[] = [];
    await plain.bridge.translateStream(req, (locale) => order.push(locale));
    expect(order).toEqual(["de-DE", "ja"]);
  });
});
