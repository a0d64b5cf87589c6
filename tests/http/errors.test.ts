// Every error answer shares one shape, { error: { code, message, status },
// errors? }, whoever raised it: the problem's validation (400, 422), fastify's
// body handling (413, 415, bad JSON), the router (404), the query (400).

import { connect } from 'node:net';
import { pack } from 'msgpackr';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { buildApp } from '../../src/http/app.js';
import { parseJson } from '../helpers/json.js';
import { fixture, postJson, startTestServer, testConfig, type TestServer } from '../helpers/http-server.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

const BODY_LIMIT = 16 * 1024;
let server: TestServer;
/** A second app on the same pool, with tiny size limits. */
let tiny: { app: FastifyInstance; url: string };

beforeAll(async () => {
  server = await startTestServer({ config: { bodyLimitBytes: BODY_LIMIT } });
  const app = await buildApp({
    pool: server.pool,
    config: testConfig({ limits: { maxScenarios: 2 } }),
    defaultMetrics: false,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  tiny = { app, url: app.listeningOrigin };
});
afterAll(async () => {
  await tiny?.app.close();
  await server?.close();
});

interface ErrorReply {
  valid?: boolean;
  error: { code: string; message: string; status: number };
  errors?: { path: string; message: string }[];
}

async function expectError(response: Response, status: number, code: string): Promise<ErrorReply> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as ErrorReply;
  expect(body.error).toEqual({ code, message: expect.any(String), status });
  expect(body.error.message.length).toBeGreaterThan(0);
  return body;
}

/** What `lodestone validate --json FILE` prints. */
async function cliValidate(file: string): Promise<{ valid: boolean; errors: { path: string; message: string }[] }> {
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  try {
    await runCli(['node', 'lodestone', 'validate', '--json', file]);
  } finally {
    write.mockRestore();
    process.exitCode = undefined;
  }
  return parseJson<{ valid: boolean; errors: { path: string; message: string }[] }>(out);
}

describe('invalid problems', () => {
  it.each(['bad-numbers.json', 'probabilities-not-one.json', 'unknown-material.json'])(
    'answers %s with 400 and every error, with its path, as `lodestone validate --json` lists them',
    async (name) => {
      const file = new URL(`../../fixtures/invalid/${name}`, import.meta.url).pathname;
      const body = await expectError(
        await postJson(`${server.url}/v1/frontiers`, fixture(`invalid/${name}`)),
        400,
        'INVALID_PROBLEM',
      );
      const cli = await cliValidate(file);
      expect(cli.valid).toBe(false);
      expect(body.errors).toEqual(cli.errors);
      expect(body.errors!.length).toBeGreaterThan(0);
    },
  );

  it('lists both errors of bad-numbers.json with their paths', async () => {
    const body = await expectError(
      await postJson(`${server.url}/v1/frontiers`, fixture('invalid/bad-numbers.json')),
      400,
      'INVALID_PROBLEM',
    );
    expect(body.errors!.map((e) => e.path)).toEqual(
      expect.arrayContaining(['$.products[0].demand', '$.suppliers[1].offers[0].capacity']),
    );
  });

  it('answers a problem over the size limits with 422, not 400', async () => {
    const problem = sampleProblemInput();
    problem.scenarios = [0, 1, 2, 3].map((k) => ({ id: `s${k}`, probability: 0.25 }));
    const body = await expectError(await postJson(`${tiny.url}/v1/frontiers`, problem), 422, 'PROBLEM_TOO_LARGE');
    expect(body.errors).toEqual([{ path: expect.any(String), message: expect.stringMatching(/scenario/i) }]);
    // The same problem is fine where the limits are the defaults.
    expect((await postJson(`${server.url}/v1/validate`, problem)).status).toBe(200);
  });

  it('answers more points than the limit with 422 naming points', async () => {
    const body = await expectError(
      await postJson(`${server.url}/v1/frontiers?points=202`, sampleProblemInput()),
      422,
      'PROBLEM_TOO_LARGE',
    );
    expect(body.errors).toEqual([
      { path: 'points', message: 'is 202, above the limit of 201 points (LODESTONE_MAX_POINTS)' },
    ]);
  });

  it('reports bad query parameters with their names', async () => {
    const body = await expectError(
      await postJson(`${server.url}/v1/frontiers?points=1&backend=cplex`, sampleProblemInput()),
      400,
      'INVALID_QUERY',
    );
    expect(body.errors!.map((e) => e.path).sort()).toEqual(['query.backend', 'query.points']);
  });
});

describe('POST /v1/validate', () => {
  it('gives the LP size of a valid problem, as the CLI does', async () => {
    const response = await postJson(`${server.url}/v1/validate`, fixture('us-motor-maker.json'));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({
      valid: true,
      lp: { rows: expect.any(Number), columns: 871, nonzeros: expect.any(Number) },
      scenarios: 5,
      warnings: [],
    });
  });

  it('answers an invalid problem with 400, valid: false and the errors, in the shared error shape', async () => {
    const body = await expectError(
      await postJson(`${server.url}/v1/validate`, fixture('invalid/unknown-material.json')),
      400,
      'INVALID_PROBLEM',
    );
    expect(body.valid).toBe(false);
    expect(body.errors!.map((e) => e.path)).toContain('$.suppliers[1].offers[0].material');
  });

  it('accepts MessagePack', async () => {
    const response = await fetch(`${server.url}/v1/validate`, {
      method: 'POST',
      headers: { 'content-type': 'application/msgpack' },
      body: pack(sampleProblemInput()),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ valid: true });
  });
});

describe('bodies', () => {
  it('answers a body over the limit with 413', async () => {
    const problem = { ...sampleProblemInput(), description: 'x'.repeat(BODY_LIMIT) };
    const body = await expectError(await postJson(`${server.url}/v1/frontiers`, problem), 413, 'BODY_TOO_LARGE');
    expect(body.error.message).toContain(String(BODY_LIMIT));
  });

  it('answers a body that is neither JSON nor MessagePack with 415', async () => {
    const text = await fetch(`${server.url}/v1/frontiers`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'periods: 12',
    });
    expect((await expectError(text, 415, 'UNSUPPORTED_MEDIA_TYPE')).error.message).toContain('text/plain');
    const xml = await fetch(`${server.url}/v1/validate`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<problem/>',
    });
    await expectError(xml, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const untyped = await fetch(`${server.url}/v1/frontiers`, { method: 'POST', body: new TextEncoder().encode('{}') });
    await expectError(untyped, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it("answers malformed JSON with our shape and the parser's reason", async () => {
    const response = await fetch(`${server.url}/v1/frontiers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"periods": 12,',
    });
    const body = await expectError(response, 400, 'MALFORMED_BODY');
    expect(body.error.message).toMatch(/not valid JSON/);
    expect(body.errors).toBeUndefined();
  });

  it('answers an empty JSON body, bad MessagePack and a __proto__ key with 400 MALFORMED_BODY', async () => {
    await expectError(
      await fetch(`${server.url}/v1/frontiers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '',
      }),
      400,
      'MALFORMED_BODY',
    );
    const notAMap = await fetch(`${server.url}/v1/frontiers`, {
      method: 'POST',
      headers: { 'content-type': 'application/msgpack' },
      body: pack([1, 2, 3]),
    });
    expect((await expectError(notAMap, 400, 'MALFORMED_BODY')).error.message).toMatch(/MessagePack.*map/);
    const poisoned = await fetch(`${server.url}/v1/validate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"periods": 1, "__proto__": {"polluted": true}}`,
    });
    expect((await expectError(poisoned, 400, 'MALFORMED_BODY')).error.message).toContain('__proto__');
  });
});

