// LODESTONE_BATCH_SLOTS over a real socket: with two batch slots on a pool of
// two, a job solves two variations at once (their solving times overlap), each
// once, with the same results as the default service, which keeps one slot
// for interactive requests and so solves one variation at a time.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../../src/jobs/job-queue.js';
import { fixture, postJson, startTestServer, type TestServer } from '../helpers/http-server.js';
import { finished, getJob, waitForJob } from '../helpers/jobs.js';

// Risk levels far enough apart that every variation has a frontier of its own.
const sweep = {
  base: fixture('wind-turbine-oem.json'),
  sweep: { grid: { '/risk/alpha': [0.5, 0.6, 0.75, 0.9] } },
};

async function runJob(server: TestServer): Promise<JobView> {
  const response = await postJson(`${server.url}/v1/jobs?points=4`, sweep);
  expect(response.status).toBe(202);
  const { id } = (await response.json()) as { id: string };
  await waitForJob(server.url, id, finished);
  return getJob(server.url, id, true);
}

/** Pairs of variations whose solving times overlap. */
function overlaps(job: JobView): number {
  const spans = job.variations.map((v) => [Date.parse(v.startedAt!), Date.parse(v.finishedAt!)]);
  let count = 0;
  for (let i = 0; i < spans.length; i++)
    for (let j = i + 1; j < spans.length; j++) if (spans[i][0] < spans[j][1] && spans[j][0] < spans[i][1]) count++;
  return count;
}

let twoSlots: TestServer;
let oneSlot: TestServer;
beforeAll(async () => {
  [twoSlots, oneSlot] = await Promise.all([
    startTestServer({ workers: 2, config: { batchSlots: 2 } }),
    startTestServer({ workers: 2 }),
  ]);
  await twoSlots.app.jobs.start();
  await oneSlot.app.jobs.start();
});
afterAll(async () => {
  await twoSlots?.close();
  await oneSlot?.close();
});

describe('batch slots', () => {
  let parallel: JobView;
  let serial: JobView;
  beforeAll(async () => {
    parallel = await runJob(twoSlots);
    serial = await runJob(oneSlot);
  });

  it('solves variations of one job two at a time with two batch slots, one at a time by default', () => {
    expect(parallel.status).toBe('done');
    expect(serial.status).toBe('done');
    expect(overlaps(parallel)).toBeGreaterThanOrEqual(1);
    expect(overlaps(serial)).toBe(0);
  });

  it('solves each variation once, on the service itself', () => {
    for (const job of [parallel, serial]) {
      expect(job.variations.map((v) => [v.status, v.attempts])).toEqual(Array(4).fill(['done', 1]));
      for (const v of job.variations) expect(v.solvedBy?.pid).toBe(process.pid);
    }
  });

  it('gives each variation the same frontier either way', () => {
    expect(parallel.variations.map((v) => v.name)).toEqual(serial.variations.map((v) => v.name));
    parallel.variations.forEach((v, i) => {
      const a = v.result!.frontier;
      const b = serial.variations[i].result!.frontier;
      expect(a).toHaveLength(b.length);
      a.forEach((point, p) => {
        for (const key of ['expectedCost', 'cvar'] as const)
          expect(Math.abs(point[key] - b[p][key]) / Math.abs(b[p][key])).toBeLessThan(1e-6);
      });
    });
    // the variations differ from each other, so a result given to the wrong one would show
    const costs = new Set(parallel.variations.map((v) => Math.round(v.result!.frontier[0].cvar)));
    expect(costs.size).toBeGreaterThan(1);
  });
});
