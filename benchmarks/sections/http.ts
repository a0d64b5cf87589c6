// Section 6: the HTTP service in-process (buildApp + a worker pool on
// 127.0.0.1, port 0): latency and throughput of POST /v1/frontiers on a small
// problem at 1, 8 and 32 connections (autocannon, fixed duration, so the load
// stops by itself), and in full mode one medium frontier over HTTP.

import os from 'node:os';
import { loadConfig, type Config } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { sampleProblemInput } from '../../tests/helpers/sample-problem.js';
import { FrontierPool } from '../../workers/frontier-pool.js';
import { frontierKey, type BenchContext } from '../lib/context.js';
import { runLoad } from '../lib/load.js';
import { benchInput } from '../lib/problems.js';
import { SectionReport } from '../lib/report.js';
import type { Row } from '../lib/table.js';
import { warmUpPool } from '../lib/warmup.js';

const CONNECTIONS = [1, 8, 32];
const SMALL_POINTS = 5;
const MEDIUM_POINTS = 21;
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

/** Cancelled requests free their workers shortly after autocannon hangs up; the next load starts on an idle pool. */
async function waitIdle(pool: FrontierPool, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const s = pool.stats();
    if (s.busy === 0 && s.queued === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function httpSection(ctx: BenchContext): Promise<SectionReport> {
  const report = new SectionReport('6. HTTP service');
  const workers = Math.max(1, Math.min(2, os.availableParallelism()));
  const base = loadConfig({});
  // Every connection gets a place in line, so the numbers are solves, not 503s.
  const config: Config = {
    ...base,
    poolSize: workers,
    queueLength: Math.max(base.queueLength, 64),
    solveTimeLimitSec: ctx.solveTimeLimitSec,
  };
  const pool = await FrontierPool.start({ size: workers, solveTimeLimitSec: config.solveTimeLimitSec });
  const app = await buildApp({ pool, config, defaultMetrics: false }).catch(async (error: unknown) => {
    await pool.close();
    throw error;
  });
  try {
    await warmUpPool(pool);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const origin = app.listeningOrigin;
    const body = JSON.stringify(sampleProblemInput());
    const url = `${origin}/v1/frontiers?points=${SMALL_POINTS}`;
    const check = await fetch(url, { method: 'POST', headers: JSON_HEADERS, body });
    const answer = (await check.json()) as {
      frontier?: unknown[];
      lp?: { columns: number };
      solver?: { backend: string };
    };
    if (check.status !== 200) throw new Error(`POST /v1/frontiers answered ${check.status}: ${JSON.stringify(answer)}`);

    const duration = ctx.quick ? 2 : 5;
    // Untimed: the server's own JavaScript (routing, parsing, validation, serialising) gets optimised first.
    await runLoad({
      url,
      method: 'POST',
      headers: JSON_HEADERS,
      body,
      connections: 4,
      duration: ctx.quick ? 1 : 2,
      timeout: 60,
    });
    const rows: Row[] = [];
    for (const connections of CONNECTIONS) {
      await waitIdle(pool);
      const r = await runLoad({ url, method: 'POST', headers: JSON_HEADERS, body, connections, duration, timeout: 60 });
      rows.push({
        connections,
        'duration s': duration,
        '2xx': r['2xx'],
        'non-2xx': r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
        'req/s (2xx)': r['2xx'] / r.duration,
        'latency p50 ms': r.latency.p50,
        'latency p99 ms': r.latency.p99,
        'latency max ms': r.latency.max,
      });
    }
    await waitIdle(pool);
    report.table(
      `POST /v1/frontiers?points=${SMALL_POINTS}, tests/helpers/sample-problem.ts (${answer.lp?.columns ?? '?'} columns, ${answer.solver?.backend ?? '?'}), ${workers} workers, queue ${config.queueLength}, autocannon on its own thread`,
      rows,
    );

    if (!ctx.quick) {
      const started = performance.now();
      const response = await fetch(`${origin}/v1/frontiers?points=${MEDIUM_POINTS}`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify(benchInput('medium')),
      });
      const text = await response.text();
      const ms = performance.now() - started;
      const inProcess = ctx.shared.frontiers.get(frontierKey('pool-2', 'medium', MEDIUM_POINTS));
      report.table(`bench/medium, ${MEDIUM_POINTS} points, over HTTP (one request, ${workers} workers, backend auto)`, [
        {
          status: response.status,
          'wall ms': ms,
          'response MB': text.length / 2 ** 20,
          'in-process pool ms (section 3)': inProcess?.wallMs ?? null,
          'HTTP / in-process': inProcess && workers === 2 ? ms / inProcess.wallMs : null,
        },
      ]);
    }
  } finally {
    await app.close();
    await pool.close();
  }
  return report;
}
