// Regression tests, one per body in tests/fixtures/reproducers/ (see its
// README): each hung the service or got a 5xx (issue 11). Each must now get
// a 4xx naming the problem, within a second or two, and leave the service
// answering a real solve afterwards. Every request races a timer, so a
// regression fails here instead of hanging the suite.

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { FrontierPool } from '../../workers/frontier-pool.js';
import { testConfig } from '../helpers/http-server.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

const JSON_TYPE = 'application/json';
const MSGPACK_TYPE = 'application/msgpack';
/** Far above what any of these takes now (milliseconds), far below a hang. */
const ANSWER_WITHIN_MS = 5_000;
/** The 5.8 MB bodies: about 0.5 s to parse and check on an idle core; room for a loaded CI machine. */
const BIG_BODY_WITHIN_MS = 3_000;

let pool: FrontierPool;
let app: FastifyInstance;

beforeAll(async () => {
  pool = await FrontierPool.start({ size: 1, solveTimeLimitSec: 60 });
  app = await buildApp({ pool, config: testConfig({ poolSize: 1 }), defaultMetrics: false });
});
afterAll(async () => {
  await app?.close();
  await pool?.close();
});

function body(name: string): Buffer {
  const bytes = readFileSync(new URL(`../fixtures/reproducers/${name}`, import.meta.url));
  return name.endsWith('.gz') ? gunzipSync(bytes) : bytes;
}

interface ErrorReply {
  error: { code: string; message: string; status: number };
  errors?: { path: string; message: string }[];
}

async function post(url: string, contentType: string, payload: Buffer): Promise<LightMyRequestResponse> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`POST ${url} did not answer within ${ANSWER_WITHIN_MS} ms`)),
      ANSWER_WITHIN_MS,
    );
  });
  try {
    return await Promise.race([
      app.inject({ method: 'POST', url, headers: { 'content-type': contentType, accept: JSON_TYPE }, payload }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The reply is `status` with `code`, and its message or one of its errors matches `names`. */
function expectRefusal(response: LightMyRequestResponse, status: number, code: string, names: RegExp): ErrorReply {
  expect(response.statusCode, response.body.slice(0, 500)).toBe(status);
  const reply = response.json<ErrorReply>();
  expect(reply.error.code).toBe(code);
  const texts = [reply.error.message, ...(reply.errors ?? []).map((e) => `${e.path}: ${e.message}`)];
  expect(
    texts.some((t) => names.test(t)),
    texts.slice(0, 5).join('\n'),
  ).toBe(true);
  return reply;
}

async function expectHealthy(): Promise<void> {
  const health = await app.inject({ method: 'GET', url: '/v1/health' });
  expect(health.statusCode).toBe(200);
  const solve = await post('/v1/frontiers?points=2', JSON_TYPE, Buffer.from(JSON.stringify(sampleProblemInput())));
  expect(solve.statusCode).toBe(200);
  expect(solve.json<{ frontier: unknown[] }>().frontier.length).toBeGreaterThan(0);
}

describe('hostile-input reproducers (issue 11)', () => {
  it('cyclic-array.msgpack: structured-clone id/pointer extensions are a 400 on every POST endpoint, not a hang', async () => {
    for (const url of ['/v1/validate', '/v1/frontiers', '/v1/frontiers/stream', '/v1/jobs']) {
      const response = await post(url, MSGPACK_TYPE, body('cyclic-array.msgpack'));
      expectRefusal(response, 400, 'MALFORMED_BODY', /\$\.x .*structured-clone.*0x69.*refused/);
    }
    await expectHealthy();
  });

  it('dag-bomb-2^40.msgpack: shared references are refused before anything walks them', async () => {
    for (const url of ['/v1/frontiers?points=2', '/v1/validate', '/v1/jobs']) {
      const started = performance.now();
      const response = await post(url, MSGPACK_TYPE, body('dag-bomb-2^40.msgpack'));
      expectRefusal(response, 400, 'MALFORMED_BODY', /extension type 0x69/);
      expect(performance.now() - started).toBeLessThan(1_000);
    }
    await expectHealthy();
  });

  it('batch-deep-nest-10k.json.gz: 10k nesting levels are a 400 naming the depth limit', async () => {
    const response = await post('/v1/jobs', JSON_TYPE, body('batch-deep-nest-10k.json.gz'));
    expectRefusal(response, 400, 'MALFORMED_BODY', /nests deeper than 64 levels/);
    await expectHealthy();
  });

  it('batch-bigint.msgpack: a BigInt is a 400 naming its path', async () => {
    const response = await post('/v1/jobs', MSGPACK_TYPE, body('batch-bigint.msgpack'));
    expectRefusal(response, 400, 'MALFORMED_BODY', /\$\.problems is a BigInt/);
    await expectHealthy();
  });

  it('zod-issue-spread-130k-offers.json.gz: 130k invalid offers are refused by count, not listed one by one', async () => {
    const started = performance.now();
    const response = await post('/v1/validate', JSON_TYPE, body('zod-issue-spread-130k-offers.json.gz'));
    const reply = expectRefusal(
      response,
      422,
      'PROBLEM_TOO_LARGE',
      /\$\.suppliers: has 130\d+ offers .* above the limit/,
    );
    expect(reply.errors!.length).toBeLessThanOrEqual(101);
    expect(performance.now() - started).toBeLessThan(BIG_BODY_WITHIN_MS);
    await expectHealthy();
  });

  it('demand-1e308.json: a demand of 1e308 is a 400 naming the field and the magnitude limit', async () => {
    const response = await post('/v1/frontiers?points=2', JSON_TYPE, body('demand-1e308.json'));
    expectRefusal(
      response,
      400,
      'INVALID_PROBLEM',
      /^\$\.products\[1\]\.demand\[6\]: must be at most 1000000000000 .*magnitude limit.*1e\+308/,
    );
    await expectHealthy();
  });

  it('spot-event-x1000.json: 1,000 events in one scenario are a 422 naming the scenario', async () => {
    const response = await post('/v1/frontiers?points=2', JSON_TYPE, body('spot-event-x1000.json'));
    expectRefusal(
      response,
      422,
      'PROBLEM_TOO_LARGE',
      /^\$\.scenarios\[1\]\.events: has 1000 events, above the limit of 200/,
    );
    await expectHealthy();
  });

  it('rows-bomb-100k-policy.json.gz: 100k policy rules are a 422 on validate and frontiers, without building the LP', async () => {
    for (const url of ['/v1/validate', '/v1/frontiers?points=2']) {
      const started = performance.now();
      const response = await post(url, JSON_TYPE, body('rows-bomb-100k-policy.json.gz'));
      expectRefusal(response, 422, 'PROBLEM_TOO_LARGE', /^\$\.policy: has 100001 share rules, above the limit of 1000/);
      expect(performance.now() - started).toBeLessThan(BIG_BODY_WITHIN_MS);
    }
    expect(pool.stats().workerRestarts).toBe(0);
    await expectHealthy();
  });
});
