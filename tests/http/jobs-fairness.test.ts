// A large batch must not starve interactive requests: batch variations take
// the admission gate at batch priority one LP step at a time, so a POST
// /v1/frontiers waits at most for the batch step in progress, not for the
// batch (nor for the variation) to finish. One worker: the hardest case.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, postJson, startTestServer, type TestServer } from '../helpers/http-server.js';
import { getJob, waitForJob } from '../helpers/jobs.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ workers: 1 });
  await server.app.jobs.start();
});
afterAll(() => server?.close());

const interactive = fixture('wind-turbine-oem.json');

async function timedFrontier(): Promise<number> {
  const started = performance.now();
  const response = await postJson(`${server.url}/v1/frontiers?points=5`, interactive);
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  return performance.now() - started;
}

describe('fairness between a batch and interactive requests', () => {
  it('answers POST /v1/frontiers promptly while a large batch runs on the only worker', async () => {
    await timedFrontier(); // the worker's first solve also compiles
    const idle = Math.min(await timedFrontier(), await timedFrontier(), await timedFrontier());

    // One variation alone, for the yardstick (and to warm the worker up on this problem).
    const small = fixture('bench/small.json');
    const single = (await (await postJson(`${server.url}/v1/jobs?points=11`, { problems: [small] })).json()) as {
      id: string;
    };
    const [alone] = (await waitForJob(server.url, single.id, (job) => job.status === 'done', 30_000, 20)).variations;
    const perVariation = Date.parse(alone.finishedAt!) - Date.parse(alone.startedAt!);

    const response = await postJson(`${server.url}/v1/jobs?points=11`, { problems: Array(12).fill(small) });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    await waitForJob(server.url, id, (job) => job.progress.running === 1, 20_000, 20);
    const batchStarted = performance.now();

    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      latencies.push(await timedFrontier());
      await new Promise((r) => setTimeout(r, 100));
    }
    const during = await getJob(server.url, id);
    // Still a long way to go: the requests were not served after the batch.
    expect(during.status).toBe('running');
    expect(during.progress.done).toBeLessThan(during.progress.total - 2);
    const solved = during.variations.filter((v) => v.status === 'done').length;
    console.log(
      `fairness: interactive frontier idle ${idle.toFixed(0)} ms; during the batch ${latencies.map((l) => l.toFixed(0)).join(', ')} ms; ` +
        `a batch variation alone ${perVariation.toFixed(0)} ms (${solved} of ${during.progress.total} done after ${((performance.now() - batchStarted) / 1000).toFixed(1)} s)`,
    );
    expect((await fetch(`${server.url}/v1/jobs/${id}`, { method: 'DELETE' })).status).toBe(200);
    // Each one waits for at most one batch LP step (bench/small: tens to a few hundred ms), never a whole variation.
    for (const latency of latencies) expect(latency).toBeLessThan(idle + perVariation);
    const median = [...latencies].sort((a, b) => a - b)[2];
    expect(median).toBeLessThan(idle + perVariation / 2);
  });
});
