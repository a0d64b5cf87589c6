// Part of section 7 (distributed.ts): when do remote frontier runs pay? One
// frontier of bench/medium solved on a local pool of 1 and of 2 threads
// (`lodestone solve --workers N`), then with its runs sent to 1 and 2
// `lodestone worker` processes of one thread each (`solve --remote`, the
// executor in this process), every answer checked against the local one.
// And the machine's own ceiling, without Redis or a service: bench/small
// frontiers solved back to back on one pool of 1 thread, then on two such
// pools at once, so the workers' speed-up can be read against what two
// solver threads get from these cores at all.

import { loadConfig } from '../../src/config.js';
import type { FrontierExecutor } from '../../src/frontier/executor.js';
import { solveFrontier, type FrontierResult } from '../../src/frontier/solve-frontier.js';
import { RemoteFrontierExecutor } from '../../src/jobs/remote-frontier-executor.js';
import { RemoteRunClient } from '../../src/jobs/remote-run-client.js';
import { startWorkerProcess, type Proc } from '../../tests/helpers/lodestone-processes.js';
import { FrontierPool } from '../../workers/frontier-pool.js';
import { benchProblem } from '../lib/problems.js';
import type { Row } from '../lib/table.js';

const FRONTIER_SIZE = 'medium';
/** Frontiers of bench/small per pool for the ceiling: long enough (about 10 s) to outweigh noise. */
const CEILING_FRONTIERS = 16;
const CEILING_POINTS = 5;

async function timed(executor: FrontierExecutor, size: 'small' | 'medium', points?: number) {
  const started = performance.now();
  const result = await solveFrontier(benchProblem(size), executor, points ? { points } : {});
  return { ms: performance.now() - started, result };
}

/** Largest relative difference of E and CVaR over the points (Infinity when the kinds differ). */
function maxRelDiff(a: FrontierResult, b: FrontierResult): number {
  if (a.frontier.length !== b.frontier.length) return Infinity;
  let worst = 0;
  a.frontier.forEach((p, i) => {
    const q = b.frontier[i];
    for (const [x, y] of [
      [p.expectedCost, q.expectedCost],
      [p.cvar, q.cvar],
    ])
      worst = Math.max(worst, Math.abs(x - y) / Math.max(1, Math.abs(y)));
  });
  return worst;
}

async function untilThreads(client: RemoteRunClient, threads: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (client.workerThreads < threads) {
    if (Date.now() > deadline) throw new Error(`only ${client.workerThreads} of ${threads} worker threads connected`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The tables, for the section to add after its own. */
export async function remoteFrontierTables(options: {
  redisUrl: string;
  solveTimeLimitSec: number;
}): Promise<{ title: string; rows: Row[] }[]> {
  const tables: { title: string; rows: Row[] }[] = [];
  const rows: Row[] = [];
  let reference: FrontierResult | null = null;
  let localOne = 0;
  for (const threads of [1, 2]) {
    const pool = await FrontierPool.start({ size: threads, solveTimeLimitSec: options.solveTimeLimitSec });
    try {
      const { ms, result } = await timed(pool.executorFor(benchProblem(FRONTIER_SIZE)), FRONTIER_SIZE);
      reference ??= result;
      if (threads === 1) localOne = ms;
      rows.push({
        executor: `local pool of ${threads}`,
        threads,
        s: ms / 1000,
        'x of local pool of 1': localOne / ms,
        'max rel diff': maxRelDiff(result, reference),
      });
    } finally {
      await pool.close();
    }
  }
  const config = { ...loadConfig({ LODESTONE_REDIS_URL: options.redisUrl }) };
  for (const count of [1, 2]) {
    const workers: Proc[] = [];
    // Runs outlive a client that waited for a worker count in vain; a fresh one per row.
    const client = await RemoteRunClient.connect({ redisUrl: options.redisUrl, remote: config.remote });
    try {
      workers.push(
        ...(await Promise.all(
          Array.from({ length: count }, () => startWorkerProcess({ LODESTONE_REDIS_URL: options.redisUrl })),
        )),
      );
      await untilThreads(client, count);
      // Untimed: every worker solves a few runs first (V8 optimises the solver code).
      await timed(new RemoteFrontierExecutor(client, benchProblem('small')), 'small', 5);
      const { ms, result } = await timed(
        new RemoteFrontierExecutor(client, benchProblem(FRONTIER_SIZE)),
        FRONTIER_SIZE,
      );
      rows.push({
        executor: `--remote, ${count} worker process${count > 1 ? 'es' : ''}`,
        threads: count,
        s: ms / 1000,
        'x of local pool of 1': localOne / ms,
        'max rel diff': reference ? maxRelDiff(result, reference) : null,
      });
    } finally {
      await client.close();
      await Promise.all(
        workers.map(async (w) => {
          w.child.kill('SIGTERM');
          await w.exited;
        }),
      );
    }
  }
  tables.push({
    title: `One frontier of bench/${FRONTIER_SIZE} (${benchProblem(FRONTIER_SIZE).frontier.points} points), local pool vs runs on remote workers`,
    rows,
  });

  // The ceiling: independent solver threads, nothing else.
  const ceiling: Row[] = [];
  let one = 0;
  for (const pools of [1, 2]) {
    const started = await Promise.all(
      Array.from({ length: pools }, () =>
        FrontierPool.start({ size: 1, solveTimeLimitSec: options.solveTimeLimitSec }),
      ),
    );
    try {
      const t0 = performance.now();
      await Promise.all(
        started.map(async (pool) => {
          for (let i = 0; i < CEILING_FRONTIERS; i++)
            await timed(pool.executorFor(benchProblem('small')), 'small', CEILING_POINTS);
        }),
      );
      const perSec = (pools * CEILING_FRONTIERS) / ((performance.now() - t0) / 1000);
      if (pools === 1) one = perSec;
      ceiling.push({ 'independent pools of 1 thread': pools, 'frontiers/s': perSec, 'x of 1': perSec / one });
    } finally {
      await Promise.all(started.map((pool) => pool.close()));
    }
  }
  tables.push({
    title: `The machine's ceiling: bench/small frontiers (${CEILING_POINTS} points) back to back, no Redis, no service`,
    rows: ceiling,
  });
  return tables;
}
