//! The bridge connection: health check, the pairing token pasted once, and clear states for
//! "not running" (with the command to start it), "blocked by the browser" and "wrong token".

import { h, replace } from "../dom";
import { describeFailure, SERVE_COMMAND } from "../bridge-errors";
import type { Store } from "../store";

export interface ConnectActions {
  retry(): void;
  pair(token: string): void;
  forget(): void;
}

export function connectView(store: Store, actions: ConnectActions): HTMLElement {
  const status = h("p", { class: "status", test: "connection-status", role: "status" });
  const detail = h("div");
  const token = h("input", { type: "password", placeholder: "Pairing token", autocomplete: "off", test: "token-input", spellcheck: false });
  const pairButton = h("button", { class: "primary", test: "pair", on: { click: () => actions.pair(token.value.trim()) } }, "Pair");
  const tokenForm = h("div", { class: "row" }, token, pairButton);
  token.addEventListener("keydown", (e) => {
    if (e.key === "Enter") actions.pair(token.value.trim());
  });
  const retry = h("button", { test: "retry", on: { click: () => actions.retry() } }, "Try again");
  const forget = h("button", { class: "link", test: "forget-token", on: { click: () => actions.forget() } }, "Use another token");

  store.subscribe((s) => {
    const c = s.connection;
    status.dataset.state = c.state;
    tokenForm.hidden = !(c.state === "need-token" || c.state === "wrong-token");
    switch (c.state) {
      case "checking":
        replace(status, "Looking for the bridge on this computer…");
        replace(detail);
        break;
      case "unreachable":
        replace(status, c.failure.kind === "blocked" ? "The browser blocked the bridge" : "The bridge is not running");
        replace(
          detail,
          h(
            "p",
            { class: "hint" },
            c.failure.kind === "blocked"
              ? describeFailure(c.failure).replace(` ${SERVE_COMMAND}`, "")
              : "Start it in a terminal on this computer, then try again:",
          ),
          h("pre", { class: "command", test: "serve-command" }, SERVE_COMMAND),
          retry,
        );
        break;
      case "need-token":
        replace(status, "Paste the pairing token");
        replace(detail, h("p", { class: "hint" }, "`shotbridge serve` printed it when it started. The plugin keeps it on this computer."));
        break;
      case "wrong-token":
        replace(status, "Wrong pairing token");
        replace(detail, h("p", { class: "hint error" }, describeFailure({ kind: "unauthorized" })));
        token.value = "";
        break;
      case "connected":
        replace(
          status,
          `Connected to the bridge ${c.health.version}`,
          c.health.sandbox ? h("span", { class: "badge" }, "sandbox") : null,
        );
        replace(detail, forget);
        break;
    }
  });
  return h("section", { test: "connect" }, h("h2", {}, "Bridge"), status, detail, tokenForm);
}
