// A real redis-server for the BullMQ tests: its own free port (never 6379),
// its own temporary directory, started and stopped by the test. Without
// redis-server the tests say loudly why they are skipped; in CI
// (CI=true) they fail instead, as .ci/run installs it.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REDIS_SERVER = 'redis-server';

/** Why the Redis tests cannot run here, or null when they can. */
export function redisMissing(): string | null {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (found.status === 0) return null;
  return `redis-server is not installed (Debian: apt-get install -y redis-server; .ci/run installs it)`;
}

/**
 * Call at the top of a Redis test file: true when its tests can run. In CI a
 * missing redis-server throws (the file fails); elsewhere it is reported.
 */
export function redisTestsCanRun(file: string): boolean {
  const missing = redisMissing();
  if (missing === null) return true;
  if (process.env.CI === 'true') throw new Error(`${file}: ${missing}, and CI=true: the Redis tests must run in CI`);
  process.stderr.write(`\n*** SKIPPED ${file}: ${missing} ***\n\n`);
  return false;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface TestRedis {
  url: string;
  port: number;
  host: string;
  dir: string;
  /** stops the server (SIGTERM: it writes its append-only file first; SIGKILL: it does not) */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** starts it again on the same port and directory (the append-only file, if any, is read back) */
  start(): Promise<void>;
  /** stops it and removes its directory */
  destroy(): Promise<void>;
}

export async function startRedis(
  options: {
    appendOnly?: boolean;
    host?: string;
    port?: number;
    /** more addresses to listen on */
    alsoBind?: string[];
  } = {},
): Promise<TestRedis> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host === '0.0.0.0' ? '127.0.0.1' : host));
  const dir = mkdtempSync(join(tmpdir(), 'lodestone-redis-'));
  let child: ChildProcess | null = null;
  let log = '';

  const start = async () => {
    const args = [
      '--port',
      String(port),
      '--bind',
      host,
      ...(options.alsoBind ?? []),
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      options.appendOnly ? 'yes' : 'no',
      '--appendfsync',
      'always',
      '--protected-mode',
      'no',
      '--daemonize',
      'no',
    ];
    const started = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start on ${port}:\n${log}`)), 15_000);
      const onData = (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      };
      started.stdout.on('data', onData);
      started.stderr.on('data', onData);
      started.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}) at start:\n${log}`));
      });
    });
    log = '';
  };

  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await exited;
  };

  await start();
  return {
    url: `redis://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    host,
    dir,
    stop,
    start,
    destroy: async () => {
      await stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
