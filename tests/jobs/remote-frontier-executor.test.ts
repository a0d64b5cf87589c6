// Frontier runs on BullMQ workers (--remote, LODESTONE_REMOTE_FRONTIERS)
// against a real redis-server of the test's own: a warm start survives the
// trip through Redis with its typed arrays; the frontier solved by a worker
// in this process equals LocalExecutor's within 1e-6, with one progress call
// per step as locally; the service with LODESTONE_REMOTE_FRONTIERS answers
// POST /v1/frontiers with the local frontier, solved by the worker; VSS and
// EVPI's solves run on the worker too, with the local analysis's numbers.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorker } from '../../src/cli/commands/worker.js';
import type { FrontierResult } from '../../src/frontier/solve-frontier.js';
import { solveFrontier } from '../../src/frontier/solve-frontier.js';
import { LocalExecutor } from '../../src/frontier/local-executor.js';
import { connectRemoteRuns } from '../../src/jobs/cli-remote-executor.js';
import { RemoteFrontierExecutor, solveWholeFrontier } from '../../src/jobs/remote-frontier-executor.js';
import { RemoteRunClient } from '../../src/jobs/remote-run-client.js';
import { decodeRun, decodeRunOutcome, encodeRun, encodeRunOutcome } from '../../src/jobs/remote-run.js';
import { fixture, postJson, startTestServer, testConfig, type TestServer } from '../helpers/http-server.js';
import { startTestWorker, TEST_REMOTE as REMOTE } from '../helpers/remote-workers.js';
import { until } from '../helpers/lodestone-processes.js';
import { redisTestsCanRun, startRedis, type TestRedis } from '../helpers/redis-server.js';
import { expectRel, mustParse } from '../helpers/solve.js';

const POINTS = 6;

/** Same points, within 1e-6 relative, in the same order. */
function expectSameFrontier(actual: FrontierResult, expected: FrontierResult): void {
  expect(actual.frontier.map((p) => p.kind)).toEqual(expected.frontier.map((p) => p.kind));
  actual.frontier.forEach((point, i) => {
    expectRel(point.expectedCost, expected.frontier[i].expectedCost);
    expectRel(point.cvar, expected.frontier[i].cvar);
    expectRel(point.worstCaseCost, expected.frontier[i].worstCaseCost);
  });
}

async function localFrontier(input: unknown, points: number): Promise<{ result: FrontierResult; progress: number[] }> {
  const problem = mustParse(input);
  const executor = LocalExecutor.create(problem, { solveTimeLimitSec: 120 });
  const progress: number[] = [];
  try {
    const result = await solveFrontier(problem, executor, { points, onProgress: (done) => progress.push(done) });
    return { result, progress };
  } finally {
    await executor.close();
  }
}

describe('remote runs on the wire', () => {
  it('keeps warm starts (typed arrays), infinite bounds and steps through msgpack', () => {
    const problem = mustParse(fixture('bench/small.json'));
    const warmStart = {
      backend: 'highs' as const,
      colStatus: new Int32Array([0, 1, 2, -1]),
      rowStatus: new Int32Array([3]),
    };
    const run = {
      steps: [
        { kind: 'epsilon' as const, cvarBound: 12.5 },
        { kind: 'safest' as const, cvarMin: Infinity, from: warmStart },
      ],
      warmStart,
      wantWarmStart: true,
    };
    const back = decodeRun(encodeRun({ problemKey: 'k', problem, run, backend: 'highs' }));
    expect(back.problem).toEqual(problem);
    if (!('run' in back)) throw new Error('a run came back as analysis solves');
    expect(back.run.warmStart?.backend).toBe('highs');
    const basis = back.run.warmStart as typeof warmStart;
    expect(basis.colStatus).toBeInstanceOf(Int32Array);
    expect([...basis.colStatus]).toEqual([0, 1, 2, -1]);
    expect(back.run.steps[1]).toMatchObject({ kind: 'safest', cvarMin: Infinity });
    const tasks = [{ kind: 'ev' as const }, { kind: 'ws' as const, scenario: 3 }];
    const analysis = encodeRun({ problemKey: 'k', problem, tasks, backend: 'auto' });
    expect(analysis).toMatchObject({ steps: 2, analysis: true });
    expect(decodeRun(analysis)).toMatchObject({ tasks });
    const cuts = new Float64Array([1.5, -Infinity, Number.MAX_VALUE]);
    const outcome = decodeRunOutcome(
      encodeRunOutcome({
        ok: true,
        result: { outcomes: [], warmStart: { backend: 'benders', id: cuts } as never },
        lp: { rows: 1, columns: 2, nonzeros: 3 },
        buildMs: 4,
        solvedBy: { host: 'h', pid: 1 },
      }),
    );
    if (!outcome.ok || !('result' in outcome)) throw new Error('the outcome lost its result');
    expect((outcome.result.warmStart as unknown as { id: Float64Array }).id).toEqual(cuts);
  });
});

