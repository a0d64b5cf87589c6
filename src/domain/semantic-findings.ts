// What every semantic check of validation shares: the list of findings with
// the checks that recur across the problem (repeated ids, references to
// undefined ids, per-period lengths, periods past the horizon), and the
// context they are read against (the horizon, the defined ids).

import { childPath } from './json-path.js';
import type { InputError } from './problem.js';
import { isId, isIntAtLeast, isObject, type Raw } from './raw-value.js';
import { quoteAll } from './value-text.js';

export class Findings {
  readonly errors: InputError[] = [];

  add(path: string, message: string, code?: InputError['code']): void {
    this.errors.push(code ? { path, message, code } : { path, message });
  }

  /** Reports repeated ids; returns the first path of each id. */
  uniqueIds(entries: [number, Raw][], base: string, key = 'id'): Map<string, string> {
    const first = new Map<string, string>();
    for (const [i, entry] of entries) {
      const id = entry[key];
      if (!isId(id)) continue;
      const path = childPath(childPath(base, i), key);
      const earlier = first.get(id);
      if (earlier === undefined) first.set(id, path);
      else this.add(path, `duplicate id "${id}" (first at ${earlier})`);
    }
    return first;
  }

  /** Reports a reference to an id that is not defined; `known` undefined = the definitions are malformed, skip. */
  reference(value: unknown, known: Set<string> | undefined, path: string, what: string): void {
    if (known === undefined || !isId(value) || known.has(value)) return;
    const hint = known.size === 0 ? `no ${what} is defined` : known.size <= 8 ? `known: ${quoteAll([...known])}` : '';
    this.add(path, `names unknown ${what} "${value}"${hint ? ` (${hint})` : ''}`);
  }

  perPeriod(value: unknown, T: number | undefined, path: string): void {
    if (T === undefined || !Array.isArray(value) || value.length === T) return;
    this.add(path, `has ${value.length} ${value.length === 1 ? 'entry' : 'entries'} but periods is ${T}`);
  }

  periodWithin(value: unknown, T: number | undefined, path: string): void {
    if (T !== undefined && isIntAtLeast(value, 1) && value > T) {
      this.add(path, `is ${value}, after the last period (periods is ${T})`);
    }
  }
}

export interface Context {
  T: number | undefined;
  materials: Set<string> | undefined;
  suppliers: Set<string> | undefined;
}

/**
 * Ids defined by a list, or undefined when the list or any entry's id is
 * malformed: the missing id might be the one a reference names, so reporting
 * references then would only echo zod's error at every use.
 */
export function definedIds(list: unknown, absentMeansEmpty: boolean): Set<string> | undefined {
  if (list === undefined && absentMeansEmpty) return new Set();
  if (!Array.isArray(list)) return undefined;
  const ids = list.map((entry: unknown) => (isObject(entry) ? entry.id : undefined));
  return ids.every(isId) ? new Set(ids) : undefined;
}
