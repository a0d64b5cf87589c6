// Small DOM and formatting helpers shared by the panels.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

/** An element with attributes (`on*` functions become listeners; false/null/undefined are left out) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === 'className') el.className = String(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el: Element, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
}

/** Replaces an element's children. */
export function fill(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  append(el, children);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const compactFormat = new Intl.NumberFormat('en', { notation: 'compact', maximumSignificantDigits: 4 });
const wholeFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const smallFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
const shareFormat = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });

/** 12.35M, for axes and chart labels. */
export const compact = (v: number): string => compactFormat.format(v);
/** A quantity or amount for tables: whole numbers above 100, two decimals below. */
export const num = (v: number): string =>
  (Math.abs(v) >= 100 ? wholeFormat : smallFormat).format(Math.abs(v) < 5e-7 ? 0 : v);
export const signed = (v: number): string => (v > 0 ? '+' : v < 0 ? '\u2212' : '\u00b1') + num(Math.abs(v));
export const share = (v: number): string => shareFormat.format(v);
export const money = (v: number, currency = ''): string => `${num(v)}${currency ? ` ${currency}` : ''}`;

/** Starts a download of `content` as a file. */
export function download(name: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const liveRegion = () => document.getElementById('announce');

/** Tells screen-reader users what just happened (a polite live region). */
export function announce(message: string): void {
  const region = liveRegion();
  if (!region) return;
  region.textContent = '';
  // A new text node after a tick, so the same message twice is announced twice.
  setTimeout(() => (region.textContent = message), 30);
}
