//! The keys form: App Store Connect API key and AI provider keys, sent once to the bridge
//! (`PUT /v1/credentials`), which holds them; the plugin never stores them and clears the form.

import type { Credentials } from "../../generated/bridge";
import { h, replace } from "../dom";
import type { Store } from "../store";

export interface CredentialsActions {
  send(credentials: Credentials): Promise<void>;
}

function field(label: string, input: HTMLInputElement | HTMLTextAreaElement): HTMLElement {
  return h("label", { class: "field" }, h("span", {}, label), input);
}

export function credentialsView(store: Store, actions: CredentialsActions): HTMLElement {
  const secret = (placeholder: string, test: string) =>
    h("input", { type: "password", placeholder, autocomplete: "off", spellcheck: false, test });
  const issuer = h("input", { type: "text", placeholder: "Issuer ID (a UUID)", autocomplete: "off", test: "asc-issuer" });
  const keyId = h("input", { type: "text", placeholder: "Key ID, e.g. 2X9R4HXF34", autocomplete: "off", test: "asc-key-id" });
  const p8 = h("textarea", { rows: 3, placeholder: "-----BEGIN PRIVATE KEY-----", spellcheck: false, test: "asc-p8" });
  const p8File = h("input", { type: "file", accept: ".p8" });
  p8File.addEventListener("change", () => {
    void p8File.files?.[0]?.text().then((t) => (p8.value = t.trim()));
  });
  const openai = secret("OpenAI API key", "openai-key");
  const gemini = secret("Gemini API key", "gemini-key");
  const remember = h("input", { type: "checkbox" });
  const message = h("p", { class: "hint", role: "status" });
  const send = h("button", { class: "primary", test: "send-credentials" }, "Send to the bridge");
  const ascStatus = h("p", { class: "hint" });

  send.addEventListener("click", () => {
    const c: Credentials = {};
    const asc = [issuer.value.trim(), keyId.value.trim(), p8.value.trim()];
    if (asc.some(Boolean)) {
      if (!asc.every(Boolean)) {
        replace(message, "For App Store Connect, fill in the issuer ID, the key ID and the .p8 key together.");
        message.classList.add("error");
        return;
      }
      c.appStoreConnect = { issuerId: asc[0] ?? "", keyId: asc[1] ?? "", privateKey: asc[2] ?? "" };
    }
    if (openai.value.trim()) c.openai = { apiKey: openai.value.trim() };
    if (gemini.value.trim()) c.gemini = { apiKey: gemini.value.trim() };
    if (remember.checked) c.remember = true;
    if (!c.appStoreConnect && !c.openai && !c.gemini) {
      replace(message, "Nothing to send: fill in a key first.");
      return;
    }
    send.disabled = true;
    actions
      .send(c)
      .then(() => {
        for (const el of [issuer, keyId, p8, openai, gemini]) el.value = "";
        message.classList.remove("error");
        replace(message, "Sent. The bridge holds the keys; this plugin kept none of them.");
      })
      .catch((err: unknown) => {
        message.classList.add("error");
        replace(message, err instanceof Error ? err.message : String(err));
      })
      .finally(() => (send.disabled = false));
  });

  store.subscribe((s) => {
    const c = s.connection;
    send.disabled = c.state !== "connected";
    if (c.state === "connected") {
      const asc = { configured: "App Store Connect key: set", sandbox: "App Store Connect: sandbox (no key needed)", missing: "App Store Connect key: not set" }[c.health.appStoreConnect];
      replace(ascStatus, `${asc} · providers: ${c.health.providers.join(", ")}`);
    } else replace(ascStatus);
  });

  return h(
    "section",
    { test: "credentials" },
    h(
      "details",
      {},
      h("summary", {}, "Keys"),
      ascStatus,
      h("p", { class: "hint" }, "App Store Connect → Users and Access → Integrations. Keys go to the bridge on this computer only."),
      field("Issuer ID", issuer),
      field("Key ID", keyId),
      field("Private key (.p8)", p8),
      p8File,
      field("OpenAI", openai),
      field("Gemini", gemini),
      h("label", { class: "check" }, remember, " Remember in the system keychain"),
      send,
      message,
    ),
  );
}
