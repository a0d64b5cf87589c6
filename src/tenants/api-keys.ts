// Tenants are named by their API keys: LODESTONE_API_KEYS=name:key,name:key
// or a file of name:key lines (LODESTONE_API_KEYS_FILE). Read once at start;
// a malformed entry stops the service rather than leaving a tenant locked out
// or a weak key accepted. Keys are compared in constant time, against every
// key, so neither the time nor the order of the list tells an attacker
// anything about a key.

import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface ApiKey {
  /** the tenant: owns the jobs submitted with this key */
  name: string;
  key: string;
}

/** Shorter keys can be guessed; a typo (a missing character) is caught too. */
export const MIN_KEY_LENGTH = 16;
const NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** The keys of both sources (either may be absent); throws with the offending entry's place. */
export function readApiKeys(list: string | undefined, file: string | undefined): ApiKey[] {
  const keys: ApiKey[] = [];
  if (list) keys.push(...parseEntries(list.split(','), 'LODESTONE_API_KEYS'));
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`cannot read LODESTONE_API_KEYS_FILE=${file}: ${(error as Error).message}`);
    }
    const lines = text.split(/\r?\n/).map((line) => (line.trim().startsWith('#') ? '' : line));
    keys.push(...parseEntries(lines, `LODESTONE_API_KEYS_FILE ${file}`));
  }
  const names = new Set<string>();
  const secrets = new Set<string>();
  for (const { name, key } of keys) {
    if (names.has(name)) throw new Error(`API key name ${JSON.stringify(name)} appears twice`);
    if (secrets.has(key)) throw new Error(`the API key of ${JSON.stringify(name)} is also another tenant's key`);
    names.add(name);
    secrets.add(key);
  }
  return keys;
}

function parseEntries(entries: string[], source: string): ApiKey[] {
  const keys: ApiKey[] = [];
  entries.forEach((raw, i) => {
    const entry = raw.trim();
    if (entry === '') return;
    const colon = entry.indexOf(':');
    const name = colon < 0 ? '' : entry.slice(0, colon).trim();
    const key = colon < 0 ? '' : entry.slice(colon + 1).trim();
    const where = `${source}, entry ${i + 1}`;
    if (!NAME.test(name))
      throw new Error(`${where}: expected name:key with a name of letters, digits, '.', '_' or '-' (1 to 64)`);
    if (key.length < MIN_KEY_LENGTH || /\s/.test(key))
      throw new Error(
        `${where}: the key of ${JSON.stringify(name)} must be at least ${MIN_KEY_LENGTH} characters, no spaces`,
      );
    keys.push({ name, key });
  });
  return keys;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Finds the tenant of a presented key, comparing against every key in constant time. */
export class ApiKeyRing {
  private readonly entries: { name: string; digest: Buffer }[];

  constructor(keys: readonly ApiKey[]) {
    this.entries = keys.map(({ name, key }) => ({ name, digest: digest(key) }));
  }

  get enabled(): boolean {
    return this.entries.length > 0;
  }

  /** The tenant's name, or null for an unknown key. */
  tenantOf(presented: string): string | null {
    // Equal-length digests, so timingSafeEqual never throws and the length of the key leaks nothing.
    const candidate = digest(presented);
    let found: string | null = null;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, candidate) && found === null) found = entry.name;
    }
    return found;
  }
}
