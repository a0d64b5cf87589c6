// Section 7 (full suite only): batch variations on BullMQ workers over Redis
// (docs/scale-out.md) against the local queue. One batch of 40 variations of
// bench/small (a sweep of risk.alpha, 5 points each) through the HTTP jobs
// API of an in-process service, solved by 1, 2 and 4 `lodestone worker`
// processes of one thread each (a real redis-server of the suite's own on a
// free port), then by the local queue on a pool of 1 and of 2 threads (on 2,
// with the default batch slots and with LODESTONE_BATCH_SLOTS=2).
// Throughput is variations per second from submission to the job's end, in
// steady state: each configuration first solves WARM_UP_PER_THREAD variations
// per solver thread untimed (a fresh worker process runs its first batches
// 10-20% slower while V8 compiles HiGHS's hot WebAssembly and the solver's
// JavaScript on background threads, which with two busy workers compete for
// the cores), then TIMED_BATCHES batches of 40, whose median is the figure
// (the machine's noise moved single batches by up to 20%). The worker
// configurations run side by side, each with a Redis and a service of its
// own, and take their timed batches in turn: 1, 2, 4, 1, 2, 4, ... so a slow
// spell of the machine falls on all of them alike, and "x of 1 worker" is the
// median of the ratios of batches taken one after the other (run one
// configuration after another, two runs of the same code gave 1.71x and 1.54x
// while single batches of one configuration moved by 30%).
// Overhead per variation: the wall time per variation with one worker less
// the worker's own solve time per variation (its log times each solve):
// what Redis round trips, serialisation and the service's dispatch add.
// Then one bench/medium frontier local vs its runs on remote workers, and the
// machine's ceiling for two solver threads (remote-frontier.ts).

import os from 'node:os';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import type { JobView } from '../../src/jobs/job-queue.js';
import { killAll, startWorkerProcess, type Proc } from '../../tests/helpers/lodestone-processes.js';
import { redisMissing, startRedis, type TestRedis } from '../../tests/helpers/redis-server.js';
import { FrontierPool } from '../../workers/frontier-pool.js';
import type { BenchContext } from '../lib/context.js';
import { benchInput } from '../lib/problems.js';
import { remoteFrontierTables } from './remote-frontier.js';
import { SectionReport } from '../lib/report.js';
import type { Row } from '../lib/table.js';

const VARIATIONS = 40;
const POINTS = 5;
const WORKER_COUNTS = [1, 2, 4];
/** Untimed variations per solver thread before the timed batches. */
const WARM_UP_PER_THREAD = 10;
/** Timed batches per configuration; the median counts. */
const TIMED_BATCHES = 5;
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

function batch(n: number): unknown {
  const alphas = Array.from({ length: n }, (_, i) => 0.8 + (0.18 * i) / Math.max(1, n - 1));
  return { base: benchInput('small'), sweep: { grid: { '/risk/alpha': alphas } } };
}

/**
 * Submits a batch and waits for its end on the job's event stream, which
 * ends after the final status (polling GET /v1/jobs/:id every 20 ms, as this
 * did, cost the service's two cores about 1.5 s of CPU a batch of 40). Wall
 * ms from submission.
 */
async function runBatch(origin: string, n: number): Promise<{ ms: number; job: JobView }> {
  const started = performance.now();
  const response = await fetch(`${origin}/v1/jobs?points=${POINTS}`, {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify(batch(n)),
  });
  if (response.status !== 202) throw new Error(`POST /v1/jobs answered ${response.status}: ${await response.text()}`);
  const { id } = (await response.json()) as { id: string };
  const events = await fetch(`${origin}/v1/jobs/${id}/events`);
  if (events.status !== 200) throw new Error(`GET /v1/jobs/${id}/events answered ${events.status}`);
  await events.text();
  const ms = performance.now() - started;
  const job = (await (await fetch(`${origin}/v1/jobs/${id}?results=false`)).json()) as JobView;
  if (job.status !== 'done') throw new Error(`the batch ended ${job.status}: ${JSON.stringify(job.progress)}`);
  return { ms, job };
}

