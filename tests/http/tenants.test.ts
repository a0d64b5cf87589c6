// Tenants over a real socket: API keys (401 with WWW-Authenticate), jobs
// owned by their key and invisible to others (404 on every job route, absent
// from the list), per-key quotas (429 naming the quota and its value),
// security headers on every reply, CORS off unless configured, and the
// refusal to start on a non-loopback host without keys.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exposureProblem } from '../../src/config.js';
import { fixture, JSON_HEADERS, startTestServer, type TestServer } from '../helpers/http-server.js';
import { readSse } from '../helpers/jobs.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

const ALICE = 'alice-key-0123456789abcdef';
const BOB = 'bob-key-fedcba9876543210xx';
/** The key's headers; with a JSON body too when `body` (a DELETE with a Content-Type and no body is a 400). */
const as = (key: string, body = false) => ({
  ...(body ? JSON_HEADERS : { accept: 'application/json' }),
  authorization: `Bearer ${key}`,
});

let server: TestServer;
beforeAll(async () => {
  // The job queue is not started: jobs stay queued, so ownership and the queued-variations quota are seen without solving.
  server = await startTestServer({
    workers: 1,
    config: {
      apiKeys: [
        { name: 'alice', key: ALICE },
        { name: 'bob', key: BOB },
      ],
      maxQueuedVariationsPerKey: 4,
      maxConcurrentSolvesPerKey: 1,
    },
  });
});
afterAll(() => server?.close());

async function submit(key: string, batch: unknown): Promise<Response> {
  return fetch(`${server.url}/v1/jobs?points=2`, {
    method: 'POST',
    headers: as(key, true),
    body: JSON.stringify(batch),
  });
}

describe('API keys', () => {
  it('answers 401 with WWW-Authenticate to a missing, malformed or unknown key, on every keyed route', async () => {
    const cases: [string, RequestInit, string][] = [
      ['/v1/jobs', {}, 'needs an API key'],
      ['/v1/jobs', { headers: { authorization: `Basic ${ALICE}` } }, 'Bearer <key>'],
      ['/v1/jobs', { headers: { authorization: 'Bearer not-a-key-of-this-service' } }, 'not valid'],
      ['/v1/jobs/anything/results', {}, 'needs an API key'],
      ['/metrics', {}, 'needs an API key'],
      [
        '/v1/frontiers',
        { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(sampleProblemInput()) },
        'needs an API key',
      ],
    ];
    for (const [path, init, message] of cases) {
      const response = await fetch(`${server.url}${path}`, init);
      expect(response.status, path).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="lodestone"');
      const body = (await response.json()) as { error: { code: string; message: string; status: number } };
      expect(body.error).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
      expect(body.error.message).toContain(message);
    }
  });

  it('leaves the health check and (by default) /docs open, and lets a right key through', async () => {
    expect((await fetch(`${server.url}/v1/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/docs/json`)).status).toBe(200);
    expect((await fetch(`${server.url}/metrics`, { headers: as(BOB) })).status).toBe(200);
    const list = await fetch(`${server.url}/v1/jobs`, { headers: as(ALICE) });
    expect(list.status).toBe(200);
  });
});

describe('public or keyed /metrics and /docs', () => {
  it('follows LODESTONE_PUBLIC_METRICS and LODESTONE_PUBLIC_DOCS', async () => {
    const other = await startTestServer({
      workers: 1,
      config: { apiKeys: [{ name: 'alice', key: ALICE }], publicMetrics: true, publicDocs: false },
    });
    try {
      expect((await fetch(`${other.url}/metrics`)).status).toBe(200);
      expect((await fetch(`${other.url}/docs/json`)).status).toBe(401);
      expect((await fetch(`${other.url}/docs`)).status).toBe(401);
      expect((await fetch(`${other.url}/docs/json`, { headers: as(ALICE) })).status).toBe(200);
      expect((await fetch(`${other.url}/v1/jobs`)).status).toBe(401);
    } finally {
      await other.close();
    }
  });
});

