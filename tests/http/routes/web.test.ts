// The service side of the explorer page (src/http/routes/web.ts and the two
// routes it registers): the read-only fixtures, the streaming solve, and the
// static page (or, when it is not built, the 503 page that says how to build it).

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrontierResult } from '../../../src/frontier/solve-frontier.js';
import { registerWebRoutes } from '../../../src/http/routes/web.js';
import type { FrontierService } from '../../../src/service/frontier-service.js';
import { fixture, startTestServer, type TestServer } from '../../helpers/http-server.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ workers: 1 });
});
afterAll(() => server?.close());

interface StreamEvent {
  event: string;
  data: unknown;
}

async function streamSolve(
  body: string,
  query = '',
): Promise<{ status: number; contentType: string | null; events: StreamEvent[] }> {
  const response = await fetch(`${server.url}/v1/frontiers/stream${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body,
  });
  const text = await response.text();
  const events = text
    .split('\n\n')
    .map((block) => block.split('\n').filter((line) => !line.startsWith(':') && line !== ''))
    .filter((lines) => lines.length > 0)
    .map((lines) => ({
      event: lines.find((l) => l.startsWith('event: '))!.slice(7),
      data: JSON.parse(lines.find((l) => l.startsWith('data: '))!.slice(6)) as unknown,
    }));
  return { status: response.status, contentType: response.headers.get('content-type'), events };
}

describe('GET /v1/fixtures', () => {
  it("lists the fixtures directory's own JSON files, with each problem's name", async () => {
    const response = await fetch(`${server.url}/v1/fixtures`);
    expect(response.status).toBe(200);
    const { fixtures } = (await response.json()) as { fixtures: { name: string; title?: string; bytes: number }[] };
    const expected = readdirSync(FIXTURES)
      .filter((name) => name.endsWith('.json'))
      .sort();
    expect(fixtures.map((f) => f.name)).toEqual(expected);
    expect(fixtures.map((f) => f.name)).toContain('us-motor-maker.json');
    const motor = fixtures.find((f) => f.name === 'us-motor-maker.json')!;
    expect(motor.title).toBe((fixture('us-motor-maker.json') as { name: string }).name);
    expect(motor.bytes).toBe(readFileSync(join(FIXTURES, 'us-motor-maker.json')).length);
  });

  it('serves a fixture as its file', async () => {
    const response = await fetch(`${server.url}/v1/fixtures/wind-turbine-oem.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(readFileSync(join(FIXTURES, 'wind-turbine-oem.json')));
  });

  it('serves a fixture by its name without .json too', async () => {
    const response = await fetch(`${server.url}/v1/fixtures/eu-ev-maker`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(readFileSync(join(FIXTURES, 'eu-ev-maker.json')));
  });

  it.each([
    '..%2Fpackage.json',
    '%2e%2e%2fpackage.json',
    '..%5C..%5Cpackage.json',
    'invalid%2Funknown-material.json',
    'bench%2Fsmall.json',
    'README.md',
    'nope.json',
    '%2Fetc%2Fpasswd',
  ])('answers 404 for %s, which is not one of its files', async (name) => {
    const response = await fetch(`${server.url}/v1/fixtures/${name}`);
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.message).toMatch(/GET \/v1\/fixtures lists them/);
  });
});

