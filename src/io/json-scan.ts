// A pass over JSON text, before JSON.parse, that refuses nesting beyond the
// decode limit: V8 parses a million levels (in over a second) and everything
// recursive afterwards (structuredClone, JSON.stringify) then overflows the
// stack, which had answered a 10k-level batch with a 500 (issue 11). One
// linear scan; strings are skipped so brackets inside them do not count.

import type { DecodeLimits } from '../domain/limits.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_LIST = 0x5b;
const OPEN_MAP = 0x7b;
const CLOSE_LIST = 0x5d;
const CLOSE_MAP = 0x7d;

/** The byte offset where nesting first exceeds `limits.maxDepth`, or -1. */
export function jsonDepthExceededAt(bytes: Uint8Array, limits: Pick<DecodeLimits, 'maxDepth'>): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_LIST || b === OPEN_MAP) {
      if (++depth > limits.maxDepth) return i;
    } else if (b === CLOSE_LIST || b === CLOSE_MAP) depth--;
  }
  return -1;
}
