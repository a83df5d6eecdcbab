/**
 * A tiny DOM builder for the views. Elements are created from the host's own document (so the
 * views run in JupyterLab and in a test DOM alike) and text always goes through `textContent`:
 * nothing from a payload is ever parsed as HTML.
 */

export type Child = Node | string | null | undefined | false;

export interface Attrs {
  class?: string;
  title?: string;
  type?: string;
  role?: string;
  [data: `data-${string}`]: string;
  [aria: `aria-${string}`]: string;
}

export function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) node.setAttribute(k, v);
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(typeof c === "string" ? doc.createTextNode(c) : c);
  }
  return node;
}

/** Remove every child of `host`. */
export function clear(host: HTMLElement): void {
  while (host.firstChild) host.removeChild(host.firstChild);
}

/** The box shown instead of a view when a payload cannot be read. */
export function errorBox(doc: Document, title: string, detail: string): HTMLElement {
  return el(doc, "div", { class: "ammm-error", role: "alert" }, el(doc, "div", { class: "ammm-error-title" }, title), el(doc, "div", { class: "ammm-error-detail" }, detail));
}

/** Milliseconds as "850 ms" / "2.4 s". */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A short one-line JSON of a value (tool arguments, answers), cut at `max` characters. */
export function shortJson(value: unknown, max = 120): string {
  let s: string;
  try {
    s = JSON.stringify(value) ?? "";
  } catch {
    s = String(value);
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
