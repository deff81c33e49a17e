//! Translation options: the provider (pseudo-translation by default, offline and free) and the
//! document's glossary (keep-terms and forced terms), saved in the Figma file.

import type { Provider } from "../../generated/bridge";
import { parseForcedLines, type Glossary } from "../../shared/glossary";
import { h, replace } from "../dom";
import type { Store } from "../store";

export interface TranslationActions {
  setProvider(provider: Provider): void;
  saveGlossary(glossary: Glossary): void;
}

const PROVIDERS: { id: Provider; label: string; hint: string }[] = [
  { id: "pseudo", label: "Pseudo", hint: "offline preview of length and script; never uploaded to Apple" },
  { id: "openai", label: "OpenAI", hint: "your own key" },
  { id: "gemini", label: "Gemini", hint: "your own key" },
];

export function translationOptions(store: Store, actions: TranslationActions): HTMLElement {
  const radios = PROVIDERS.map((p) => {
    const input = h("input", { type: "radio", name: "provider", value: p.id, test: `provider-${p.id}` });
    input.addEventListener("change", () => input.checked && actions.setProvider(p.id));
    return { p, input, label: h("label", { class: "check", title: p.hint }, input, ` ${p.label}`) };
  });
  const keep = h("textarea", { rows: 2, placeholder: "Keep as is, one per line (your brand, product names)", test: "glossary-keep" });
  const forced = h("textarea", { rows: 2, placeholder: "term | locale | translation, e.g.  Streak | de-DE | Serie", test: "glossary-forced" });
  const message = h("p", { class: "hint" });
  const save = () => {
    const parsed = parseForcedLines(forced.value);
    replace(message, parsed.errors.join("; "));
    message.classList.toggle("error", parsed.errors.length > 0);
    const terms = keep.value.split("\n").map((t) => t.trim()).filter(Boolean);
    actions.saveGlossary({ keep: terms, forced: parsed.forced });
  };
  keep.addEventListener("change", save);
  forced.addEventListener("change", save);

  let shownGlossary: Glossary | undefined;
  store.subscribe((s) => {
    const usable = s.connection.state === "connected" ? new Set<Provider>(s.connection.health.providers) : new Set<Provider>(["pseudo"]);
    for (const r of radios) {
      r.input.checked = r.p.id === s.provider;
      r.input.disabled = !usable.has(r.p.id) && r.p.id !== "pseudo";
      r.label.title = r.input.disabled ? `${r.p.label}: add a key under Keys first` : r.p.hint;
    }
    if (shownGlossary !== s.glossary && document.activeElement !== keep && document.activeElement !== forced) {
      keep.value = s.glossary.keep.join("\n");
      forced.value = s.glossary.forced.map((f) => `${f.term} | ${f.locale} | ${f.translation}`).join("\n");
      shownGlossary = s.glossary;
    }
  });

  return h(
    "section",
    { test: "translation" },
    h("h2", {}, "Translation"),
    h("div", { class: "row" }, ...radios.map((r) => r.label)),
    h("details", {}, h("summary", {}, "Glossary (saved in this file)"), keep, forced, message),
  );
}
