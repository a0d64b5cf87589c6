// Seeded property-based fuzz of every POST endpoint (issue 11): a few hundred
// hostile bodies (tests/helpers/fuzz-bodies.ts), JSON and MessagePack, each
// must get a 2xx or a 4xx, never a 5xx, within a time-out; the service must
// solve a real problem afterwards. The long run (10,000 bodies, RSS before and
// after) is `npm run fuzz` (benchmarks/fuzz.ts). FUZZ_SEED and FUZZ_RUNS
// override the seed and the count to replay a failure.

import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { FrontierPool } from '../../workers/frontier-pool.js';
import { anyFuzzBody, sendFuzzBody } from '../helpers/fuzz-bodies.js';
import { testConfig } from '../helpers/http-server.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
/** A sample-sized solve takes well under a second; a hang is what this catches. */
const ANSWER_WITHIN_MS = 20_000;

let pool: FrontierPool;
let app: FastifyInstance;

beforeAll(async () => {
  pool = await FrontierPool.start({ size: 1, solveTimeLimitSec: 30 });
  app = await buildApp({ pool, config: testConfig({ poolSize: 1 }), defaultMetrics: false });
});
afterAll(async () => {
  await app?.close();
  await pool?.close();
});

describe('fuzz: every POST endpoint, JSON and MessagePack', () => {
  it(`answers ${RUNS} seeded hostile bodies with no 5xx and no hang (seed ${SEED})`, { timeout: 120_000 }, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(anyFuzzBody, async (body) => {
        const outcome = await sendFuzzBody(app, body, ANSWER_WITHIN_MS);
        statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
        if (outcome.status >= 500)
          throw new Error(
            `${outcome.status} from ${body.endpoint} (${body.kind}, ${body.contentType}): ${outcome.excerpt}`,
          );
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    // The run exercised both outcomes: refusals and real solves or queued jobs.
    const counts = [...statuses.entries()];
    expect(counts.some(([s]) => s >= 400 && s < 500)).toBe(true);
    expect(counts.some(([s]) => s >= 200 && s < 300)).toBe(true);

    const after = await app.inject({
      method: 'POST',
      url: '/v1/frontiers?points=2',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(sampleProblemInput()),
    });
    expect(after.statusCode).toBe(200);
  });
});