describe('job ownership', () => {
  let id: string;
  beforeAll(async () => {
    const response = await submit(ALICE, { problems: [sampleProblemInput()] });
    expect(response.status).toBe(202);
    id = ((await response.json()) as { id: string }).id;
  });

  it('shows the job to its owner on every route', async () => {
    expect((await fetch(`${server.url}/v1/jobs/${id}`, { headers: as(ALICE) })).status).toBe(200);
    const results = await fetch(`${server.url}/v1/jobs/${id}/results`, { headers: as(ALICE) });
    expect(results.status).toBe(200);
    expect(await results.json()).toMatchObject({ id, status: 'queued', total: 1, variations: [{ status: 'queued' }] });
    const list = (await (await fetch(`${server.url}/v1/jobs`, { headers: as(ALICE) })).json()) as {
      jobs: { id: string }[];
    };
    expect(list.jobs.map((j) => j.id)).toContain(id);
  });

  it("answers another key's request for it exactly as for a job that does not exist (404), and leaves it alone", async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const routes: [string, string][] = [
      ['GET', ''],
      ['GET', '?results=false'],
      ['GET', '/results'],
      ['GET', '/results?variation=0'],
      ['GET', '/results?format=csv'],
      ['DELETE', ''],
    ];
    for (const [method, suffix] of routes) {
      const theirs = await fetch(`${server.url}/v1/jobs/${id}${suffix}`, { method, headers: as(BOB) });
      const none = await fetch(`${server.url}/v1/jobs/${missing}${suffix}`, { method, headers: as(BOB) });
      expect(theirs.status, `${method} ${suffix}`).toBe(404);
      expect(none.status).toBe(404);
      const body = (await theirs.json()) as { error: { code: string; message: string } };
      const noneBody = (await none.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('JOB_NOT_FOUND');
      expect(body.error.message.replace(id, 'ID')).toBe(noneBody.error.message.replace(missing, 'ID'));
    }
    const events = await readSse(`${server.url}/v1/jobs/${id}/events`, { authorization: `Bearer ${BOB}` }, 5_000);
    expect(events.status).toBe(404);
    const list = (await (await fetch(`${server.url}/v1/jobs`, { headers: as(BOB) })).json()) as {
      jobs: { id: string }[];
    };
    expect(list.jobs.map((j) => j.id)).not.toContain(id);
    // Bob's DELETE changed nothing.
    const job = (await (await fetch(`${server.url}/v1/jobs/${id}?results=false`, { headers: as(ALICE) })).json()) as {
      status: string;
    };
    expect(job.status).toBe('queued');
  });
});

describe('quotas', () => {
  it('refuses a batch that would take a key past its queued-variations quota with 429, naming the quota and the value', async () => {
    // Alice has 1 queued variation (the job above, or none if run alone): 4 more pass the quota of 4.
    const five = { problems: Array.from({ length: 5 }, () => sampleProblemInput()) };
    const refused = await submit(ALICE, five);
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('QUOTA_EXCEEDED');
    expect(body.error.message).toMatch(/quota of 4 \(LODESTONE_MAX_QUEUED_VARIATIONS_PER_KEY\)/);
    expect(body.error.message).toContain('"alice"');

    // The quota counts every queued job of the key, and only the key's.
    const before = (await (await fetch(`${server.url}/v1/jobs?status=queued`, { headers: as(BOB) })).json()) as {
      jobs: unknown[];
    };
    expect(before.jobs).toHaveLength(0);
    const two = { problems: [sampleProblemInput(), sampleProblemInput()] };
    expect((await submit(BOB, two)).status).toBe(202);
    expect((await submit(BOB, two)).status).toBe(202);
    const third = await submit(BOB, two);
    expect(third.status).toBe(429);
    expect(((await third.json()) as { error: { message: string } }).error.message).toMatch(
      /has 4 variation\(s\) queued or running; 2 more would pass its quota of 4/,
    );
    // Cancelling frees the quota.
    const bobsJobs = (await (await fetch(`${server.url}/v1/jobs`, { headers: as(BOB) })).json()) as {
      jobs: { id: string }[];
    };
    expect(
      (await fetch(`${server.url}/v1/jobs/${bobsJobs.jobs[0].id}`, { method: 'DELETE', headers: as(BOB) })).status,
    ).toBe(200);
    expect((await submit(BOB, two)).status).toBe(202);
  });

  it('refuses a second concurrent frontier request of the same key with 429, while another key is served', async () => {
    const slow = fixture('bench/medium.json');
    const controller = new AbortController();
    const first = fetch(`${server.url}/v1/frontiers?points=21`, {
      method: 'POST',
      headers: as(ALICE, true),
      body: JSON.stringify(slow),
      signal: controller.signal,
    }).catch(() => null);
    // Wait until the first holds its slot.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const health = (await (await fetch(`${server.url}/v1/health`)).json()) as { queue: { solving: number } };
      if (health.queue.solving === 1) break;
      if (Date.now() > deadline) throw new Error('the first request never started solving');
      await new Promise((r) => setTimeout(r, 25));
    }
    const second = await fetch(`${server.url}/v1/frontiers?points=2`, {
      method: 'POST',
      headers: as(ALICE, true),
      body: JSON.stringify(sampleProblemInput()),
    });
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await second.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('QUOTA_EXCEEDED');
    expect(body.error.message).toMatch(/its quota of 1 \(LODESTONE_MAX_CONCURRENT_SOLVES_PER_KEY\)/);
    // Bob is not held to Alice's quota: he waits in line and is served once she hangs up.
    const bobs = fetch(`${server.url}/v1/frontiers?points=2`, {
      method: 'POST',
      headers: as(BOB, true),
      body: JSON.stringify(sampleProblemInput()),
    });
    controller.abort();
    await first;
    expect((await bobs).status).toBe(200);
  });
});

