// The loaded problem as a collapsible JSON tree (native <details>, so every
// node opens with the keyboard), each node anchored by its JSON path as the
// service spells it (`$.products[0].designs[0].bom["tb-oxide"]`, see
// src/domain/json-path.ts childPath). Validation errors are written next to
// the node they name; a path that names something absent (a missing field)
// is shown on its nearest existing parent. Children are built when a node is
// first opened, and long lists in slices, so a large problem stays quick.

import type { ErrorDetail } from './types.js';
import { h } from './dom.js';

type Segment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const SLICE = 200;

export function childPath(base: string, key: Segment): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return IDENTIFIER.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

/** `$.a[0]["b-c"]` -> ['a', 0, 'b-c']; null if it is not a path of that form. */
export function parsePath(path: string): Segment[] | null {
  if (!path.startsWith('$')) return null;
  const segments: Segment[] = [];
  const token = /\.([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  token.lastIndex = 1;
  while (token.lastIndex < path.length) {
    const at = token.lastIndex;
    const m = token.exec(path);
    if (!m || m.index !== at) return null;
    segments.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]) as string)));
  }
  return segments;
}

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => v !== null && typeof v === 'object';

function child(value: unknown, key: Segment): { found: boolean; value?: unknown } {
  if (Array.isArray(value))
    return typeof key === 'number' && key < value.length ? { found: true, value: value[key] } : { found: false };
  if (isContainer(value) && typeof key === 'string' && Object.hasOwn(value, key))
    return { found: true, value: (value as Record<string, unknown>)[key] };
  return { found: false };
}

/** The longest prefix of `segments` that exists in `root`. */
function existingPrefix(root: unknown, segments: Segment[]): Segment[] {
  let value = root;
  const out: Segment[] = [];
  for (const key of segments) {
    const next = child(value, key);
    if (!next.found) break;
    out.push(key);
    value = next.value;
  }
  return out;
}

const pathOf = (segments: Segment[]) => segments.reduce<string>((p, k) => childPath(p, k), '$');

interface Annotation {
  /** the path as the service wrote it */
  path: string;
  message: string;
  /** true when the path names something absent, shown on its parent */
  onParent: boolean;
}

export class JsonView {
  private root: unknown;
  private annotations = new Map<string, Annotation[]>();
  /** paths whose nodes start open: the root and every parent of an annotated node */
  private openPaths = new Set<string>();
  private nodes = new Map<string, HTMLElement>();
  private fillers = new WeakMap<HTMLElement, () => void>();
  private ids = 0;

  constructor(private readonly container: HTMLElement) {}

  render(value: unknown, errors: ErrorDetail[] = []): void {
    this.root = value;
    this.annotations.clear();
    this.openPaths = new Set(['$']);
    this.nodes.clear();
    for (const error of errors) {
      const target = this.anchorOf(error.path);
      const list = this.annotations.get(target) ?? [];
      list.push({ path: error.path, message: error.message, onParent: target !== error.path });
      this.annotations.set(target, list);
      const segments = parsePath(target) ?? [];
      for (let i = 0; i < segments.length; i++) this.openPaths.add(pathOf(segments.slice(0, i)));
    }
    const tree = h('div', { className: 'jv-tree' }, this.node(undefined, value, []));
    this.container.replaceChildren(tree);
  }

  /** The path of the node that shows an error at `path`: itself, or its nearest existing parent. */
  anchorOf(path: string): string {
    const segments = parsePath(path);
    if (!segments) return '$';
    const prefix = existingPrefix(this.root, segments);
    return prefix.length === segments.length ? path : pathOf(prefix);
  }

  /** Opens the node of `path` (or its nearest parent), scrolls to it and focuses it. */
  reveal(path: string): HTMLElement | null {
    const target = this.anchorOf(path);
    const segments = parsePath(target) ?? [];
    for (let i = 0; i <= segments.length; i++) {
      const el = this.nodes.get(pathOf(segments.slice(0, i)));
      if (!el) break;
      if (el instanceof HTMLDetailsElement && i < segments.length) this.open(el);
      if (i === segments.length) {
        el.scrollIntoView({ block: 'center' });
        const focusable = el instanceof HTMLDetailsElement ? (el.querySelector('summary') as HTMLElement) : el;
        focusable.focus();
        el.classList.remove('jv-flash');
        void el.offsetWidth;
        el.classList.add('jv-flash');
        return el;
      }
      // A long list shows its items in slices: show the slice that holds the next one.
      const next = segments[i];
      if (typeof next === 'number' && !this.nodes.has(pathOf(segments.slice(0, i + 1)))) this.showAllChildren(el);
    }
    return null;
  }

  private open(details: HTMLDetailsElement): void {
    this.fillers.get(details)?.();
    details.open = true;
  }

  private showAllChildren(el: HTMLElement): void {
    let more: HTMLButtonElement | null;
    while ((more = el.querySelector(':scope > .jv-children > button.jv-more'))) more.click();
  }

  private node(key: Segment | undefined, value: unknown, segments: Segment[]): HTMLElement {
    const path = pathOf(segments);
    const label =
      key === undefined
        ? null
        : h('span', { className: 'jv-key' }, typeof key === 'number' ? `${key}` : JSON.stringify(key), ': ');
    const notes = this.notes(path);
    const noteIds = notes.map((n) => n.id).join(' ') || undefined;
    let el: HTMLElement;
    if (!isContainer(value)) {
      el = h(
        'div',
        { className: 'jv-leaf', tabindex: notes.length ? 0 : -1, 'aria-describedby': noteIds },
        label,
        h(
          'span',
          { className: `jv-value jv-${value === null ? 'null' : typeof value}` },
          JSON.stringify(value) ?? String(value),
        ),
        notes,
      );
    } else {
      const entries: [Segment, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
      const summary = Array.isArray(value)
        ? `[${entries.length} ${entries.length === 1 ? 'item' : 'items'}]`
        : `{${entries.length} ${entries.length === 1 ? 'key' : 'keys'}}`;
      const children = h('div', { className: 'jv-children' });
      const details = h(
        'details',
        { className: 'jv-node' },
        h('summary', { 'aria-describedby': noteIds }, label, h('span', { className: 'jv-summary' }, summary), notes),
        children,
      );
      let filled = false;
      const fillChildren = () => {
        if (filled) return;
        filled = true;
        const addSlice = (from: number) => {
          const slice = entries.slice(from, from + SLICE).map(([k, v]) => this.node(k, v, [...segments, k]));
          children.append(...slice);
          if (from + SLICE < entries.length) {
            const rest = entries.length - from - SLICE;
            const more = h(
              'button',
              { type: 'button', className: 'jv-more link' },
              `Show ${Math.min(SLICE, rest)} more (${rest} left)`,
            );
            more.addEventListener('click', () => {
              more.remove();
              addSlice(from + SLICE);
            });
            children.append(more);
          }
        };
        addSlice(0);
      };
      this.fillers.set(details, fillChildren);
      details.addEventListener('toggle', () => details.open && fillChildren());
      if (this.openPaths.has(path)) {
        fillChildren();
        details.open = true;
      }
      el = details;
    }
    el.dataset.path = path;
    if (notes.length) el.classList.add('jv-error');
    this.nodes.set(path, el);
    return el;
  }

  private notes(path: string): HTMLElement[] {
    return (this.annotations.get(path) ?? []).map((a) =>
      h(
        'span',
        { className: 'jv-note', id: `jv-note-${++this.ids}`, role: 'note' },
        a.onParent ? `${a.path}: ${a.message}` : a.message,
      ),
    );
  }
}
