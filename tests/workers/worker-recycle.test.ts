// Workers retire when their HiGHS (WASM) heap has grown past the limit, and
// piscina replaces them (issue 11: 1.7 GB kept after one huge problem, and a
// workerRestarts counter that stayed 0). With a 1 MB limit every worker
// retires after its first task: the answer still arrives, the counter says
// so, and the next request is solved by the fresh worker.

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { FrontierPool } from '../../workers/frontier-pool.js';
import { testConfig } from '../helpers/http-server.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

let pool: FrontierPool;
let app: FastifyInstance;

beforeAll(async () => {
  pool = await FrontierPool.start({ size: 1, solveTimeLimitSec: 60, maxWasmHeapMb: 1 });
  app = await buildApp({ pool, config: testConfig({ poolSize: 1 }), defaultMetrics: false });
});
afterAll(async () => {
  await app?.close();
  await pool?.close();
});

async function solve(): Promise<number> {
  const response = await app.inject({
    method: 'POST',
    url: '/v1/frontiers?points=2',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(sampleProblemInput()),
  });
  return response.statusCode;
}

describe('worker recycling', () => {
  it('retires a worker whose WASM heap passed the limit after its answer, counts it, and solves on the fresh one', async () => {
    expect(pool.stats().workerRestarts).toBe(0);
    expect(await solve()).toBe(200);
    await expect.poll(() => pool.stats().workerRestarts).toBeGreaterThanOrEqual(1);
    const afterFirst = pool.stats().workerRestarts;
    expect(await solve()).toBe(200);
    await expect.poll(() => pool.stats().workerRestarts).toBeGreaterThan(afterFirst);
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/lodestone_worker_restarts_total [1-9]/);
  });
});
