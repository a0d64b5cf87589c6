// Where a JSON path of the service's errors (`$.suppliers[1].offers[0].material`)
// is in the editor's text, and which path the cursor is in: both read the
// syntax tree CodeMirror keeps of the document, so they follow every edit.

import type { EditorState } from '@codemirror/state';
import { ensureSyntaxTree, syntaxTree } from '@codemirror/language';
import type { SyntaxNode } from '@lezer/common';

export type PathSegment = string | number;

const VALUE_NODES = new Set(['Object', 'Array', 'String', 'Number', 'True', 'False', 'Null']);
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The service's path notation (src/domain/json-path.ts childPath): `.key`, `["odd-key"]`, `[0]`. */
export function pathString(segments: readonly PathSegment[]): string {
  return segments.reduce<string>(
    (path, key) =>
      typeof key === 'number'
        ? `${path}[${key}]`
        : IDENTIFIER.test(key)
          ? `${path}.${key}`
          : `${path}[${JSON.stringify(key)}]`,
    '$',
  );
}

/** The whole document's tree: the editor parses in the background, and an error may lie past what it has reached. */
export function fullTree(state: EditorState) {
  return ensureSyntaxTree(state, state.doc.length, PARSE_BUDGET_MS) ?? syntaxTree(state);
}
const PARSE_BUDGET_MS = 200;

function children(node: SyntaxNode): SyntaxNode[] {
  const list: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) list.push(child);
  return list;
}

function keyOf(state: EditorState, property: SyntaxNode): string | undefined {
  const name = property.getChild('PropertyName');
  if (!name) return undefined;
  const text = state.doc.sliceString(name.from, name.to);
  try {
    return String(JSON.parse(text));
  } catch {
    return text.replace(/^"|"$/g, '');
  }
}

function valueOf(property: SyntaxNode): SyntaxNode | undefined {
  return children(property).find((c) => VALUE_NODES.has(c.name));
}

/** Every path in the document with the range of its value (an object key's range for the key itself is not kept). */
export function pathRanges(state: EditorState): Map<string, { from: number; to: number }> {
  const ranges = new Map<string, { from: number; to: number }>();
  const visit = (node: SyntaxNode, segments: PathSegment[]) => {
    ranges.set(pathString(segments), { from: node.from, to: node.to });
    if (node.name === 'Object') {
      for (const property of node.getChildren('Property')) {
        const key = keyOf(state, property);
        const value = valueOf(property);
        if (key !== undefined && value) visit(value, [...segments, key]);
      }
    } else if (node.name === 'Array') {
      children(node)
        .filter((c) => VALUE_NODES.has(c.name))
        .forEach((value, i) => visit(value, [...segments, i]));
    }
  };
  const root = children(fullTree(state).topNode).find((c) => VALUE_NODES.has(c.name));
  if (root) visit(root, []);
  return ranges;
}

/** The range of `path`, or of its nearest ancestor that is in the text (a missing field is marked on its object). */
export function rangeOfPath(
  ranges: Map<string, { from: number; to: number }>,
  path: string,
): { from: number; to: number } | undefined {
  for (let p = path; ;) {
    const range = ranges.get(p);
    if (range) return range;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) return ranges.get('$');
    p = p.slice(0, cut);
  }
}

/** The path of the object or array that `node` is (or is a value in), from the root. */
export function segmentsOf(state: EditorState, node: SyntaxNode): PathSegment[] {
  const segments: PathSegment[] = [];
  for (let at: SyntaxNode | null = node; at && at.parent; at = at.parent) {
    const parent: SyntaxNode = at.parent;
    if (parent.name === 'Property' && VALUE_NODES.has(at.name)) {
      const key = keyOf(state, parent);
      if (key !== undefined) segments.unshift(key);
    } else if (parent.name === 'Array' && VALUE_NODES.has(at.name)) {
      // Node objects are made afresh on each walk: the same node is the one at the same place.
      const from = at.from;
      segments.unshift(
        children(parent)
          .filter((c) => VALUE_NODES.has(c.name))
          .findIndex((c) => c.from === from),
      );
    }
  }
  return segments;
}
