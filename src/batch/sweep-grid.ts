// A sweep's grid, `{pointer: [values]}`: reading it from the batch input,
// short readable labels for its axes, its points (the cartesian product of
// the axes' values), and the patch operation and name part each point gives.

import { Pointer } from 'rfc6902';
import { describe, isObject, type BatchError } from './batch-errors.js';
import { checkPointer, type PatchOperation } from './json-patch.js';

export interface GridAxis {
  pointer: string;
  label: string;
  values: unknown[];
}

export function readGrid(raw: unknown, errors: BatchError[]): GridAxis[] {
  if (raw === undefined) return [];
  if (!isObject(raw)) {
    errors.push({ path: '$.sweep.grid', message: `must map JSON Pointers to lists of values, not ${describe(raw)}` });
    return [];
  }
  const pointers = Object.keys(raw);
  const axes: GridAxis[] = [];
  for (const pointer of pointers) {
    const path = `$.sweep.grid[${JSON.stringify(pointer)}]`;
    const pointerError = checkPointer(pointer);
    if (pointerError || pointer === '') {
      errors.push({ path, message: pointerError ?? 'must point inside the problem, not at the whole of it' });
      continue;
    }
    const values = raw[pointer];
    if (!Array.isArray(values) || values.length === 0) {
      errors.push({ path, message: `must be a non-empty list of values, not ${describe(values)}` });
      continue;
    }
    axes.push({ pointer, label: '', values });
  }
  const labels = gridLabels(axes.map((a) => a.pointer));
  axes.forEach((axis, a) => (axis.label = labels[a]));
  return axes;
}

/** "replace" where the location exists, "add" where only its parent object does; else why not. */
export function gridOperation(problem: unknown, pointer: string, value: unknown): PatchOperation | string {
  const tokens = Pointer.fromJSON(pointer).tokens;
  const parent = new Pointer(tokens.slice(0, -1)).get(problem) as unknown;
  const key = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    if (/^(0|[1-9]\d*)$/.test(key) && Number(key) < parent.length) return { op: 'replace', path: pointer, value };
    return `${pointer} is past the end of a list of ${parent.length}; a grid replaces existing entries only`;
  }
  if (isObject(parent)) return { op: Object.hasOwn(parent, key) ? 'replace' : 'add', path: pointer, value };
  return `${pointer} does not exist in the problem${tokens.length > 1 ? ` (nothing at ${new Pointer(tokens.slice(0, -1)).toString() || '/'})` : ''}`;
}

/**
 * Short readable labels for grid pointers: the last two tokens
 * (`/scenarioModel/drivers/0/approval/EU` -> `approval.EU`), longer where a
 * label would start with a list index or repeat another pointer's.
 */
export function gridLabels(pointers: string[]): string[] {
  // rfc6902 keeps the empty token before the first "/"
  const tokenLists = pointers.map((p) => Pointer.fromJSON(p).tokens.slice(1));
  const label = (tokens: string[], n: number) => tokens.slice(Math.max(0, tokens.length - n)).join('.');
  const lengths = tokenLists.map((tokens) => {
    let n = Math.min(2, tokens.length);
    while (n < tokens.length && /^\d+$/.test(tokens[tokens.length - n])) n++;
    return n;
  });
  for (let changed = true; changed;) {
    changed = false;
    const labels = tokenLists.map((tokens, i) => label(tokens, lengths[i]));
    labels.forEach((l, i) => {
      if (labels.indexOf(l) !== i || labels.lastIndexOf(l) !== i) {
        if (lengths[i] < tokenLists[i].length) {
          lengths[i]++;
          changed = true;
        }
      }
    });
  }
  return tokenLists.map((tokens, i) => label(tokens, lengths[i]));
}

/** A grid point's part of a variation's name: `label=value` an axis (`approval.EU=0.5`), joined by ", ". */
export function pointLabel(axes: readonly GridAxis[], point: readonly unknown[]): string {
  return axes.map((axis, a) => `${axis.label}=${formatValue(point[a])}`).join(', ');
}

export function* cartesian(lists: unknown[][]): Generator<unknown[]> {
  if (lists.length === 0) {
    yield [];
    return;
  }
  const [first, ...rest] = lists;
  for (const value of first) for (const tail of cartesian(rest)) yield [value, ...tail];
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return JSON.stringify(value);
}
