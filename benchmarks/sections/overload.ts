// Section 8: overload (issue 11). The service in-process with the default
// queue, and autocannon at 10x what it admits at once (slots + places in
// line) for 30 s on a small frontier. Reported: how many requests were
// answered 200 and 503, the Retry-After values a refused client was given
// (probed through the run), the latency of GET /v1/health throughout (p99
// must stay under 100 ms: load balancers must still see a live service),
// RSS before, at its peak during and after the load, and recovery: a normal
// request once the load stops. Full suite only (30+ s of both cores).

import os from 'node:os';
import { loadConfig, type Config } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { sampleProblemInput } from '../../tests/helpers/sample-problem.js';
import { FrontierPool } from '../../workers/frontier-pool.js';
import type { BenchContext } from '../lib/context.js';
import { runLoad } from '../lib/load.js';
import { SectionReport } from '../lib/report.js';
import { warmUpPool } from '../lib/warmup.js';

const DURATION_SEC = 30;
const OVERLOAD_FACTOR = 10;
const POINTS = 5;
const HEALTH_EVERY_MS = 100;
const PROBE_EVERY_MS = 500;
const HEALTH_P99_TARGET_MS = 100;
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function overloadSection(ctx: BenchContext): Promise<SectionReport> {
  const report = new SectionReport('8. Overload: 10x capacity for 30 s');
  if (ctx.quick) {
    report.note(`(full suite only: ${DURATION_SEC} s of load on every core)`);
    return report;
  }
  const workers = Math.max(1, Math.min(2, os.availableParallelism()));
  const base = loadConfig({});
  const config: Config = { ...base, poolSize: workers, solveTimeLimitSec: ctx.solveTimeLimitSec };
  const capacity = workers + config.queueLength;
  const connections = OVERLOAD_FACTOR * capacity;
  const pool = await FrontierPool.start({ size: workers, solveTimeLimitSec: config.solveTimeLimitSec });
  const app = await buildApp({ pool, config, defaultMetrics: false }).catch(async (error: unknown) => {
    await pool.close();
    throw error;
  });
  try {
    await warmUpPool(pool);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const origin = app.listeningOrigin;
    const url = `${origin}/v1/frontiers?points=${POINTS}`;
    const body = JSON.stringify(sampleProblemInput());
    const first = await fetch(url, { method: 'POST', headers: JSON_HEADERS, body });
    if (first.status !== 200) throw new Error(`POST /v1/frontiers answered ${first.status}: ${await first.text()}`);
    await first.text();
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;

    let loading = true;
    let rssPeak = rssBefore;
    const healthMs: number[] = [];
    const healthFailures: number[] = [];
    const retryAfter: number[] = [];
    const probeStatus = new Map<number, number>();
    const watchHealth = (async () => {
      while (loading) {
        const started = performance.now();
        const response = await fetch(`${origin}/v1/health`).catch(() => null);
        healthMs.push(performance.now() - started);
        if (response?.status !== 200) healthFailures.push(response?.status ?? 0);
        await response?.arrayBuffer();
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
        await new Promise((r) => setTimeout(r, HEALTH_EVERY_MS));
      }
    })();
    // autocannon counts status codes but keeps no headers: a probe reads what a refused client is told.
    const probe = (async () => {
      await new Promise((r) => setTimeout(r, 2_000));
      while (loading) {
        const response = await fetch(url, { method: 'POST', headers: JSON_HEADERS, body }).catch(() => null);
        if (response) {
          probeStatus.set(response.status, (probeStatus.get(response.status) ?? 0) + 1);
          const header = response.headers.get('retry-after');
          if (response.status === 503 && header !== null) retryAfter.push(Number(header));
          await response.arrayBuffer();
        }
        await new Promise((r) => setTimeout(r, PROBE_EVERY_MS));
      }
    })();
    const load = await runLoad({
      url,
      method: 'POST',
      headers: JSON_HEADERS,
      body,
      connections,
      duration: DURATION_SEC,
      timeout: 120,
    });
    loading = false;
    await Promise.all([watchHealth, probe]);

    // Recovery: the queue drains, then a normal request is served.
    const drainStarted = performance.now();
    const busy = async () => {
      const { queue } = (await (await fetch(`${origin}/v1/health`)).json()) as {
        queue: { solving: number; depth: number };
      };
      return queue.solving + queue.depth > 0;
    };
    while (await busy()) await new Promise((r) => setTimeout(r, 50));
    const drainMs = performance.now() - drainStarted;
    const recoveryStarted = performance.now();
    const recovery = await fetch(url, { method: 'POST', headers: JSON_HEADERS, body });
    await recovery.arrayBuffer();
    const recoveryMs = performance.now() - recoveryStarted;
    await new Promise((r) => setTimeout(r, 2_000));
    global.gc?.();
    const rssAfter = process.memoryUsage().rss;

    const codes = load.statusCodeStats ?? {};
    const count = (code: string) => (codes as Record<string, { count?: number }>)[code]?.count ?? 0;
    const sortedHealth = [...healthMs].sort((a, b) => a - b);
    const sortedRetry = [...retryAfter].sort((a, b) => a - b);
    report.table(
      `POST /v1/frontiers?points=${POINTS} (sample problem), ${workers} workers + queue ${config.queueLength} = ${capacity} admitted at once; ${connections} connections for ${DURATION_SEC} s`,
      [
        {
          requests: load.requests.total,
          '200': count('200'),
          '503': count('503'),
          'other non-2xx': load.non2xx - count('503'),
          errors: load.errors,
          timeouts: load.timeouts,
          '200/s': count('200') / load.duration,
          'latency p50 ms': load.latency.p50,
          'latency p99 ms': load.latency.p99,
        },
      ],
    );
    report.table('What a refused client is told (a probe request every 0.5 s during the load)', [
      {
        probes: [...probeStatus.values()].reduce((a, b) => a + b, 0),
        '503 probes': probeStatus.get(503) ?? 0,
        'Retry-After min s': sortedRetry[0] ?? null,
        'Retry-After median s': percentile(sortedRetry, 50),
        'Retry-After max s': sortedRetry[sortedRetry.length - 1] ?? null,
      },
    ]);
    report.table(
      `GET /v1/health every ${HEALTH_EVERY_MS} ms during the load (target: p99 < ${HEALTH_P99_TARGET_MS} ms)`,
      [
        {
          samples: healthMs.length,
          'not 200': healthFailures.length,
          'p50 ms': percentile(sortedHealth, 50),
          'p99 ms': percentile(sortedHealth, 99),
          'max ms': sortedHealth[sortedHealth.length - 1] ?? null,
          'p99 < target': percentile(sortedHealth, 99) < HEALTH_P99_TARGET_MS,
        },
      ],
    );
    report.table('RSS of the process (service + bench) and recovery', [
      {
        'RSS before MB': mb(rssBefore),
        'RSS peak during MB': mb(rssPeak),
        'RSS after MB': mb(rssAfter),
        'drain ms': drainMs,
        'recovery request status': recovery.status,
        'recovery request ms': recoveryMs,
      },
    ]);
  } finally {
    await app.close();
    await pool.close();
  }
  return report;
}
