// `lodestone solve --remote` with every party a real process: a redis-server
// of the test's own, two `lodestone worker` processes, and the CLI. Worker A
// is killed with kill -9 as it starts a run; BullMQ's stalled-job check hands
// the run to worker B, and the frontier the CLI writes equals LocalExecutor's
// within 1e-6. Also: --remote without LODESTONE_REDIS_URL exits 2.

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

describe.skipIf(!canRun)('remote frontier runs, a worker killed (real processes)', () => {
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
    const out = join(dir, 'frontier.json');
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
    const exited = new Promise<number | null>((resolve) => cli.once('exit', resolve));

    await until(() => runStarts(a.log).length >= 1, 120_000, 'worker A to start a run');
    const killedRun = runStarts(a.log)[0];
    a.child.kill('SIGKILL');
    expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const code = await exited;
    expect(code, stderr).toBe(0);
    expect(a.log.some((line) => line.includes(`solved run ${killedRun}`))).toBe(false);
    expect(runStarts(b.log)).toContain(killedRun);

    const remote = JSON.parse(readFileSync(out, 'utf8')) as FrontierResult;
    const problem = mustParse(fixture('bench/medium.json'));
    const executor = LocalExecutor.create(problem, { solveTimeLimitSec: 300 });
    const local = await solveFrontier(problem, executor, { points: POINTS }).finally(() => executor.close());
    expect(remote.frontier.map((p) => p.kind)).toEqual(local.frontier.map((p) => p.kind));
    remote.frontier.forEach((point, i) => {
      expectRel(point.expectedCost, local.frontier[i].expectedCost);
      expectRel(point.cvar, local.frontier[i].cvar);
    });
    console.log(`kill -9: worker A died on run ${killedRun}; B solved it; CLI exit ${code}`);
    b.child.kill('SIGTERM');
    expect((await b.exited).code).toBe(0);
  }, 300_000);
});
