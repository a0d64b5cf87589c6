// A worker that dies mid-solve fails its own request (500, saying so) and
// nothing else: the pool replaces the worker and the next request succeeds.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRASH_PROBLEM_NAME } from '../helpers/crashing-worker.js';
import { postJson, startTestServer, type TestServer } from '../helpers/http-server.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ workers: 1, workerFile: new URL('../helpers/crashing-worker.ts', import.meta.url) });
});
afterAll(() => server?.close());

describe('a crashing worker', () => {
  it('fails only its request with 500 WORKER_CRASHED, and the next request succeeds', async () => {
    const crash = await postJson(`${server.url}/v1/frontiers`, { ...sampleProblemInput(), name: CRASH_PROBLEM_NAME });
    expect(crash.status).toBe(500);
    const body = (await crash.json()) as {
      error: { code: string; message: string; status: number; requestId: string };
    };
    expect(body.error).toMatchObject({ code: 'WORKER_CRASHED', status: 500 });
    // A 500 says what failed and under which request id the details were logged, never the internals (issue 11).
    expect(body.error.message).toBe(
      `A solver worker crashed while solving this request; the details are in the service log under request id ${body.error.requestId}`,
    );
    expect(crash.headers.get('x-request-id')).toBe(body.error.requestId);

    const next = await postJson(`${server.url}/v1/frontiers`, sampleProblemInput());
    expect(next.status).toBe(200);
    expect(((await next.json()) as { status: string }).status).toBe('optimal');

    const health = (await (await fetch(`${server.url}/v1/health`)).json()) as {
      pool: { size: number; workerRestarts: number };
    };
    // Both end-point runs of the problem are queued at once, so the replacement worker may die too.
    expect(health.pool.size).toBe(1);
    expect(health.pool.workerRestarts).toBeGreaterThanOrEqual(1);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain(`lodestone_worker_restarts_total ${health.pool.workerRestarts}`);
    expect(metrics).toMatch(/lodestone_frontier_solves_total\{outcome="worker_crashed"\} 1/);
  });
});
