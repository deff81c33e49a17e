//! A tiny element builder for the panel's components (no framework: the panel is small and
//! must inline into one HTML string).

type Child = Node | string | number | null | undefined | false;
type Props = {
  class?: string;
  test?: string;
  on?: { [K in keyof HTMLElementEventMap]?: (e: HTMLElementEventMap[K]) => void };
} & Record<string, unknown>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    const text = typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : "";
    if (key === "class") el.className = text;
    else if (key === "test") el.dataset.test = text;
    else if (key === "on") {
      for (const [event, fn] of Object.entries(value as Record<string, EventListener>)) el.addEventListener(event, fn);
    } else if (key in el && typeof value !== "string") (el as unknown as Record<string, unknown>)[key] = value;
    else el.setAttribute(key, value === true ? "" : text);
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === "number" ? String(c) : c);
  }
}

/** Replaces an element's children. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}
