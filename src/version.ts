import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// package.json is the one place the version is written: the nearest one above
// this file that is ours (src/ when run from source, dist/src/ when built).
// Searched upwards rather than at fixed relative paths, so that no path can
// reach outside the repository.
function readVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < 3; level++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'lodestone' && pkg.version) return pkg.version;
    } catch {
      // no package.json here: one level up
    }
  }
  return '0.0.0';
}

export const VERSION = readVersion();
