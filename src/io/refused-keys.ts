// Keys no problem has and that code copying an object key by key could turn
// into a prototype change: refused in every decoded body, JSON or MessagePack,
// as fastify's own JSON parser (secure-json-parse) refuses them.

const REFUSED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Why `key` is refused, or null if it is an ordinary key. */
export function refusedKeyMessage(key: string): string | null {
  return REFUSED_KEYS.has(key) ? `the key "${key}" is refused (prototype pollution)` : null;
}
