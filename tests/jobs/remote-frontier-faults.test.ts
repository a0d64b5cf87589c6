// `lodestone solve --remote` with every party a real process: a redis-server
// of the test's own, two `lodestone worker` processes, and the CLI. Worker A
// is killed with kill -9 as it starts a run; BullMQ's stalled-job check hands
// the run to worker B, and the frontier the CLI writes equals LocalExecutor's
// within 1e-6. A worker stopped with SIGTERM (grace 100 ms) hands its run
// back, and a worker started later solves it. The CLI interrupted with
// Ctrl-C exits 130 and the worker stops its runs. Also: --remote without
// LODESTONE_REDIS_URL exits 2.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { solveFrontier, type FrontierResult } from '../../src/frontier/solve-frontier.js';
import { LocalExecutor } from '../../src/frontier/local-executor.js';
import { CLI_ENTRY, lodestone, repoRoot } from '../helpers/cli.js';
import { fixture } from '../helpers/http-server.js';
import { FAST_REMOTE_ENV, killAll, startWorkerProcess, until } from '../helpers/lodestone-processes.js';
import { redisTestsCanRun, startRedis, type TestRedis } from '../helpers/redis-server.js';
import { expectRel, mustParse } from '../helpers/solve.js';

const FILE = 'fixtures/bench/medium.json';
const POINTS = 5;

/** Run ids a worker's log says it started ("solving run <id> (n steps)"), one entry per start. */
const runStarts = (log: string[]) =>
  log.flatMap((line) => {
    const match = /solving run (\S+) \(/.exec(line);
    return match ? [match[1]] : [];
  });

describe('lodestone solve --remote without Redis', () => {
  it('exits 2 and says what is missing', () => {
    const { code, stderr } = lodestone('solve', FILE, '--remote');
    expect(code).toBe(2);
    expect(stderr).toContain('LODESTONE_REDIS_URL');
  });
});

const canRun = redisTestsCanRun('tests/jobs/remote-frontier-faults.test.ts');

/** `lodestone solve FILE --remote` as a process; resolves with its exit code and the frontier it wrote. */
function solveRemote(env: NodeJS.ProcessEnv, out: string): Promise<{ code: number | null; stderr: string }> {
  const cli = spawn(
    process.execPath,
    [...CLI_ENTRY, 'solve', FILE, '--remote', '--points', String(POINTS), '--out', out],
    {
      cwd: repoRoot,
      env: { ...process.env, ...FAST_REMOTE_ENV, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => cli.once('exit', (code) => resolve({ code, stderr })));
}

let localResult: Promise<FrontierResult> | null = null;
/** LocalExecutor's frontier, solved once for the file's tests. */
function localFrontier(): Promise<FrontierResult> {
  localResult ??= (async () => {
    const problem = mustParse(fixture('bench/medium.json'));
    const executor = LocalExecutor.create(problem, { solveTimeLimitSec: 300 });
    return solveFrontier(problem, executor, { points: POINTS }).finally(() => executor.close());
  })();
  return localResult;
}

async function expectLocalFrontier(out: string): Promise<void> {
  const remote = JSON.parse(readFileSync(out, 'utf8')) as FrontierResult;
  const local = await localFrontier();
  expect(remote.frontier.map((p) => p.kind)).toEqual(local.frontier.map((p) => p.kind));
  remote.frontier.forEach((point, i) => {
    expectRel(point.expectedCost, local.frontier[i].expectedCost);
    expectRel(point.cvar, local.frontier[i].cvar);
  });
}

describe.skipIf(!canRun)('remote frontier runs, a worker killed or stopped (real processes)', () => {
  let redis: TestRedis;
  const dir = mkdtempSync(join(tmpdir(), 'lodestone-remote-runs-'));

  beforeAll(async () => {
    redis = await startRedis();
  }, 30_000);

  afterEach(killAll);

  afterAll(async () => {
    killAll();
    await redis?.destroy();
  });

  it('hands the run of a worker killed with kill -9 to the other worker; the frontier equals the local one', async () => {
    const env = { LODESTONE_REDIS_URL: redis.url };
    const [a, b] = await Promise.all([startWorkerProcess(env), startWorkerProcess(env)]);
    const out = join(dir, 'killed.json');
    const exited = solveRemote(env, out);

    await until(() => runStarts(a.log).length >= 1, 120_000, 'worker A to start a run');
    const killedRun = runStarts(a.log)[0];
    a.child.kill('SIGKILL');
    expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const { code, stderr } = await exited;
    expect(code, stderr).toBe(0);
    expect(a.log.some((line) => line.includes(`solved run ${killedRun}`))).toBe(false);
    expect(runStarts(b.log)).toContain(killedRun);

    await expectLocalFrontier(out);
    console.log(`kill -9: worker A died on run ${killedRun}; B solved it; CLI exit ${code}`);
    b.child.kill('SIGTERM');
    expect((await b.exited).code).toBe(0);
  }, 300_000);

  it('stops the runs on the worker when the CLI is interrupted with Ctrl-C, which exits 130', async () => {
    const env = { LODESTONE_REDIS_URL: redis.url };
    const worker = await startWorkerProcess(env);
    const cli = spawn(process.execPath, [...CLI_ENTRY, 'solve', FILE, '--remote', '--points', '11'], {
      cwd: repoRoot,
      env: { ...process.env, ...FAST_REMOTE_ENV, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
    await until(() => runStarts(worker.log).length >= 1, 120_000, 'the worker to start a run');
    const started = runStarts(worker.log);
    cli.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    expect(stderr).toContain('lodestone: interrupted; nothing was written');
    await until(
      () => started.every((id) => worker.log.some((line) => line.includes(`cancelled run ${id}`))),
      30_000,
      `the worker to stop runs ${started.join(', ')}`,
    );
    expect(worker.log.filter((line) => started.some((id) => line.includes(`solved run ${id}`)))).toEqual([]);
    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
  }, 300_000);

  it('hands a running run back on SIGTERM after the grace period; another worker solves it', async () => {
    const env = { LODESTONE_REDIS_URL: redis.url };
    const leaving = await startWorkerProcess({ ...env, LODESTONE_JOB_STOP_GRACE_MS: '100' });
    const out = join(dir, 'handed-back.json');
    const exited = solveRemote(env, out);
    await until(() => runStarts(leaving.log).length >= 1, 120_000, 'the worker to start a run');
    const handedBack = runStarts(leaving.log)[0];
    leaving.child.kill('SIGTERM');
    expect((await leaving.exited).code).toBe(0);
    expect(leaving.log.some((line) => line.includes(`handed run ${handedBack} back`))).toBe(true);
    const staying = await startWorkerProcess(env);
    const { code, stderr } = await exited;
    expect(code, stderr).toBe(0);
    expect(runStarts(staying.log)).toContain(handedBack);
    await expectLocalFrontier(out);
    staying.child.kill('SIGTERM');
    expect((await staying.exited).code).toBe(0);
  }, 300_000);
});
