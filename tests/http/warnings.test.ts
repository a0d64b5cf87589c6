// Warnings over HTTP (issue 12): POST /v1/validate lists them, every result
// carries them, ?strict=true refuses a problem that has any; a body sent as
// application/vnd.msgpack is read as MessagePack; reported quantities carry
// no solver round-off (nothing strictly between 0 and the 1e-6 tolerance).

import { encode } from '@msgpack/msgpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrontierResult } from '../../src/frontier/solve-frontier.js';
import { fixture, startTestServer, type TestServer } from '../helpers/http-server.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ workers: 1 });
});
afterAll(() => server?.close());

function withHorizon(): Record<string, unknown> {
  return { ...sampleProblemInput(), horizon: 6 };
}

const HORIZON = { path: '$.horizon', message: 'unknown field `horizon` (ignored)' };

async function post(path: string, body: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('warnings over HTTP', () => {
  it('POST /v1/validate lists them; with ?strict=true each is an error (400)', async () => {
    const lenient = await post('/v1/validate', withHorizon());
    expect(lenient.status).toBe(200);
    expect(lenient.body).toMatchObject({ valid: true, warnings: [HORIZON] });
    const clean = await post('/v1/validate', sampleProblemInput());
    expect(clean.body.warnings).toEqual([]);
    const strict = await post('/v1/validate?strict=true', withHorizon());
    expect(strict.status).toBe(400);
    expect(strict.body).toMatchObject({
      valid: false,
      error: { code: 'INVALID_PROBLEM' },
      errors: [{ path: HORIZON.path, message: `${HORIZON.message} (strict)` }],
    });
  });

  it('POST /v1/frontiers returns them in the result, and refuses under ?strict=true', async () => {
    const solved = await post('/v1/frontiers?points=2', withHorizon());
    expect(solved.status).toBe(200);
    expect(solved.body.warnings).toEqual([HORIZON]);
    const strict = await post('/v1/frontiers?points=2&strict=true', withHorizon());
    expect(strict.status).toBe(400);
    expect((strict.body.error as { code: string }).code).toBe('INVALID_PROBLEM');
  });

  it('reads an application/vnd.msgpack body as MessagePack', async () => {
    const response = await fetch(`${server.url}/v1/validate`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.msgpack' },
      body: encode(withHorizon()),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ valid: true, warnings: [HORIZON] });
  });
});

describe('batch jobs', () => {
  it('POST /v1/jobs?strict=true refuses a batch whose variation only warns; backend=jslp over its limit is 422', async () => {
    const strict = await post('/v1/jobs?strict=true', { problems: [withHorizon()] });
    expect(strict.status).toBe(400);
    expect(strict.body).toMatchObject({
      error: { code: 'INVALID_BATCH' },
      errors: [{ variation: 0, path: HORIZON.path }],
    });
    const jslp = await post('/v1/jobs?backend=jslp', { problems: [fixture('eu-ev-maker.json')] });
    expect(jslp.status).toBe(422);
    expect((jslp.body.error as { code: string }).code).toBe('BATCH_TOO_LARGE');
    expect((jslp.body.errors as { message: string }[])[0].message).toMatch(/above the 300 that backend jslp solves/);
  });
});

describe('reported quantities', () => {
  it('are 0 or at least the verification tolerance, never solver round-off', async () => {
    const { status, body } = await post('/v1/frontiers?points=5', fixture('eu-ev-maker.json'));
    expect(status).toBe(200);
    const result = body as unknown as FrontierResult;
    const quantities = result.frontier.flatMap((p) => [
      ...Object.values(p.unmetDemand),
      ...p.orders.map((o) => o.quantity),
      ...p.designCapacities.map((d) => d.capacity),
      ...p.production.map((d) => d.expected),
      ...Object.values(p.expectedStock).flat(),
      ...Object.values(p.expectedSpot).flat(),
    ]);
    expect(quantities.length).toBeGreaterThan(100);
    expect(quantities.filter((x) => x !== 0 && Math.abs(x) < 1e-6)).toEqual([]);
    expect(quantities.filter((x) => x < 0)).toEqual([]);
  });
});
