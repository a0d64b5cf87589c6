// The rules every decoded body obeys, JSON or MessagePack alike, checked by
// one iterative walk: no deeper, longer, wider or larger than the decode
// limits, plain maps, lists, strings, numbers, booleans and null only (no
// BigInt, Buffer, Map, Date...), and no prototype keys. Every value reached
// counts against the node limit, so a shared or cyclic value (which neither
// decoder can build any more, see msgpack-scan.ts) would stop the walk at the
// limit instead of being walked once per path (a 531-byte DAG had 2^40).

import type { DecodeLimits } from '../domain/limits.js';
import { childPath } from '../domain/json-path.js';
import { refusedKeyMessage } from './refused-keys.js';

/** Why a decoded value was refused, with the JSON path at fault. */
export class DecodedValueRefusal extends Error {
  override readonly name = 'DecodedValueRefusal';
}

function describeObject(value: object): string {
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null;
  const name = proto?.constructor?.name;
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object of unknown kind';
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

interface Entry {
  value: unknown;
  parent: Entry | null;
  key: string | number;
  depth: number;
}

/** Segments of a path shown at each end; a deeper path is elided in the middle. */
const PATH_ENDS = 8;

/** The JSON path of an entry, built only when a message needs it. */
function pathOf(entry: Entry): string {
  const keys: (string | number)[] = [];
  for (let e: Entry | null = entry; e !== null && e.parent !== null; e = e.parent) keys.push(e.key);
  keys.reverse();
  if (keys.length <= 2 * PATH_ENDS) return keys.reduce<string>((path, key) => childPath(path, key), '$');
  const head = keys.slice(0, PATH_ENDS).reduce<string>((path, key) => childPath(path, key), '$');
  const tail = keys.slice(-PATH_ENDS).reduce<string>((path, key) => childPath(path, key), '');
  return `${head}...(${keys.length - 2 * PATH_ENDS} more levels)...${tail}`;
}

/** Why a scalar is refused (BigInt, function, symbol, undefined), or null for a JSON scalar. */
function refusedScalar(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return null;
    case 'bigint':
      return `is a BigInt (${value}); send a number (float 64) or an integer within +-2^53`;
    case 'object':
      return value === null ? null : 'is an object';
    default:
      return `is ${String(value)}, which is not a JSON value`;
  }
}

/** Throws DecodedValueRefusal unless `root` is a plain JSON-like tree within `limits`. */
export function checkDecodedValue(root: unknown, limits: DecodeLimits): void {
  const rootEntry: Entry = { value: root, parent: null, key: '$', depth: 0 };
  const scalar = refusedScalar(root);
  if (root === null || typeof root !== 'object') {
    if (scalar !== null) throw new DecodedValueRefusal(`$ ${scalar}`);
    return;
  }
  // Only containers are stacked; scalars are checked where they are found.
  const stack: Entry[] = [rootEntry];
  let nodes = 1;
  const child = (entry: Entry, key: string | number, value: unknown): void => {
    if (++nodes > limits.maxNodes)
      throw new DecodedValueRefusal(
        `the document has more than ${limits.maxNodes} values (at ${childPath(pathOf(entry), key)})`,
      );
    if (value !== null && typeof value === 'object') {
      stack.push({ value, parent: entry, key, depth: entry.depth + 1 });
      return;
    }
    const refused = refusedScalar(value);
    if (refused !== null) throw new DecodedValueRefusal(`${childPath(pathOf(entry), key)} ${refused}`);
  };
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const value = entry.value as object;
    if (entry.depth + 1 > limits.maxDepth)
      throw new DecodedValueRefusal(`${pathOf(entry)} nests deeper than ${limits.maxDepth} levels`);
    if (Array.isArray(value)) {
      if (value.length > limits.maxArrayLength)
        throw new DecodedValueRefusal(
          `the list at ${pathOf(entry)} has ${value.length} entries, above the limit of ${limits.maxArrayLength}`,
        );
      for (let i = value.length - 1; i >= 0; i--) child(entry, i, value[i]);
      continue;
    }
    if (!isPlainObject(value)) throw new DecodedValueRefusal(`${pathOf(entry)} is ${describeObject(value)}, not a map`);
    const keys = Object.keys(value);
    if (keys.length > limits.maxKeys)
      throw new DecodedValueRefusal(
        `the map at ${pathOf(entry)} has ${keys.length} keys, above the limit of ${limits.maxKeys}`,
      );
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const refused = refusedKeyMessage(key);
      if (refused) throw new DecodedValueRefusal(`${childPath(pathOf(entry), key)}: ${refused}`);
      child(entry, key, (value as Record<string, unknown>)[key]);
    }
  }
}
