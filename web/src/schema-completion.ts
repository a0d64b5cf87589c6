// Completion of a problem's field names (and fixed values) from the problem's
// JSON Schema, served by the service at GET /v1/schema/problem: at the cursor,
// the fields the schema allows in the enclosing object that are not there yet,
// each with its description.

import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import type { EditorView } from '@codemirror/view';
import type { SyntaxNode } from '@lezer/common';
import { fullTree, segmentsOf, type PathSegment } from './json-tree-paths.js';

export interface SchemaNode {
  type?: string | string[];
  description?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  prefixItems?: SchemaNode[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
  enum?: unknown[];
  const?: unknown;
  $ref?: string;
  $defs?: Record<string, SchemaNode>;
  definitions?: Record<string, SchemaNode>;
}

/** The node itself, its $ref followed, and its alternatives (anyOf, oneOf, allOf) flattened. */
function variants(root: SchemaNode, node: SchemaNode | undefined, depth = 0): SchemaNode[] {
  if (!node || depth > 20) return [];
  if (node.$ref) {
    const ref = node.$ref;
    const target =
      ref === '#'
        ? root
        : ref.startsWith('#/$defs/')
          ? root.$defs?.[ref.slice(8)]
          : ref.startsWith('#/definitions/')
            ? root.definitions?.[ref.slice(14)]
            : undefined;
    return variants(root, target, depth + 1);
  }
  const alternatives = [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])];
  return [node, ...alternatives.flatMap((n) => variants(root, n, depth + 1))];
}

/** The schema nodes that may describe the value at `segments`. */
export function nodesAt(root: SchemaNode, segments: readonly PathSegment[]): SchemaNode[] {
  let nodes = variants(root, root);
  for (const segment of segments) {
    nodes = nodes.flatMap((n) => {
      if (typeof segment === 'number') return variants(root, n.prefixItems?.[segment] ?? n.items);
      const child =
        n.properties?.[segment] ?? (typeof n.additionalProperties === 'object' ? n.additionalProperties : undefined);
      return variants(root, child);
    });
  }
  return nodes;
}

/** Writes `"key": ` over the typed name and its quotes (the closing one the editor added when the opening one was typed). */
function applyKey(key: string) {
  return (view: EditorView, _completion: Completion, from: number, to: number): void => {
    const start = view.state.doc.sliceString(from - 1, from) === '"' ? from - 1 : from;
    const end = view.state.doc.sliceString(to, to + 1) === '"' ? to + 1 : to;
    const insert = `"${key}": `;
    view.dispatch({ changes: { from: start, to: end, insert }, selection: { anchor: start + insert.length } });
  };
}

function typeName(node: SchemaNode): string | undefined {
  return Array.isArray(node.type) ? node.type.join(' | ') : node.type;
}

/** Completion of field names in objects, and of enum/const values after a colon. */
export function schemaCompletion(schema: () => SchemaNode | undefined) {
  return (context: CompletionContext): CompletionResult | null => {
    const root = schema();
    if (!root) return null;
    const word = context.matchBefore(/"?[A-Za-z0-9_$-]*/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    const before = context.state.doc.sliceString(Math.max(0, word.from - 200), word.from).trimEnd();
    const last = before.at(-1);
    const tree = fullTree(context.state);
    const inner = tree.resolveInner(word.from, -1);

    if (last === '{' || last === ',') {
      // A field name: the enclosing object's path, and its keys so far.
      let object: SyntaxNode | null = inner;
      while (object && object.name !== 'Object') object = object.parent;
      if (!object) return null;
      const segments = segmentsOf(context.state, object);
      const present = new Set(
        object.getChildren('Property').map((p) => {
          const name = p.getChild('PropertyName');
          return name ? context.state.doc.sliceString(name.from, name.to).replace(/^"|"$/g, '') : '';
        }),
      );
      const options = new Map<string, Completion>();
      for (const node of nodesAt(root, segments)) {
        for (const [key, child] of Object.entries(node.properties ?? {})) {
          if (present.has(key) || options.has(key)) continue;
          const described = variants(root, child);
          options.set(key, {
            label: key,
            type: 'property',
            detail: described.map(typeName).find(Boolean),
            info: described.map((n) => n.description).find(Boolean),
            apply: applyKey(key),
          });
        }
      }
      // Matched against the name without its opening quote.
      const from = word.text.startsWith('"') ? word.from + 1 : word.from;
      return options.size ? { from, options: [...options.values()], validFor: /^[A-Za-z0-9_$-]*$/ } : null;
    }
    if (last === ':') {
      // A value: the fixed values (enum, const) the schema allows for this field.
      const property = inner.name === 'Property' ? inner : inner.parent?.name === 'Property' ? inner.parent : null;
      let object: SyntaxNode | null = property ?? inner;
      while (object && object.name !== 'Object') object = object.parent;
      const nameNode = property?.getChild('PropertyName');
      if (!object || !nameNode) return null;
      const key = context.state.doc.sliceString(nameNode.from, nameNode.to).replace(/^"|"$/g, '');
      const values = nodesAt(root, [...segmentsOf(context.state, object), key]).flatMap((n) => [
        ...(n.enum ?? []),
        ...('const' in n ? [n.const] : []),
      ]);
      if (!values.length) return null;
      return {
        from: word.from,
        options: [...new Set(values.map((v) => JSON.stringify(v)))].map((label) => ({ label, type: 'constant' })),
      };
    }
    return null;
  };
}
