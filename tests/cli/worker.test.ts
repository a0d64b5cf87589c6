// `lodestone worker` refuses to start without a Redis to take variations
// from, and on a URL that is not Redis's, with exit code 2 and a message
// that says what to set. (Its work with a real Redis: tests/jobs/bullmq-*.)

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

function worker(env: NodeJS.ProcessEnv, ...args: string[]) {
  const rest = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'LODESTONE_REDIS_URL'));
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/run.ts'), 'worker', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...rest, ...env },
  });
  return { code: r.status, stderr: r.stderr };
}

describe('lodestone worker', () => {
  it('exits 2 without LODESTONE_REDIS_URL or --redis, saying what to set', () => {
    const r = worker({});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('set LODESTONE_REDIS_URL or --redis');
  });

  it('exits 2 on --workers 0', () => {
    const r = worker({ LODESTONE_REDIS_URL: 'redis://127.0.0.1:1' }, '--workers', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('must be a whole number >= 1');
  });

  it('refuses a URL that is not redis:// with exit code 1 and the reason', () => {
    const r = worker({}, '--redis', 'http://example.org', '--workers', '1');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('must be a redis:// or rediss:// URL');
  });
});
