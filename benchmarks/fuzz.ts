// `npm run fuzz`: the long fuzz run of issue 11. Sends N seeded hostile bodies
// (default 10,000; tests/helpers/fuzz-bodies.ts, the same generator as the
// test suite's few hundred) to every POST endpoint of one app on a one-worker
// pool, and reports the statuses, the 5xx and hangs (both must be 0), the
// slowest answer, the worker restarts and the process RSS before, at its peak
// and after the load (after a GC). Exit 1 if any 5xx or hang.
//
//   npm run fuzz -- [--runs=10000] [--seed=20261203]

import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { buildApp } from '../src/http/app.js';
import { loadConfig } from '../src/config.js';
import { FrontierPool } from '../workers/frontier-pool.js';
import { anyFuzzBody, sendFuzzBody } from '../tests/helpers/fuzz-bodies.js';

const HANG_MS = 30_000;
const MB = 1024 * 1024;

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '10000' }, seed: { type: 'string', default: '20261203' } },
});
const runs = Number(values.runs);
const seed = Number(values.seed);

function rssMb(): number {
  return Math.round(process.memoryUsage().rss / MB);
}

async function settle(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const config = { ...loadConfig({}), poolSize: 1 };
const pool = await FrontierPool.start({ size: 1, solveTimeLimitSec: 30 });
const app = await buildApp({ pool, config, defaultMetrics: false });
await app.ready();
await settle();
const rssBefore = rssMb();
let rssPeak = rssBefore;
const statuses = new Map<number, number>();
const failures: string[] = [];
let hangs = 0;
let slowest = { ms: 0, what: '' };
const started = performance.now();

// fast-check draws the bodies lazily (the same ones for the same seed), one at a time;
// the property never fails, so every body is sent and every outcome counted.
let i = 0;
await fc.assert(
  fc.asyncProperty(anyFuzzBody, async (body) => {
    const index = i++;
    try {
      const outcome = await sendFuzzBody(app, body, HANG_MS);
      statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
      if (outcome.status >= 500)
        failures.push(
          `#${index} ${outcome.status} ${body.endpoint} (${body.kind}, ${body.contentType}): ${outcome.excerpt}`,
        );
      if (outcome.ms > slowest.ms) slowest = { ms: outcome.ms, what: `${body.endpoint} (${body.kind})` };
    } catch (error) {
      hangs++;
      failures.push(`#${index} ${(error as Error).message}`);
    }
    if (index % 100 === 0) rssPeak = Math.max(rssPeak, rssMb());
    if (index % 1000 === 999) process.stderr.write(`${index + 1}/${runs} bodies, RSS ${rssMb()} MB\n`);
  }),
  { seed, numRuns: runs },
);
const seconds = (performance.now() - started) / 1000;
rssPeak = Math.max(rssPeak, rssMb());
await settle();
const rssAfter = rssMb();
const restarts = pool.stats().workerRestarts;
await app.close();
await pool.close();

const fivexx = [...statuses.entries()].filter(([s]) => s >= 500).reduce((sum, [, n]) => sum + n, 0);
console.log(`fuzz: ${runs} bodies, seed ${seed}, ${seconds.toFixed(1)} s on node ${process.version}`);
console.log(
  `statuses: ${[...statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}: ${n}`)
    .join(', ')}`,
);
console.log(`5xx: ${fivexx}, hangs (no answer in ${HANG_MS / 1000} s): ${hangs}, worker restarts: ${restarts}`);
console.log(`slowest answer: ${Math.round(slowest.ms)} ms (${slowest.what})`);
console.log(`RSS: ${rssBefore} MB before, ${rssPeak} MB peak, ${rssAfter} MB after (GC, 1.5 s idle)`);
for (const failure of failures.slice(0, 20)) console.log(`FAIL ${failure}`);
process.exit(fivexx > 0 || hangs > 0 ? 1 : 0);
