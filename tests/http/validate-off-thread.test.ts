// POST /v1/validate of a big body runs on the validation worker (issue 11):
// a 5,000-scenario problem takes seconds to validate and build, and the
// service keeps answering health checks meanwhile; the answer is the same as
// on the event loop.

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { validationOf } from '../../src/service/validation.js';
import { FrontierPool } from '../../workers/frontier-pool.js';
import { ValidationPool } from '../../workers/validation-pool.js';
import { testConfig } from '../helpers/http-server.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

let pool: FrontierPool;
let validator: ValidationPool;
let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  pool = await FrontierPool.start({ size: 1, solveTimeLimitSec: 60, warmUpSolves: false });
  validator = new ValidationPool({ threads: 1, maxQueue: 4 });
  app = await buildApp({ pool, config: testConfig({ poolSize: 1 }), defaultMetrics: false, validator });
  await app.listen({ port: 0, host: '127.0.0.1' });
  url = app.listeningOrigin;
});
afterAll(async () => {
  await app?.close();
  await validator?.close();
  await pool?.close();
});

function bigProblem(): unknown {
  const problem = sampleProblemInput();
  const K = 5_000;
  problem.scenarios = Array.from({ length: K }, (_, k) => ({
    id: `s${k}`,
    probability: 1 / K,
    events: Array.from({ length: 20 }, () => ({
      target: { kind: 'recycled' },
      availability: 0.9,
      fromPeriod: 1,
      toPeriod: 6,
    })),
  }));
  return problem;
}

describe('POST /v1/validate of a big body', () => {
  it('validates on the worker while health checks keep answering, with the event-loop answer', async () => {
    const problem = bigProblem();
    const body = JSON.stringify(problem);
    expect(body.length).toBeGreaterThan(256 * 1024);
    const started = performance.now();
    const validating = fetch(`${url}/v1/validate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    // Health checks while it validates: none waits behind the validation.
    const healthMs: number[] = [];
    let done = false;
    void validating.finally(() => (done = true));
    while (!done) {
      const t = performance.now();
      const health = await fetch(`${url}/v1/health`);
      expect(health.status).toBe(200);
      healthMs.push(performance.now() - t);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const response = await validating;
    const validateMs = performance.now() - started;
    expect(response.status).toBe(200);
    const reply = (await response.json()) as { valid: boolean; lp: { rows: number } };
    const direct = validationOf(problem, testConfig().limits);
    expect(reply).toEqual(JSON.parse(JSON.stringify(direct)));
    // The validation took long enough to matter, and no health check waited for it.
    expect(validateMs).toBeGreaterThan(500);
    expect(healthMs.length).toBeGreaterThan(2);
    expect(Math.max(...healthMs)).toBeLessThan(validateMs / 2);
  });
});