describe('security headers and CORS', () => {
  it('puts the security headers on every reply: 200, 401, 404', async () => {
    for (const [path, init] of [
      ['/v1/health', {}],
      ['/v1/jobs', {}],
      ['/no/such/route', {}],
    ] as [string, RequestInit][]) {
      const response = await fetch(`${server.url}${path}`, init);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('content-security-policy'), path).toContain("default-src 'self'");
      // Plain HTTP must keep working (loopback, a LAN): no upgrade of the page's own resources to https.
      expect(response.headers.get('content-security-policy'), path).not.toContain('upgrade-insecure-requests');
      expect(response.headers.get('strict-transport-security'), path).toMatch(/max-age=\d+/);
      expect(response.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(response.headers.get('x-powered-by'), path).toBeNull();
    }
  });

  it('sends no CORS headers by default, not even to a preflight', async () => {
    const simple = await fetch(`${server.url}/v1/health`, { headers: { origin: 'https://elsewhere.example' } });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${server.url}/v1/jobs`, {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows exactly the configured origins when LODESTONE_CORS_ORIGINS is set', async () => {
    const open = await startTestServer({ workers: 1, config: { corsOrigins: ['https://planner.example'] } });
    try {
      const preflight = await fetch(`${open.url}/v1/jobs`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://planner.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://planner.example');
      expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
      const other = await fetch(`${open.url}/v1/health`, { headers: { origin: 'https://elsewhere.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const allowed = await fetch(`${open.url}/v1/health`, { headers: { origin: 'https://planner.example' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://planner.example');
    } finally {
      await open.close();
    }
  });
});

describe('exposure', () => {
  it('refuses a non-loopback host without keys, unless allowed', () => {
    const base = { apiKeys: [], allowAnonymous: false };
    expect(exposureProblem({ ...base, host: '127.0.0.1' })).toBeNull();
    expect(exposureProblem({ ...base, host: '::1' })).toBeNull();
    expect(exposureProblem({ ...base, host: '0.0.0.0' })).toMatch(
      /refusing to listen on 0\.0\.0\.0.*LODESTONE_API_KEYS/,
    );
    expect(exposureProblem({ ...base, host: '0.0.0.0', allowAnonymous: true })).toBeNull();
    expect(exposureProblem({ ...base, host: '::', apiKeys: [{ name: 'a', key: ALICE }] })).toBeNull();
  });

  it('the service exits with code 1 and says why, before it opens anything', () => {
    const main = fileURLToPath(new URL('../../src/http/main.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', main], {
      env: { PATH: process.env.PATH, HOST: '0.0.0.0', PORT: '0', LODESTONE_DATA_DIR: '/nonexistent/never-created' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/lodestone: refusing to listen on 0\.0\.0\.0 \(HOST\) without API keys/);
    expect(run.stderr).toContain('LODESTONE_ALLOW_ANONYMOUS=1');
  });
});
