// A request that stops being wanted must stop costing: a client that hangs
// up, or a request over LODESTONE_REQUEST_TIMEOUT_MS, stops its solve and
// frees the worker, so the next request on a 1-worker pool is served at once.
// bench/medium takes about 45 s on one worker, so "promptly" is unambiguous.

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { fixture, postJson, startTestServer, testConfig, type TestServer } from '../helpers/http-server.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

/** Far below the ~45 s the slow problem takes; generous for a loaded CI machine. */
const PROMPTLY_MS = 8_000;

let server: TestServer;
const slowProblem = fixture('bench/medium.json');

beforeAll(async () => {
  server = await startTestServer({ workers: 1 });
});
afterAll(() => server?.close());

async function health(url: string) {
  return (await (await fetch(`${url}/v1/health`)).json()) as {
    pool: { busy: number };
    queue: { depth: number; solving: number };
  };
}

async function until(condition: () => Promise<boolean>, timeoutMs = PROMPTLY_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe('cancellation', () => {
  it('stops the solve when the client hangs up, and serves the next request promptly', async () => {
    const client = new AbortController();
    const slow = postJson(`${server.url}/v1/frontiers`, slowProblem, { signal: client.signal });
    await until(async () => (await health(server.url)).pool.busy === 1);
    await new Promise((r) => setTimeout(r, 300));
    client.abort();
    await expect(slow).rejects.toThrow();

    const next = await timed(() => postJson(`${server.url}/v1/frontiers`, sampleProblemInput()));
    expect(next.value.status).toBe(200);
    expect(next.ms).toBeLessThan(PROMPTLY_MS);
    await until(async () => {
      const h = await health(server.url);
      return h.pool.busy === 0 && h.queue.solving === 0;
    });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/lodestone_frontier_solves_total\{outcome="cancelled"\} 1/);
    expect(metrics).toMatch(/lodestone_worker_restarts_total 0/);
  });

  describe('with a short request time-out', () => {
    let app: FastifyInstance;
    let url: string;
    beforeAll(async () => {
      app = await buildApp({ pool: server.pool, config: testConfig({ requestTimeoutMs: 500 }), defaultMetrics: false });
      await app.listen({ port: 0, host: '127.0.0.1' });
      url = app.listeningOrigin;
    });
    afterAll(() => app?.close());

    it('answers 504 and stops the solve', async () => {
      const slow = await timed(() => postJson(`${url}/v1/frontiers`, slowProblem));
      expect(slow.value.status).toBe(504);
      expect(await slow.value.json()).toMatchObject({
        error: { code: 'TIMEOUT', status: 504, message: expect.stringContaining('500 ms') },
      });
      expect(slow.ms).toBeLessThan(PROMPTLY_MS);

      const next = await timed(() => postJson(`${server.url}/v1/frontiers`, sampleProblemInput()));
      expect(next.value.status).toBe(200);
      expect(next.ms).toBeLessThan(PROMPTLY_MS);
    });
  });
});

describe('backpressure', () => {
  let app: FastifyInstance;
  let url: string;
  afterAll(() => app?.close());

  async function appWithQueue(queueLength: number) {
    await app?.close();
    app = await buildApp({ pool: server.pool, config: testConfig({ queueLength }), defaultMetrics: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = app.listeningOrigin;
  }

  it('refuses at once with 503 and Retry-After when every slot is busy and the queue is full', async () => {
    await appWithQueue(0);
    const client = new AbortController();
    const slow = postJson(`${url}/v1/frontiers`, slowProblem, { signal: client.signal }).catch(() => null);
    await until(async () => (await health(url)).queue.solving === 1);

    const refused = await timed(() => postJson(`${url}/v1/frontiers`, sampleProblemInput()));
    expect(refused.value.status).toBe(503);
    expect(Number(refused.value.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.value.json()).toMatchObject({ error: { code: 'QUEUE_FULL', status: 503 } });
    expect(refused.ms).toBeLessThan(1_000);
    // Validation is not a solve: it is never refused for load.
    expect((await postJson(`${url}/v1/validate`, sampleProblemInput())).status).toBe(200);

    client.abort();
    await slow;
    await until(async () => (await health(url)).queue.solving === 0);
    expect((await postJson(`${url}/v1/frontiers`, sampleProblemInput())).status).toBe(200);
  });

  it('lets queueLength requests wait, refuses the next, and forgets a waiter whose client left', async () => {
    await appWithQueue(1);
    const clients = [new AbortController(), new AbortController()];
    const slow = postJson(`${url}/v1/frontiers`, slowProblem, { signal: clients[0].signal }).catch(() => null);
    await until(async () => (await health(url)).queue.solving === 1);
    const waiting = postJson(`${url}/v1/frontiers`, sampleProblemInput(), { signal: clients[1].signal }).catch(
      () => null,
    );
    await until(async () => (await health(url)).queue.depth === 1);

    expect((await postJson(`${url}/v1/frontiers`, sampleProblemInput())).status).toBe(503);

    clients[1].abort();
    await waiting;
    await until(async () => (await health(url)).queue.depth === 0);
    clients[0].abort();
    await slow;
    await until(async () => (await health(url)).queue.solving === 0);
  });
});

describe('shutdown', () => {
  it('refuses waiting requests with 503 SHUTTING_DOWN and lets the running one go on', async () => {
    const app = await buildApp({ pool: server.pool, config: testConfig({ queueLength: 1 }), defaultMetrics: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = app.listeningOrigin;
    const client = new AbortController();
    const slow = postJson(`${url}/v1/frontiers`, slowProblem, { signal: client.signal }).catch((e: Error) => e);
    await until(async () => (await health(url)).queue.solving === 1);
    const waiting = postJson(`${url}/v1/frontiers`, sampleProblemInput());
    await until(async () => (await health(url)).queue.depth === 1);

    const closing = app.close();
    const refused = await waiting;
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).not.toBeNull();
    expect(await refused.json()).toMatchObject({ error: { code: 'SHUTTING_DOWN', status: 503 } });
    // Still solving: close() waits for it (here, until its client gives up).
    await new Promise((r) => setTimeout(r, 200));
    expect(server.pool.stats().busy).toBe(1);
    client.abort();
    expect(await slow).toBeInstanceOf(Error);
    await closing;
    await until(async () => server.pool.stats().busy === 0);
  });
});
