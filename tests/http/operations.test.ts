// The operator's routes: /v1/health, /metrics, /docs.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '../../src/service/metrics.js';
import { VERSION } from '../../src/version.js';
import { postJson, startTestServer, type TestServer } from '../helpers/http-server.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ workers: 2, config: { queueLength: 5 } });
});
afterAll(() => server?.close());

describe('operations', () => {
  it('GET /v1/health reports status, version, pool and queue', async () => {
    const response = await fetch(`${server.url}/v1/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      version: VERSION,
      uptimeSec: expect.any(Number),
      pool: { size: 2, busy: 0, queued: 0, workerRestarts: 0, completedTasks: expect.any(Number) },
      queue: { depth: 0, limit: 5, solving: 0, slots: 2, retryAfterSec: 1 },
    });
  });

  it('GET /metrics exposes the solve counter, solve-time histogram, queue depth and worker restarts', async () => {
    expect((await postJson(`${server.url}/v1/frontiers`, sampleProblemInput())).status).toBe(200);
    expect((await postJson(`${server.url}/v1/frontiers`, { periods: -1 })).status).toBe(400);
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    for (const name of Object.values(METRIC_NAMES)) expect(text).toContain(`# TYPE ${name} `);
    expect(text).toMatch(/lodestone_frontier_solves_total\{outcome="ok"\} 1/);
    expect(text).toMatch(/lodestone_frontier_solves_total\{outcome="invalid_problem"\} 1/);
    expect(text).toMatch(/lodestone_frontier_solve_duration_seconds_count\{outcome="ok"\} 1/);
    expect(text).toMatch(/lodestone_admission_queue_depth 0/);
  });

  it('serves the API documentation at /docs, and the OpenAPI document at /docs/json', async () => {
    const page = await fetch(`${server.url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toMatch(/swagger/i);

    const doc = (await (await fetch(`${server.url}/docs/json`)).json()) as {
      info: { version: string };
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.info.version).toBe(VERSION);
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/metrics',
      '/v1/fixtures',
      '/v1/fixtures/{name}',
      '/v1/frontiers',
      '/v1/frontiers/stream',
      '/v1/health',
      '/v1/jobs',
      '/v1/jobs/{id}',
      '/v1/jobs/{id}/events',
      '/v1/jobs/{id}/results',
      '/v1/schema/problem',
      '/v1/schema/result',
      '/v1/validate',
    ]);
    expect(Object.keys(doc.paths['/v1/frontiers'].post.requestBody!.content).sort()).toEqual([
      'application/json',
      'application/msgpack',
    ]);
    expect(doc.components.schemas).toHaveProperty('ProblemInput');
    expect(doc.components.schemas).toHaveProperty('FrontierResult');
    expect(doc.components.schemas).toHaveProperty('Error');
    expect(doc.components.schemas).toHaveProperty('BatchInput');
    expect(doc.components.schemas).toHaveProperty('Job');
  });
});
