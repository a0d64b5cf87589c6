// Defensive readers of a raw (unvalidated) input value for the semantic
// checks of validation: each answers "is this usable?" and never throws, so a
// check skips whatever is malformed and leaves it to zod to report.

export type Raw = Record<string, unknown>;

export function isObject(value: unknown): value is Raw {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

export function isIntAtLeast(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

export function isFiniteNonNegative(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

export function has(object: Raw, key: string): boolean {
  return object[key] !== undefined;
}

/** Entries of a list that are objects, with their index; anything else is zod's to report. */
export function objectEntries(value: unknown): [number, Raw][] {
  if (!Array.isArray(value)) return [];
  const out: [number, Raw][] = [];
  value.forEach((item, i) => {
    if (isObject(item)) out.push([i, item]);
  });
  return out;
}
