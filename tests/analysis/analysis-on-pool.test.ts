// Section 9 end to end: `analysis` in the problem and `?analysis=` over HTTP,
// solved on the worker pool (the scenario solves are pool tasks).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrontierResult } from '../../src/frontier/solve-frontier.js';
import { postJson, startTestServer, type TestServer } from '../helpers/http-server.js';
import { finished, getJob, waitForJob } from '../helpers/jobs.js';
import { handProblem } from './hand-problem.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ workers: 2 });
  await server.app.jobs.start();
});
afterAll(() => server?.close());

async function post(
  body: unknown,
  query = '',
): Promise<{ status: number; body: FrontierResult & { error?: unknown } }> {
  const response = await fetch(`${server.url}/v1/frontiers${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as FrontierResult & { error?: unknown } };
}

describe('analysis over HTTP', () => {
  it('?analysis=vss,evpi returns the hand-computed values', async () => {
    const { status, body } = await post(handProblem(), '?analysis=vss,evpi');
    expect(status).toBe(200);
    const a = body.analysis!;
    expect(a.rp).toBeCloseTo(300, 6);
    expect(a.eev).toBeCloseTo(600, 6);
    expect(a.vss).toBeCloseTo(300, 6);
    expect(a.ws).toBeCloseTo(200, 6);
    expect(a.evpi).toBeCloseTo(100, 6);
    expect(body.timings.analysisMs).toBeGreaterThan(0);
    // and every point explains itself
    expect(body.frontier[0].scenarioUnmet).toHaveLength(2);
  });

  it('the problem field asks for it too, and only for what it names', async () => {
    const { status, body } = await post({ ...handProblem(), analysis: ['evpi'] });
    expect(status).toBe(200);
    expect(body.analysis!.evpi).toBeCloseTo(100, 6);
    expect(body.analysis!.vss).toBeUndefined();
  });

  it('no analysis unless asked', async () => {
    const { body } = await post(handProblem());
    expect(body.analysis).toBeUndefined();
  });

  it('a batch job variation asks for it by a patch, and gets it (its solves through the gate at batch priority)', async () => {
    const batch = {
      base: handProblem(),
      sweep: { variations: [{ name: 'analysed', patch: [{ op: 'add', path: '/analysis', value: ['vss', 'evpi'] }] }] },
    };
    const response = await postJson(`${server.url}/v1/jobs`, batch);
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    await waitForJob(server.url, id, finished, 50_000);
    const job = await getJob(server.url, id, true);
    expect(job.status).toBe('done');
    const result = job.variations[0].result as FrontierResult;
    expect(result.analysis!.vss).toBeCloseTo(300, 6);
    expect(result.analysis!.evpi).toBeCloseTo(100, 6);
  });

  it('a bad ?analysis= is a 400 naming the parameter', async () => {
    const { status, body } = await post(handProblem(), '?analysis=vss,foo');
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toMatch(/analysis/);
  });
});
