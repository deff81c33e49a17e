//! The panel's side of the message protocol: `call(method, params)` posts a request with an id
//! to the main thread and resolves with its matching response; events go to listeners.

import { isToPanel, type MainEvents, type Method, type Params, type Result, type ToMain } from "../shared/messages";

/** Anything that can ask the main thread to do something (a fake in tests). */
export interface MainCaller {
  call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>>;
}

type Listener<E extends keyof MainEvents> = (payload: MainEvents[E]) => void;

export class MainRpc implements MainCaller {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners: { [E in keyof MainEvents]?: Listener<E>[] } = {};

  constructor(
    private readonly post: (msg: ToMain) => void = (msg) => parent.postMessage({ pluginMessage: msg }, "*"),
    source: Pick<Window, "addEventListener"> = window,
  ) {
    source.addEventListener("message", (e: MessageEvent) => {
      this.receive((e.data as { pluginMessage?: unknown } | null)?.pluginMessage);
    });
  }

  call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
    const id = this.nextId++;
    return new Promise<Result<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.post({ kind: "request", id, method, params } as ToMain);
    });
  }

  on<E extends keyof MainEvents>(name: E, listener: Listener<E>): void {
    const list = (this.listeners[name] ??= []) as Listener<E>[];
    list.push(listener);
  }

  private receive(msg: unknown): void {
    if (!isToPanel(msg)) return;
    if (msg.kind === "event") {
      for (const l of this.listeners[msg.name] ?? []) l(msg.payload);
      return;
    }
    const waiter = this.pending.get(msg.id);
    if (!waiter) return;
    this.pending.delete(msg.id);
    if (msg.ok) waiter.resolve(msg.result);
    else waiter.reject(new Error(msg.error));
  }
}
