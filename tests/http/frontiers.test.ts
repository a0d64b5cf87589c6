// POST /v1/frontiers over a real socket and a real pool: the same problem
// gives the same frontier in JSON and in MessagePack, each way.
//
// One worker, requests one after another: on a bigger pool which worker's
// warm session solves which run depends on timing, and degenerate LPs then
// end on other optimal vertices (same values to ~1e-14, not bit for bit),
// which would hide what this file checks: that encoding loses nothing.

import { decode } from '@msgpack/msgpack';
import { pack } from 'msgpackr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrontierResult } from '../../src/frontier/solve-frontier.js';
import { fixture, postJson, startTestServer, type TestServer } from '../helpers/http-server.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ workers: 1 });
});
afterAll(() => server?.close());

/** What must not depend on the wire format: everything but the timings. */
function withoutTimings(result: FrontierResult) {
  const { timings, ...rest } = result;
  expect(timings.totalMs).toBeGreaterThan(0);
  return rest;
}

async function solve(body: unknown, format: { send: 'json' | 'msgpack'; accept: 'json' | 'msgpack' }, query = '') {
  const response = await fetch(`${server.url}/v1/frontiers${query}`, {
    method: 'POST',
    headers: { 'content-type': `application/${format.send}`, accept: `application/${format.accept}` },
    body: format.send === 'json' ? JSON.stringify(body) : pack(body),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(new RegExp(`^application/${format.accept}`));
  const bytes = new Uint8Array(await response.arrayBuffer());
  // An independent decoder: msgpackr's replies must be plain MessagePack.
  return (format.accept === 'json' ? JSON.parse(new TextDecoder().decode(bytes)) : decode(bytes)) as FrontierResult;
}

describe('POST /v1/frontiers', () => {
  it('gives the same frontier whether the problem and the reply are JSON or MessagePack', async () => {
    const problem = fixture('us-motor-maker.json');
    const results: FrontierResult[] = [];
    for (const send of ['json', 'msgpack'] as const) {
      for (const accept of ['json', 'msgpack'] as const) results.push(await solve(problem, { send, accept }));
    }
    const [reference, ...others] = results.map(withoutTimings);
    expect(reference.status).toBe('optimal');
    expect(reference.frontier.length).toBe(11);
    expect(reference.scenarios.length).toBe(5);
    for (const other of others) expect(other).toEqual(reference);
  });

  it('takes points and backend from the query', async () => {
    const result = await solve(
      fixture('us-motor-maker.json'),
      { send: 'json', accept: 'json' },
      '?points=3&backend=highs',
    );
    expect(result.frontier.map((p) => p.kind)).toEqual(['cheapest', 'epsilon', 'safest']);
    expect(result.solver.backend).toBe('highs');
    // cheapest to safest: expected cost up, CVaR down
    expect(result.frontier[0].expectedCost).toBeLessThanOrEqual(result.frontier[2].expectedCost);
    expect(result.frontier[0].cvar).toBeGreaterThanOrEqual(result.frontier[2].cvar);
  });

  it('answers in MessagePack when Accept prefers it, and in JSON without Accept', async () => {
    const preferMsgpack = await postJson(`${server.url}/v1/frontiers?points=2`, sampleProblemInput(), {
      headers: { 'content-type': 'application/json', accept: 'application/json;q=0.5, application/msgpack' },
    });
    expect(preferMsgpack.headers.get('content-type')).toBe('application/msgpack');
    expect((decode(new Uint8Array(await preferMsgpack.arrayBuffer())) as FrontierResult).status).toBe('optimal');

    const noAccept = await fetch(`${server.url}/v1/frontiers?points=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sampleProblemInput()),
    });
    expect(noAccept.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await noAccept.json()) as FrontierResult).status).toBe('optimal');
  });

  it('refuses with 406, before solving, an Accept that allows neither format', async () => {
    const response = await postJson(`${server.url}/v1/frontiers`, sampleProblemInput(), {
      headers: { 'content-type': 'application/json', accept: 'text/csv' },
    });
    expect(response.status).toBe(406);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_ACCEPTABLE', status: 406 } });
  });

  it('sends errors in MessagePack to a client that asked for MessagePack', async () => {
    const response = await fetch(`${server.url}/v1/frontiers`, {
      method: 'POST',
      headers: { 'content-type': 'application/msgpack', accept: 'application/msgpack' },
      body: pack({ periods: 0 }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/msgpack');
    const body = decode(new Uint8Array(await response.arrayBuffer())) as {
      error: { code: string };
      errors: { path: string }[];
    };
    expect(body.error.code).toBe('INVALID_PROBLEM');
    expect(body.errors.map((e) => e.path)).toContain('$.periods');
  });
});
