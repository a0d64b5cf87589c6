// Parsers for command-line option values, shared by every command (commander
// calls them with the raw string; a bad value exits 2 with commander's message).

import { InvalidArgumentError } from 'commander';

export function oneOf<T extends string>(values: readonly T[]) {
  return (value: string): T => {
    if (!values.includes(value as T)) throw new InvalidArgumentError(`must be one of ${values.join(', ')}`);
    return value as T;
  };
}

export function integerAtLeast(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`must be a whole number >= ${min}`);
    return n;
  };
}
