//! Follows an upload's progress over Server-Sent Events. EventSource cannot send the
//! Authorization header, so the stream is read with fetch (`@microsoft/fetch-event-source`).

import { fetchEventSource } from "@microsoft/fetch-event-source";
import type { UploadEvent } from "../generated/bridge";
import type { BridgeClient } from "./bridge-client";

/** Streams events until `finished` arrives or `signal` aborts; reconnects after a drop. */
export async function followUpload(
  bridge: BridgeClient,
  uploadId: string,
  onEvent: (event: UploadEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const done = new AbortController();
  const stop = () => done.abort();
  signal.addEventListener("abort", stop, { once: true });
  try {
    await fetchEventSource(bridge.url(`/uploads/${encodeURIComponent(uploadId)}/events`), {
      headers: bridge.authHeaders(),
      signal: done.signal,
      // The panel may sit in a background tab of the desktop app; keep reading.
      openWhenHidden: true,
      onmessage(msg) {
        if (!msg.data) return;
        let event: UploadEvent;
        try {
          event = JSON.parse(msg.data) as UploadEvent;
        } catch {
          return;
        }
        onEvent(event);
        if (event.type === "finished") done.abort();
      },
      onopen(res) {
        if (res.status === 401) throw new Error("the bridge refused the pairing token");
        if (!res.ok) throw new Error(`the bridge answered ${res.status} to the progress stream`);
        return Promise.resolve();
      },
      onerror(err) {
        // A refused stream is final; a dropped connection is retried by the library.
        if (err instanceof Error && /refused|answered/.test(err.message)) throw err;
        return 2000;
      },
    });
  } finally {
    signal.removeEventListener("abort", stop);
  }
}
