// Fields the problem format does not know, found by walking a raw input
// against the problem's JSON Schema (generated from the zod schema, so a field
// added there is known here at once). The contract lets planners add fields,
// so these are warnings, not errors; but a misspelt field (`toolingCost`,
// `leadtime`) is silently dropped, so each is named, with the nearest known
// field when one is close.

import { nearestName, type KnownName } from './did-you-mean.js';
import { problemJsonSchema, type JsonSchemaNode } from './problem-json-schema.js';
import type { InputWarning } from './warning.js';
import { childPath } from './json-path.js';

let rootSchema: JsonSchemaNode | undefined;

export function unknownFieldWarnings(raw: unknown): InputWarning[] {
  rootSchema ??= problemJsonSchema();
  const found: InputWarning[] = [];
  walk(raw, rootSchema, '$', found);
  return found;
}

function resolve(node: JsonSchemaNode): JsonSchemaNode {
  if (node.$ref?.startsWith('#/$defs/') && rootSchema?.$defs) {
    return rootSchema.$defs[node.$ref.slice('#/$defs/'.length)] ?? node;
  }
  return node;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The forms a value may take (the branches of anyOf/oneOf/allOf), flattened. */
function forms(node: JsonSchemaNode): JsonSchemaNode[] {
  const resolved = resolve(node);
  const branches = [...(resolved.anyOf ?? []), ...(resolved.oneOf ?? []), ...(resolved.allOf ?? [])];
  if (branches.length === 0) return [resolved];
  return [resolved, ...branches.flatMap(forms)];
}

/** Object forms that fit the value: a discriminated branch only when its constant fields match. */
function objectForms(value: Record<string, unknown>, node: JsonSchemaNode): JsonSchemaNode[] {
  const objects = forms(node).filter((f) => f.properties !== undefined);
  const matching = objects.filter((f) =>
    Object.entries(f.properties ?? {}).every(([key, p]) => p.const === undefined || value[key] === p.const),
  );
  return matching.length > 0 ? matching : objects;
}

function walk(value: unknown, node: JsonSchemaNode, path: string, found: InputWarning[]): void {
  if (Array.isArray(value)) {
    for (const form of forms(node)) {
      if (form.prefixItems) {
        value.forEach((item, i) => form.prefixItems?.[i] && walk(item, form.prefixItems[i], childPath(path, i), found));
        return;
      }
      if (form.items) {
        value.forEach((item, i) => walk(item, form.items as JsonSchemaNode, childPath(path, i), found));
        return;
      }
    }
    return;
  }
  if (!isPlainObject(value)) return;
  const candidates = objectForms(value, node);
  if (candidates.length === 0) {
    // A record (`bom`, `approval`): its keys are ids, not fields; only its values have a shape.
    const record = forms(node).find((f) => typeof f.additionalProperties === 'object');
    if (record) {
      for (const [key, item] of Object.entries(value))
        walk(item, record.additionalProperties as JsonSchemaNode, childPath(path, key), found);
    }
    return;
  }
  const known = new Map<string, JsonSchemaNode>();
  for (const form of candidates)
    for (const [key, p] of Object.entries(form.properties ?? {})) if (!known.has(key)) known.set(key, p);
  const names: KnownName[] = [...known].map(([name, p]) => ({ name, description: resolve(p).description }));
  for (const [key, item] of Object.entries(value)) {
    const property = known.get(key);
    const at = childPath(path, key);
    if (property) {
      walk(item, property, at, found);
      continue;
    }
    const nearest = nearestName(key, names);
    found.push({
      path: at,
      message: `unknown field \`${key}\`${nearest ? `; did you mean \`${nearest}\`?` : ' (ignored)'}`,
    });
  }
}
