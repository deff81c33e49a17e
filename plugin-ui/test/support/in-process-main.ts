//! Calls the real main-thread handlers in the same process, as the panel's `MainCaller`.

import { createHandlers } from "../../src/main/handlers";
import type { Method, Params, Result } from "../../src/shared/messages";
import type { MainCaller } from "../../src/ui/main-rpc";

export function inProcessMain(handlers = createHandlers()): MainCaller & { calls: Method[] } {
  const calls: Method[] = [];
  return {
    calls,
    async call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
      calls.push(method);
      const handler = handlers[method] as (p: Params<M>) => Promise<Result<M>> | Result<M>;
      return handler(params);
    },
  };
}