describe('POST /v1/frontiers/stream', () => {
  it('streams progress up to the total, then the result', async () => {
    const { status, contentType, events } = await streamSolve(
      JSON.stringify(fixture('us-motor-maker.json')),
      '?points=4',
    );
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/event-stream/);
    const progress = events.filter((e) => e.event === 'progress').map((e) => e.data as { done: number; total: number });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.total === 4)).toBe(true);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(progress.at(-1)!.done).toBe(4);
    const last = events.at(-1)!;
    expect(last.event).toBe('result');
    const result = last.data as FrontierResult;
    expect(result.status).toBe('optimal');
    expect(result.frontier.map((p) => p.kind)).toEqual(['cheapest', 'epsilon', 'epsilon', 'safest']);
  });

  // Issue 13: the cheapest plan is what a planner reads first; it comes before the rest of the frontier.
  it('sends point A as a `point` event as soon as it is verified, before the frontier is done', async () => {
    const { events } = await streamSolve(JSON.stringify(fixture('eu-ev-maker.json')), '?points=6');
    const points = events.filter((e) => e.event === 'point');
    expect(points).toHaveLength(1);
    const at = events.indexOf(points[0]);
    const finished = events.findIndex((e) => e.event === 'progress' && (e.data as { done: number }).done === 6);
    expect(at).toBeGreaterThan(-1);
    expect(at).toBeLessThan(finished);
    const { index, point } = points[0].data as { index: number; point: FrontierResult['frontier'][number] };
    const result = events.at(-1)!.data as FrontierResult;
    expect(index).toBe(0);
    expect(point).toEqual(result.frontier[0]);
  });

  // Issue 12: an invalid problem was a 200 stream with one error event; it is now refused as everywhere else.
  it('answers an invalid problem with 400 and every error with its path, before any stream', async () => {
    const response = await fetch(`${server.url}/v1/frontiers/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: readFileSync(join(FIXTURES, 'invalid', 'unknown-material.json'), 'utf8'),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { error: { code: string; status: number }; errors: { path: string }[] };
    expect(body.error).toMatchObject({ code: 'INVALID_PROBLEM', status: 400 });
    expect(body.errors.map((e) => e.path)).toEqual([
      '$.products[0].designs[0].bom["tb-oxide"]',
      '$.suppliers[1].offers[0].material',
    ]);
  });

  it('refuses under ?strict=true a problem that only warns, and a jslp solve over its size limit, before any stream', async () => {
    const problem = fixture('us-motor-maker.json') as Record<string, unknown>;
    const strict = await fetch(`${server.url}/v1/frontiers/stream?strict=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...problem, horizon: 12 }),
    });
    expect(strict.status).toBe(400);
    const strictBody = (await strict.json()) as { errors: { path: string; message: string }[] };
    expect(strictBody.errors).toEqual([{ path: '$.horizon', message: 'unknown field `horizon` (ignored) (strict)' }]);
    const jslp = await fetch(`${server.url}/v1/frontiers/stream?backend=jslp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(problem),
    });
    expect(jslp.status).toBe(422);
    const jslpBody = (await jslp.json()) as { error: { code: string }; errors: { message: string }[] };
    expect(jslpBody.error.code).toBe('PROBLEM_TOO_LARGE');
    expect(jslpBody.errors[0].message).toMatch(/the LP has \d+ columns, above the 300 that backend jslp solves/);
  });

  it('answers a body that is not JSON with the ordinary error reply, not a stream', async () => {
    const response = await fetch(`${server.url}/v1/frontiers/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"periods": ',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('MALFORMED_BODY');
  });
});

describe('the page at /', () => {
  let dir: string;
  let app: FastifyInstance;
  // The stream route is registered too, but these tests never call it.
  const noService = {} as FrontierService;
  /** The page's routes alone, with the zod compilers buildApp also sets. */
  async function pageApp(options: { webDist: string }): Promise<FastifyInstance> {
    const instance = Fastify();
    instance.setValidatorCompiler(validatorCompiler);
    instance.setSerializerCompiler(serializerCompiler);
    await registerWebRoutes(instance, noService, { ...options, fixturesDir: FIXTURES });
    return instance;
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lodestone-web-'));
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is a 503 page saying how to build it when web/dist has no page', async () => {
    app = await pageApp({ webDist: join(dir, 'missing') });
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('npm run build');
    expect(response.body).toContain('vite build --config web/vite.config.ts');
    await app.close();
  });

  it('serves the built page: index.html revalidated, hashed assets immutable and precompressed', async () => {
    const dist = join(dir, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>explorer</title>');
    const script = 'console.log("explorer");'.repeat(100);
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), script);
    writeFileSync(join(dist, 'assets', 'index-abc123.js.br'), brotliCompressSync(script));
    app = await pageApp({ webDist: dist });

    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('<title>explorer</title>');

    const asset = await app.inject({
      method: 'GET',
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-encoding']).toBe('br');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    expect((await app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/../package.json' })).statusCode).toBe(404);
  });

  it('leaves unknown paths to the API, which answers them in its error shape', async () => {
    // The real app: web/dist may or may not be built; either way /v1/nope is the API's 404.
    const response = await fetch(`${server.url}/v1/nope`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});