/** The median batch (by wall time) and the range of the batches' throughputs. */
function medianOf(runs: { ms: number; job: JobView }[]): { ms: number; job: JobView; range: [number, number] } {
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  const rate = (ms: number) => VARIATIONS / (ms / 1000);
  return { ...sorted[Math.floor(sorted.length / 2)], range: [rate(sorted.at(-1)!.ms), rate(sorted[0].ms)] };
}

/** TIMED_BATCHES batches after the warm-up, on one service. */
async function timedBatches(
  origin: string,
  threads: number,
): Promise<{ ms: number; job: JobView; range: [number, number] }> {
  await runBatch(origin, WARM_UP_PER_THREAD * threads);
  const runs: { ms: number; job: JobView }[] = [];
  for (let i = 0; i < TIMED_BATCHES; i++) runs.push(await runBatch(origin, VARIATIONS));
  return medianOf(runs);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** One BullMQ configuration: its own Redis, service and worker processes, kept up while the others take turns. */
interface BullSetup {
  count: number;
  redis: TestRedis;
  service?: { app: FastifyInstance; pool: FrontierPool };
  workers: Proc[];
  runs: { ms: number; job: JobView }[];
}

async function startBullSetup(count: number, base: Config): Promise<BullSetup> {
  const setup: BullSetup = { count, redis: await startRedis(), workers: [], runs: [] };
  try {
    setup.service = await startService({ ...base, redisUrl: setup.redis.url }, 1);
    setup.workers.push(
      ...(await Promise.all(
        Array.from({ length: count }, () => startWorkerProcess({ LODESTONE_REDIS_URL: setup.redis.url })),
      )),
    );
    await runBatch(setup.service.app.listeningOrigin, WARM_UP_PER_THREAD * count);
    return setup;
  } catch (error) {
    await stopBullSetup(setup);
    throw error;
  }
}

async function stopBullSetup(setup: BullSetup): Promise<void> {
  await Promise.all(
    setup.workers.map(async (w) => {
      w.child.kill('SIGTERM');
      await w.exited;
    }),
  );
  await setup.service?.app.close();
  await setup.service?.pool.close();
  await setup.redis.destroy();
}

/** Mean ms between a worker's "solving" and "solved" lines for the job's variations. */
function meanSolveMs(logs: string[][], jobId: string): number {
  const durations: number[] = [];
  for (const log of logs) {
    const begun = new Map<number, number>();
    for (const line of log) {
      const match = /^(\S+) info (solving|solved) variation (\d+) .*of job (\S+)/.exec(line);
      if (!match || match[4] !== jobId) continue;
      const at = Date.parse(match[1]);
      const index = Number(match[3]);
      if (match[2] === 'solving') begun.set(index, at);
      else if (begun.has(index)) durations.push(at - begun.get(index)!);
    }
  }
  return durations.reduce((a, b) => a + b, 0) / Math.max(1, durations.length);
}

async function startService(config: Config, poolSize: number): Promise<{ app: FastifyInstance; pool: FrontierPool }> {
  const pool = await FrontierPool.start({ size: poolSize, solveTimeLimitSec: config.solveTimeLimitSec });
  const app = await buildApp({ pool, config: { ...config, poolSize }, defaultMetrics: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  await app.jobs.start();
  return { app, pool };
}

export async function distributedSection(ctx: BenchContext): Promise<SectionReport> {
  const report = new SectionReport('7. Batch variations on BullMQ workers (Redis) vs the local queue');
  if (ctx.quick) {
    report.note('(full suite only: starts a redis-server and up to 4 worker processes)');
    return report;
  }
  const missing = redisMissing();
  if (missing) {
    report.note(`skipped: ${missing}`);
    return report;
  }
  const base: Config = { ...loadConfig({}), solveTimeLimitSec: ctx.solveTimeLimitSec };
  const rows: Row[] = [];
  let oneWorker: { perVariationMs: number; solveMs: number } | null = null;
  let frontierTables: { title: string; rows: Row[] }[] = [];
  const setups: BullSetup[] = [];
  try {
    for (const count of WORKER_COUNTS) setups.push(await startBullSetup(count, base));
    // in turn, so a slow spell of the machine falls on every configuration alike
    for (let i = 0; i < TIMED_BATCHES; i++)
      for (const setup of setups) setup.runs.push(await runBatch(setup.service!.app.listeningOrigin, VARIATIONS));
    const one = setups[0];
    for (const setup of setups) {
      const { ms, job, range } = medianOf(setup.runs);
      const solveMs = meanSolveMs(
        setup.workers.map((w) => w.log),
        job.id,
      );
      // each batch against the 1-worker batch taken just before it
      const pairs = setup.runs.map((run, i) => one.runs[i].ms / run.ms);
      rows.push({
        queue: `BullMQ, ${setup.count} worker process${setup.count > 1 ? 'es' : ''}`,
        threads: setup.count,
        'batch s': ms / 1000,
        'variations/s': VARIATIONS / (ms / 1000),
        [`range (of ${TIMED_BATCHES})`]: `${range[0].toFixed(2)}-${range[1].toFixed(2)}`,
        'x of 1 worker': median(pairs),
        'pairs x': `${Math.min(...pairs).toFixed(2)}-${Math.max(...pairs).toFixed(2)}`,
        'solve ms (worker)': solveMs,
        'workers used': new Set(job.variations.map((v) => v.solvedBy?.pid)).size,
      });
      if (setup.count === 1) oneWorker = { perVariationMs: ms / VARIATIONS, solveMs };
      if (setup.count === 2)
        ctx.shared.distributed = {
          twoOverOne: median(pairs),
          pairRange: [Math.min(...pairs), Math.max(...pairs)],
          overheadMs: NaN,
        };
    }
    await Promise.all(setups.splice(0).map(stopBullSetup));
    // The default keeps one slot free for interactive requests; LODESTONE_BATCH_SLOTS=2 gives batch both.
    const locals = [
      { threads: 1, batchSlots: null, name: 'local, pool of 1' },
      { threads: 2, batchSlots: null, name: 'local, pool of 2' },
      { threads: 2, batchSlots: 2, name: 'local, pool of 2, 2 batch slots' },
    ];
    for (const { threads, batchSlots, name } of locals) {
      const service = await startService({ ...base, redisUrl: null, maxConcurrentJobs: 1, batchSlots }, threads);
      try {
        const { ms, range } = await timedBatches(service.app.listeningOrigin, threads);
        rows.push({
          queue: name,
          threads,
          'batch s': ms / 1000,
          'variations/s': VARIATIONS / (ms / 1000),
          [`range (of ${TIMED_BATCHES})`]: `${range[0].toFixed(2)}-${range[1].toFixed(2)}`,
        });
      } finally {
        await service.app.close();
        await service.pool.close();
      }
    }
    const redis = await startRedis();
    try {
      frontierTables = await remoteFrontierTables({ redisUrl: redis.url, solveTimeLimitSec: ctx.solveTimeLimitSec });
    } finally {
      await redis.destroy();
    }
  } finally {
    await Promise.all(setups.map((setup) => stopBullSetup(setup).catch(() => undefined)));
    killAll();
  }
  report.table(
    `${VARIATIONS} variations of bench/small (${POINTS} points each) from submission to done: the median of ${TIMED_BATCHES} batches after ${WARM_UP_PER_THREAD} untimed variations per thread; the BullMQ configurations side by side, their batches in turn, "x of 1 worker" the median of each batch against the 1-worker batch just before it`,
    rows,
  );
  if (oneWorker) {
    const overhead = oneWorker.perVariationMs - oneWorker.solveMs;
    if (ctx.shared.distributed) ctx.shared.distributed.overheadMs = overhead;
    const local = rows.find((r) => r.queue === 'local, pool of 1');
    const vsLocal = local ? oneWorker.perVariationMs - ((local['batch s'] as number) * 1000) / VARIATIONS : null;
    report.table('Overhead per variation (1 worker process, one thread)', [
      {
        'wall ms / variation': oneWorker.perVariationMs,
        'worker solve ms': oneWorker.solveMs,
        'overhead ms': overhead,
        'vs local queue (pool of 1) ms': vsLocal,
        'target ms': 20,
      },
    ]);
  }
  for (const { title, rows: frontierRows } of frontierTables) report.table(title, frontierRows);
  const load = os.loadavg()[0];
  report.note(
    `${os.availableParallelism()} cores; load average ${load.toFixed(2)} at the end of the section: worker processes, the service and Redis share the cores${load > os.availableParallelism() * 0.5 ? ', with other processes besides, so the figures are pessimistic' : ''}.`,
  );
  return report;
}