const canRun = redisTestsCanRun('tests/jobs/remote-frontier-executor.test.ts');

describe.skipIf(!canRun)('frontier runs on BullMQ workers', () => {
  let redis: TestRedis;
  let client: RemoteRunClient;
  let worker: RunningWorker;
  let service: TestServer | undefined;
  const workerLog: string[] = [];
  const log = {
    info: (_d: object, m: string) => void workerLog.push(m),
    warn: (_d: object, m: string) => void workerLog.push(m),
    error: (_d: object, m: string) => void workerLog.push(m),
  };

  beforeAll(async () => {
    redis = await startRedis();
    worker = await startTestWorker(redis.url, { workers: 2, log });
    client = await RemoteRunClient.connect({ redisUrl: redis.url, remote: REMOTE });
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await client?.close();
    await worker?.stop();
    await redis?.destroy();
  }, 60_000);

  it('solves a frontier on the worker with LocalExecutor’s answer, one progress call per step', async () => {
    const input = fixture('bench/small.json');
    const local = await localFrontier(input, POINTS);
    expect(client.workerThreads).toBe(2);
    const problem = mustParse(input);
    const executor = new RemoteFrontierExecutor(client, problem);
    expect(executor.parallelism).toBe(2);
    const progress: number[] = [];
    const remote = await solveFrontier(problem, executor, {
      points: POINTS,
      onProgress: (done) => progress.push(done),
    });
    expectSameFrontier(remote, local.result);
    expect(remote.lp).toEqual(local.result.lp);
    expect(progress).toHaveLength(local.progress.length);
    expect(progress.at(-1)).toBe(POINTS);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(workerLog.filter((line) => line.startsWith('solved run ')).length).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it('solves VSS and EVPI on the worker, in runs of contiguous solves, with the local analysis', async () => {
    const problem = mustParse(fixture('eu-ev-maker.json'));
    const localExecutor = LocalExecutor.create(problem, { solveTimeLimitSec: 120 });
    const local = await solveFrontier(problem, localExecutor, { points: 3, analysis: ['vss', 'evpi'] }).finally(() =>
      localExecutor.close(),
    );
    const executor = new RemoteFrontierExecutor(client, problem);
    const analysisRuns = () => workerLog.filter((line) => / analysis solves\)$/.test(line));
    const before = analysisRuns().length;
    const remote = await solveFrontier(problem, executor, { points: 3, analysis: ['vss', 'evpi'] });
    const a = remote.analysis!;
    const b = local.analysis!;
    for (const key of ['rp', 'ev', 'eev', 'vss', 'ws', 'evpi'] as const) {
      expect(typeof a[key], key).toBe('number');
      expectRel(a[key] as number, b[key] as number);
    }
    // the wait-and-see solves (one per scenario) and the rest, split over the worker's 2 threads
    const runs = analysisRuns().slice(before);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    const solves = runs.reduce((sum, line) => sum + Number(/\((\d+) analysis solves\)$/.exec(line)![1]), 0);
    expect(solves).toBeGreaterThanOrEqual(problem.scenarios.length + 1);
  }, 120_000);

  it('solves a whole frontier as one run (a batch variation), its analysis and warnings with it', async () => {
    const input = { ...(fixture('eu-ev-maker.json') as object), analysis: ['evpi'] };
    const local = await localFrontier(input, 4);
    const problem = mustParse(input);
    const wholes = () => workerLog.filter((line) => line.endsWith('(4 points, a whole frontier)')).length;
    const before = wholes();
    const warning = { path: '/risk', code: 'TEST', message: 'carried to the result' } as never;
    const remote = await solveWholeFrontier(client, problem, { backend: 'auto', points: 4, warnings: [warning] });
    expectSameFrontier(remote, local.result);
    expectRel(remote.analysis!.evpi!, local.result.analysis!.evpi!);
    expect(remote.warnings).toEqual([warning]);
    expect(wholes()).toBe(before + 1);
  }, 120_000);

  it('fails a run of a kind it does not know at once, without a retry, asking for one version', async () => {
    const problem = mustParse(fixture('bench/small.json'));
    const id = `unknown-kind-${Date.now()}`;
    const [pending] = await client.submit([
      { id, run: { problemKey: id, problem, backend: 'auto', later: { points: 3 } } as never, onProgress: () => {} },
    ]);
    const outcome = await pending;
    expect(outcome).toMatchObject({ ok: false, status: 'error' });
    expect(!outcome.ok && outcome.message).toMatch(/does not know the kind of run.*same Lodestone version/);
    expect(workerLog.filter((line) => line.startsWith(`solving run ${id} `))).toHaveLength(1);
  }, 60_000);

  it("gives the CLI's --remote commands an executor whose analysis goes to the workers too", async () => {
    const remote = await connectRemoteRuns({
      redisUrl: redis.url,
      config: testConfig({ remote: REMOTE }),
      warn: () => undefined,
    });
    if ('unreachable' in remote) throw new Error('the test Redis did not answer');
    try {
      const problem = mustParse(fixture('eu-ev-maker.json'));
      const analysisRuns = () => workerLog.filter((line) => / analysis solves\)$/.test(line)).length;
      const before = analysisRuns();
      const executor = remote.executorFor(problem, { backend: 'auto', runs: 0 });
      const result = await solveFrontier(problem, executor, { points: 3, analysis: ['evpi'] });
      expect(result.analysis?.evpi).toBeGreaterThanOrEqual(0);
      expect(analysisRuns()).toBeGreaterThan(before);
    } finally {
      await remote.close();
    }
  }, 120_000);

  /**
   * Cancels `work` once the worker has started a run whose log line matches
   * `kind`, then checks that the worker stopped every run it had started
   * without solving or retrying one, and that nothing is left in Redis.
   */
  async function expectCancelledOnWorker(kind: RegExp, work: (signal: AbortSignal) => Promise<unknown>): Promise<void> {
    const starts = () => workerLog.flatMap((line) => kind.exec(line)?.[1] ?? []);
    const before = starts().length;
    const controller = new AbortController();
    const solving = work(controller.signal);
    await until(() => starts().length > before, 60_000, 'the worker to start a run');
    const started = starts().slice(before);
    controller.abort();
    await expect(solving).rejects.toThrow('the frontier was cancelled');
    await until(
      () => started.every((id) => workerLog.includes(`cancelled run ${id}`)),
      30_000,
      `the worker to stop runs ${started.join(', ')}`,
    );
    expect(started.filter((id) => workerLog.includes(`solved run ${id}`))).toEqual([]);
    await new Promise((r) => setTimeout(r, 1500));
    // each started once (no retry after the cancellation), and none is queued, running or awaited
    expect(starts().slice(before).sort()).toEqual([...new Set(started)].sort());
    expect(await client.stats()).toEqual({ waiting: 0, delayed: 0, active: 0, awaited: 0 });
  }

  it('stops the runs of a cancelled frontier on the worker, fails them without a retry, and leaves nothing queued', async () => {
    const problem = mustParse(fixture('bench/medium.json'));
    const executor = new RemoteFrontierExecutor(client, problem);
    await expectCancelledOnWorker(/^solving run (\S+) /, (signal) =>
      solveFrontier(problem, executor, { points: 11, signal }),
    );
  }, 120_000);

  it('stops the analysis solves of a cancelled frontier on the worker, and leaves nothing queued', async () => {
    // bench/medium's EVPI: 100 scenarios alone, in two runs of 50 (about 1.5 s each)
    const problem = mustParse(fixture('bench/medium.json'));
    const executor = new RemoteFrontierExecutor(client, problem);
    const tasks = problem.scenarios.map((_, k) => ({ kind: 'ws', scenario: k }) as const);
    await expectCancelledOnWorker(/^solving run (\S+) \(\d+ analysis solves\)$/, (signal) =>
      executor.runAnalysis(problem, tasks, signal),
    );
  }, 120_000);

  it('answers POST /v1/frontiers with LODESTONE_REMOTE_FRONTIERS from the workers (its analysis too), as a local solve', async () => {
    service = await startTestServer({ config: { redisUrl: redis.url, remote: REMOTE, remoteFrontiers: true } });
    const input = fixture('eu-ev-maker.json');
    const local = await localFrontier(input, 4);
    const solvedBefore = workerLog.filter((line) => line.startsWith('solved run ')).length;
    const analysisBefore = workerLog.filter((line) => / analysis solves\)$/.test(line)).length;
    const response = await postJson(`${service.url}/v1/frontiers?points=4&analysis=evpi`, input);
    expect(response.status).toBe(200);
    const remote = (await response.json()) as FrontierResult;
    expectSameFrontier(remote, local.result);
    // EVPI's wait-and-see solves went to the worker as well
    expect(remote.analysis?.evpi).toBeGreaterThanOrEqual(0);
    expect(workerLog.filter((line) => / analysis solves\)$/.test(line)).length).toBeGreaterThan(analysisBefore);
    expect(remote.solver.workers).toBe(2);
    expect(workerLog.filter((line) => line.startsWith('solved run ')).length).toBeGreaterThan(solvedBefore);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/^lodestone_remote_frontier_worker_threads 2$/m);
    for (const state of ['waiting', 'active', 'awaited'])
      expect(metrics).toMatch(new RegExp(`^lodestone_remote_frontier_runs\\{state="${state}"\\} 0$`, 'm'));
  }, 120_000);
});
