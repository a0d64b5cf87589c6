// Reading API keys from LODESTONE_API_KEYS and a keys file, refusing what
// would lock a tenant out or accept a weak key, and finding a key's tenant.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiKeyRing, readApiKeys } from '../../src/tenants/api-keys.js';

const A = 'a'.repeat(16);
const B = 'b'.repeat(20);

describe('readApiKeys', () => {
  it('reads name:key pairs from the variable and from a file (comments and blank lines ignored)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lodestone-keys-')), 'keys');
    writeFileSync(file, `# planners\n\nplanning-eu:${B}\r\n`);
    expect(readApiKeys(` alice:${A} ,`, file)).toEqual([
      { name: 'alice', key: A },
      { name: 'planning-eu', key: B },
    ]);
    expect(readApiKeys(undefined, undefined)).toEqual([]);
  });

  it('refuses short keys, bad names, duplicates and an unreadable file, saying where', () => {
    expect(() => readApiKeys('alice:short', undefined)).toThrow(
      /LODESTONE_API_KEYS, entry 1: the key of "alice" must be at least 16 characters/,
    );
    expect(() => readApiKeys(`${A}`, undefined)).toThrow(/expected name:key/);
    expect(() => readApiKeys(`al ice:${A}`, undefined)).toThrow(/expected name:key/);
    expect(() => readApiKeys(`alice:${A},alice:${B}`, undefined)).toThrow(/"alice" appears twice/);
    expect(() => readApiKeys(`alice:${A},bob:${A}`, undefined)).toThrow(/also another tenant's key/);
    expect(() => readApiKeys(undefined, '/nonexistent/keys')).toThrow(/cannot read LODESTONE_API_KEYS_FILE/);
  });
});

describe('ApiKeyRing', () => {
  it("finds the key's tenant, and nobody's for a near miss", () => {
    const ring = new ApiKeyRing([
      { name: 'alice', key: A },
      { name: 'bob', key: B },
    ]);
    expect(ring.enabled).toBe(true);
    expect(ring.tenantOf(A)).toBe('alice');
    expect(ring.tenantOf(B)).toBe('bob');
    expect(ring.tenantOf(A.slice(1))).toBeNull();
    expect(ring.tenantOf(`${A}a`)).toBeNull();
    expect(ring.tenantOf('')).toBeNull();
    expect(new ApiKeyRing([]).enabled).toBe(false);
  });
});
