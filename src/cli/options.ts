// Parsers for command-line option values, shared by every command (commander
// calls them with the raw string; a bad value exits 2 with commander's message).

import { InvalidArgumentError } from 'commander';

export function oneOf<T extends string>(values: readonly T[]) {
  return (value: string): T => {
    if (!values.includes(value as T)) throw new InvalidArgumentError(`must be one of ${values.join(', ')}`);
    return value as T;
  };
}

/** `--analysis vss,evpi`: MODEL.md section 9 analyses, comma-separated. */
export function analysisList(value: string): ('vss' | 'evpi')[] {
  const kinds = value.split(',').map((s) => s.trim());
  for (const k of kinds)
    if (k !== 'vss' && k !== 'evpi') throw new InvalidArgumentError('must be vss, evpi or vss,evpi');
  return [...new Set(kinds)] as ('vss' | 'evpi')[];
}

export function integerAtLeast(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`must be a whole number >= ${min}`);
    return n;
  };
}
