//! The one HTTP client to the bridge (`http://localhost:7531/v1`), typed from the wire types
//! the Rust `shared` crate generates. Every call but health carries the pairing token.

import type {
  AppSummary,
  Credentials,
  Health,
  ScreenshotReceived,
  TranslateRequest,
  TranslateResponse,
  TranslateStreamLine,
  UploadCreated,
  UploadPlan,
  UploadReport,
  VersionSummary,
  DisplayType,
} from "../generated/bridge";
import pRetry from "p-retry";
import { BridgeError, classifyNetworkFailure, currentEnvironment, failureFromResponse, type PanelEnvironment } from "./bridge-errors";

export const DEFAULT_BRIDGE_URL = "http://localhost:7531";

/**
 * How a screenshot PUT waits when the bridge answers 503 (its memory for images is full until
 * earlier screenshot sets are done): backoff from 1 s to 30 s, for about ten minutes at most.
 */
export const BUSY_RETRY = { retries: 25, minTimeout: 1000, maxTimeout: 30_000, factor: 1.5, maxRetryTime: 600_000 };

/** Whether the bridge said it is busy and the same request may simply be sent again. */
export function isBusy(error: unknown): boolean {
  return error instanceof BridgeError && error.failure.kind === "api" && error.failure.status === 503;
}

interface RequestOptions {
  json?: unknown;
  body?: Uint8Array;
  contentType?: string;
  signal?: AbortSignal;
  auth?: boolean;
}

export class BridgeClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string | undefined,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
    private readonly env: () => PanelEnvironment = currentEnvironment,
  ) {}

  /** The same bridge with another token. */
  withToken(token: string | undefined): BridgeClient {
    return new BridgeClient(this.baseUrl, token, this.fetchImpl, this.env);
  }

  get hasToken(): boolean {
    return Boolean(this.token);
  }

  /** Headers with the token; for callers that open a stream themselves. */
  authHeaders(): Record<string, string> {
    return this.token ? { Authorization: `Bearer ${this.token}` } : {};
  }

  url(path: string): string {
    return `${this.baseUrl.replace(/\/+$/, "")}/v1${path}`;
  }

  /** Sends a request; answers that are not a success become a `BridgeError`. */
  private async send(method: string, path: string, opts: RequestOptions & { accept?: string } = {}): Promise<Response> {
    const headers: Record<string, string> = opts.auth === false ? {} : this.authHeaders();
    if (opts.accept) headers.Accept = opts.accept;
    let body: BodyInit | undefined;
    if (opts.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(opts.json);
    } else if (opts.body) {
      headers["Content-Type"] = opts.contentType ?? "application/octet-stream";
      body = opts.body as unknown as BodyInit;
    }
    let res: Response;
    try {
      res = await this.fetchImpl(this.url(path), { method, headers, body, signal: opts.signal });
    } catch {
      if (opts.signal?.aborted) throw new BridgeError({ kind: "aborted" });
      throw new BridgeError(classifyNetworkFailure(this.env()));
    }
    if (!res.ok) throw new BridgeError(failureFromResponse(res.status, parseJson(await res.text())));
    return res;
  }

  private async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.send(method, path, opts);
    return parseJson(await res.text()) as T;
  }

  health(signal?: AbortSignal): Promise<Health> {
    return this.request("GET", "/health", { auth: false, signal });
  }

  putCredentials(credentials: Credentials): Promise<void> {
    return this.request("PUT", "/credentials", { json: credentials });
  }

  apps(): Promise<AppSummary[]> {
    return this.request("GET", "/apps");
  }

  versions(appId: string): Promise<VersionSummary[]> {
    return this.request("GET", `/apps/${encodeURIComponent(appId)}/versions`);
  }

  translate(req: TranslateRequest, signal?: AbortSignal): Promise<TranslateResponse> {
    return this.request("POST", "/translate", { json: req, signal });
  }

  /**
   * One translate call whose locales arrive one by one (NDJSON), so each can be applied as
   * soon as it is ready. A bridge that answers plain JSON is read whole, locale by locale.
   */
  async translateStream(req: TranslateRequest, onLocale: (locale: string, texts: Record<string, string>) => void, signal?: AbortSignal): Promise<TranslateResponse> {
    const res = await this.send("POST", "/translate", { json: req, signal, accept: "application/x-ndjson, application/json" });
    const whole: TranslateResponse = { translations: {}, warnings: [], usage: { requests: 0, inputTokens: 0n, outputTokens: 0n, cachedStrings: 0 } };
    if (!(res.headers.get("Content-Type") ?? "").includes("ndjson") || !res.body) {
      const answer = parseJson(await res.text()) as TranslateResponse;
      for (const locale of req.targetLocales) onLocale(locale, answer.translations[locale] ?? {});
      return answer;
    }
    const take = (line: string) => {
      if (!line.trim()) return;
      const parsed = parseJson(line) as TranslateStreamLine | null;
      if (parsed?.type === "locale") {
        whole.translations[parsed.locale] = parsed.translations;
        whole.warnings.push(...parsed.warnings);
        onLocale(parsed.locale, parsed.translations);
      } else if (parsed?.type === "summary") {
        whole.usage = parsed.usage;
        whole.warnings.push(...parsed.warnings);
      }
    };
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffered += value;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      lines.forEach(take);
    }
    take(buffered);
    return whole;
  }

  createUpload(plan: UploadPlan, signal?: AbortSignal): Promise<UploadCreated> {
    return this.request("POST", "/uploads", { json: plan, signal });
  }

  putScreenshot(
    uploadId: string,
    slot: { locale: string; displayType: DisplayType; position: number },
    png: Uint8Array,
    signal?: AbortSignal,
  ): Promise<ScreenshotReceived> {
    const path = `/uploads/${encodeURIComponent(uploadId)}/screenshots/${encodeURIComponent(slot.locale)}/${slot.displayType}/${slot.position}`;
    return pRetry(() => this.request<ScreenshotReceived>("PUT", path, { body: png, contentType: "image/png", signal }), {
      ...BUSY_RETRY,
      signal,
      shouldRetry: ({ error }) => isBusy(error),
    });
  }

  report(uploadId: string): Promise<UploadReport> {
    return this.request("GET", `/uploads/${encodeURIComponent(uploadId)}`);
  }

  cancelUpload(uploadId: string): Promise<void> {
    return this.request("DELETE", `/uploads/${encodeURIComponent(uploadId)}`);
  }
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
