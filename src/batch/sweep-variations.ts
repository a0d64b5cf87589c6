// A sweep's named variations, `[{name, patch}]`, read from the batch input:
// each name defaulted or trimmed and checked unique, each patch checked as
// an RFC 6902 patch (json-patch.ts).

import { describe, isObject, type BatchError } from './batch-errors.js';
import { readPatch, type PatchOperation } from './json-patch.js';

export interface SweepVariation {
  name: string;
  patch: PatchOperation[];
}

export function readVariations(raw: unknown, errors: BatchError[]): SweepVariation[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    errors.push({ path: '$.sweep.variations', message: `must be a list of {"name", "patch"}, not ${describe(raw)}` });
    return [];
  }
  const seen = new Map<string, number>();
  return raw.map((item, i) => {
    const path = `$.sweep.variations[${i}]`;
    if (!isObject(item)) {
      errors.push({ path, message: `must be an object with "name" and "patch", not ${describe(item)}` });
      return { name: `variation ${i + 1}`, patch: [] };
    }
    for (const key of Object.keys(item))
      if (key !== 'name' && key !== 'patch')
        errors.push({ path: `${path}.${key}`, message: 'is not a variation field (expected "name" and "patch")' });
    let name = `variation ${i + 1}`;
    if (item.name !== undefined) {
      if (typeof item.name !== 'string' || item.name.trim() === '')
        errors.push({ path: `${path}.name`, message: `must be a non-empty string, not ${describe(item.name)}` });
      else name = item.name.trim();
    }
    const first = seen.get(name);
    if (first !== undefined)
      errors.push({
        variation: i,
        name,
        path: `${path}.name`,
        message: `repeats the name of variation ${first}; names must be unique`,
      });
    else seen.set(name, i);
    return { name, patch: readPatch(item.patch, `${path}.patch`, errors) };
  });
}
