//! The language picker over the 50 App Store Connect locales: search by code or name, presets
//! (Top 10 markets, EU, All), and the source language the captions are written in.

import { LOCALES, PRESETS, presetCodes, searchLocales } from "../../shared/locales";
import { h, replace } from "../dom";
import type { Store } from "../store";

export interface LocaleActions {
  setTargets(codes: string[]): void;
  setSource(code: string): void;
}

export function localePicker(store: Store, actions: LocaleActions): HTMLElement {
  const search = h("input", { type: "search", placeholder: "Search languages", test: "locale-search" });
  const count = h("span", { class: "hint", test: "locale-count" });
  const source = h(
    "select",
    { test: "source-locale", on: { change: () => actions.setSource(source.value) } },
    ...LOCALES.map((l) => h("option", { value: l.code }, `${l.englishName} (${l.code})`)),
  );
  const boxes = new Map<string, { row: HTMLElement; box: HTMLInputElement }>();
  const list = h("div", { class: "locale-list", test: "locale-list" });
  for (const l of LOCALES) {
    const box = h("input", { type: "checkbox", value: l.code, test: `locale-${l.code}` });
    box.addEventListener("change", () => {
      const current = new Set(store.state.targets);
      if (box.checked) current.add(l.code);
      else current.delete(l.code);
      actions.setTargets(LOCALES.map((x) => x.code).filter((c) => current.has(c)));
    });
    const row = h("label", { class: "locale" }, box, h("span", { dir: "auto", lang: l.code }, l.nativeName), h("code", {}, l.code));
    row.title = l.englishName;
    boxes.set(l.code, { row, box });
    list.append(row);
  }
  search.addEventListener("input", () => {
    const shown = new Set(searchLocales(search.value).map((l) => l.code));
    for (const [code, { row }] of boxes) row.hidden = !shown.has(code);
  });
  const presets = h(
    "div",
    { class: "row wrap" },
    ...PRESETS.map((p) =>
      h("button", { class: "chip", test: `preset-${p.id}`, on: { click: () => actions.setTargets(presetCodes(p.id, store.state.sourceLocale)) } }, p.label),
    ),
    h("button", { class: "chip", test: "preset-none", on: { click: () => actions.setTargets([]) } }, "None"),
  );

  store.subscribe((s) => {
    const chosen = new Set(s.targets);
    for (const [code, { row, box }] of boxes) {
      box.checked = chosen.has(code);
      box.disabled = code === s.sourceLocale;
      row.classList.toggle("source", code === s.sourceLocale);
    }
    source.value = s.sourceLocale;
    replace(count, `${s.targets.length} selected`);
  });

  return h(
    "section",
    { test: "locale-picker" },
    h("h2", {}, "Languages ", count),
    h("label", { class: "field" }, h("span", {}, "Captions are written in"), source),
    presets,
    search,
    list,
  );
}