describe('routes', () => {
  it('answers an unknown route, or a wrong method, with our 404 shape', async () => {
    const unknown = await expectError(await fetch(`${server.url}/v2/frontiers?x=1`), 404, 'NOT_FOUND');
    expect(unknown.error.message).toBe('No route GET /v2/frontiers');
    await expectError(await fetch(`${server.url}/v1/frontiers`), 404, 'NOT_FOUND');
  });

  it('answers a URL that cannot be decoded, and a request that is not HTTP, in our shape', async () => {
    const badUrl = await expectError(await fetch(`${server.url}/v1/%zz`), 400, 'BAD_REQUEST');
    expect(badUrl.error.message).toMatch(/%zz/);

    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(server.url).port), '127.0.0.1', () =>
        socket.end('NOT HTTP AT ALL\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (chunk) => (text += String(chunk)));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({
      error: { code: 'BAD_REQUEST', message: expect.any(String), status: 400 },
    });
  });

  it('keeps every answer of the OpenAPI document to the shared error shape', async () => {
    const doc = parseJson<{ paths: Record<string, Record<string, { responses: unknown }>> }>(
      await (await fetch(`${server.url}/docs/json`)).text(),
    );
    const responses = doc.paths['/v1/frontiers'].post.responses as Record<
      string,
      { content: Record<string, { schema: { $ref?: string } }> }
    >;
    for (const status of ['400', '413', '415', '422', '500', '503', '504']) {
      expect(responses[status].content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
    }
  });
});
