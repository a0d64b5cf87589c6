// `lodestone batch --remote` with every party a real process: a redis-server
// of the test's own, `lodestone worker` processes and the CLI. Each
// variation goes to the workers as one run, its whole frontier (two
// variations at once on two workers);
// the result files equal those of a local batch within 1e-6. Interrupted with Ctrl-C, the CLI exits 130, the worker stops
// its runs, and the same command run again solves only what is missing.

import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FrontierResult } from '../../src/frontier/solve-frontier.js';
import { CLI_ENTRY, lodestone, repoRoot } from '../helpers/cli.js';
import { fixture } from '../helpers/http-server.js';
import { FAST_REMOTE_ENV, killAll, startWorkerProcess, until } from '../helpers/lodestone-processes.js';
import { redisTestsCanRun, startRedis, type TestRedis } from '../helpers/redis-server.js';
import { expectRel } from '../helpers/solve.js';

const POINTS = '3';
const dir = mkdtempSync(join(tmpdir(), 'lodestone-remote-batch-'));
const batchFile = join(dir, 'sweep.json');
writeFileSync(
  batchFile,
  JSON.stringify({
    base: fixture('wind-turbine-oem.json'),
    sweep: { grid: { '/risk/alpha': [0.85, 0.9, 0.95, 0.99] } },
  }),
);

/** Run ids a worker's log says it started ("solving run <id> (n steps)"), one entry per start. */
const runStarts = (log: string[]) =>
  log.flatMap((line) => {
    const match = /solving run (\S+) \(/.exec(line);
    return match ? [match[1]] : [];
  });

const resultFiles = (out: string) =>
  existsSync(out)
    ? readdirSync(out)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];

function batchRemote(env: NodeJS.ProcessEnv, out: string) {
  const cli = spawn(
    process.execPath,
    [...CLI_ENTRY, 'batch', batchFile, '--remote', '--points', POINTS, '--out', out],
    {
      cwd: repoRoot,
      env: { ...process.env, ...FAST_REMOTE_ENV, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    cli.once('exit', (code) => resolve({ code, stderr })),
  );
  return { cli, exited, stderr: () => stderr };
}

describe('lodestone batch --remote: options', () => {
  it('exits 2 without LODESTONE_REDIS_URL, and with --workers', () => {
    const missing = lodestone('batch', batchFile, '--remote', '--out', join(dir, 'unused'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--remote needs LODESTONE_REDIS_URL');
    const both = lodestone('batch', batchFile, '--remote', '--workers', '2', '--out', join(dir, 'unused'));
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--remote and --workers exclude each other');
  });

  it('exits 1 naming the Redis (password hidden) when it does not answer, for batch and solve', async () => {
    // a port that was free a moment ago: nothing answers there
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = server.address() as AddressInfo;
        server.close(() => resolve(p));
      });
    });
    const env = { LODESTONE_REDIS_URL: `redis://:secret@127.0.0.1:${port}` };
    const started = Date.now();
    const batch = await batchRemote(env, join(dir, 'unreachable')).exited;
    expect(batch.code).toBe(1);
    expect(batch.stderr).toContain(
      `Redis at redis://:***@127.0.0.1:${port} (LODESTONE_REDIS_URL) did not answer in 5 s`,
    );
    expect(batch.stderr).not.toContain('secret');
    const solve = spawn(
      process.execPath,
      [...CLI_ENTRY, 'solve', join(repoRoot, 'fixtures/wind-turbine-oem.json'), '--remote'],
      {
        cwd: repoRoot,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    solve.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => solve.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('did not answer in 5 s');
    // each gave up after the wait, not at once and not never
    expect(Date.now() - started).toBeGreaterThanOrEqual(10_000);
  }, 60_000);
});

const canRun = redisTestsCanRun('tests/jobs/remote-batch-cli.test.ts');

describe.skipIf(!canRun)('lodestone batch --remote (real processes)', () => {
  let redis: TestRedis;
  const local = join(dir, 'local');

  beforeAll(async () => {
    redis = await startRedis();
    const r = lodestone('batch', batchFile, '--points', POINTS, '--out', local);
    expect(r.code, r.stderr).toBe(0);
  }, 180_000);

  afterEach(killAll);

  afterAll(async () => {
    killAll();
    await redis?.destroy();
  });

  function expectLocalResults(out: string): void {
    expect(resultFiles(out)).toEqual(resultFiles(local));
    for (const file of resultFiles(local)) {
      const remote = JSON.parse(readFileSync(join(out, file), 'utf8')) as FrontierResult;
      const mine = JSON.parse(readFileSync(join(local, file), 'utf8')) as FrontierResult;
      expect(remote.frontier.map((p) => p.kind)).toEqual(mine.frontier.map((p) => p.kind));
      remote.frontier.forEach((point, i) => {
        expectRel(point.expectedCost, mine.frontier[i].expectedCost);
        expectRel(point.cvar, mine.frontier[i].cvar);
      });
    }
    const rows = (d: string) => readFileSync(join(d, 'summary.csv'), 'utf8').trimEnd().split('\r\n');
    // the same rows (a row per point), named the same
    expect(rows(out).map((r) => r.split(',')[0])).toEqual(rows(local).map((r) => r.split(',')[0]));
  }

  it("solves the variations' runs on the workers; the results equal a local batch", async () => {
    const env = { LODESTONE_REDIS_URL: redis.url };
    const workers = await Promise.all([startWorkerProcess(env), startWorkerProcess(env)]);
    const out = join(dir, 'remote');
    const { code, stderr } = await batchRemote(env, out).exited;
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('4 of 4 variations solved');
    // every variation was solved remotely as one run of its whole frontier, by both workers
    const starts = workers.map((w) => runStarts(w.log));
    expect(starts.flat()).toHaveLength(4);
    expect(starts.every((s) => s.length > 0)).toBe(true);
    const wholes = workers.flatMap((w) =>
      w.log.filter((line) => line.includes(`(${POINTS} points, a whole frontier)`)),
    );
    expect(wholes).toHaveLength(4);
    expectLocalResults(out);
    for (const w of workers) w.child.kill('SIGTERM');
    for (const w of workers) expect((await w.exited).code).toBe(0);
  }, 300_000);

  it('stops the runs when interrupted with Ctrl-C (exit 130), and solves only the rest when run again', async () => {
    const env = { LODESTONE_REDIS_URL: redis.url };
    const worker = await startWorkerProcess(env);
    const out = join(dir, 'interrupted');
    const first = batchRemote(env, out);
    // interrupted once a variation is written and a run of the next one is on the worker
    await until(() => resultFiles(out).length >= 1, 120_000, 'the first variation to be written');
    const before = runStarts(worker.log).length;
    await until(() => runStarts(worker.log).length > before, 120_000, 'the worker to start another run');
    const started = runStarts(worker.log);
    first.cli.kill('SIGINT');
    const { code, stderr } = await first.exited;
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/interrupted with [1-3] of 4 variations solved/);
    const unsolved = started.filter((id) => !worker.log.some((line) => line.includes(`solved run ${id}`)));
    await until(
      () => unsolved.every((id) => worker.log.some((line) => line.includes(`cancelled run ${id}`))),
      30_000,
      `the worker to stop runs ${unsolved.join(', ')}`,
    );
    const solvedBefore = resultFiles(out).length;
    expect(solvedBefore).toBeGreaterThanOrEqual(1);

    const again = await batchRemote(env, out).exited;
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`${solvedBefore} of 4 variations already solved`);
    expectLocalResults(out);
    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
  }, 300_000);
});
