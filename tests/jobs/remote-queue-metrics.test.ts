// /metrics of a service with LODESTONE_REDIS_URL, against a real redis-server
// (its own, on a free port) and a worker in this process: the queue's states,
// the workers connected and seen, the outcomes accepted, and a second copy of
// an outcome (sent by a stand-in BullMQ worker) counted as a duplicate and
// not stored; with Redis gone, lodestone_remote_redis_up says 0.

import { Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorker } from '../../src/cli/commands/worker.js';
import { KEY_PREFIX, redisConnection, VARIATION_QUEUE } from '../../src/jobs/redis-connection.js';
import { remoteJobId, type RemoteOutcome, type RemoteVariation } from '../../src/jobs/remote-variation.js';
import { fixture, postJson, type TestServer } from '../helpers/http-server.js';
import { startRemoteService, startTestWorker } from '../helpers/remote-workers.js';
import { finished, getJob, waitForJob } from '../helpers/jobs.js';
import { redisTestsCanRun, startRedis, type TestRedis } from '../helpers/redis-server.js';

const canRun = redisTestsCanRun('tests/jobs/remote-queue-metrics.test.ts');

const wind = fixture('wind-turbine-oem.json') as Record<string, unknown>;

/** The samples of a Prometheus text exposition: `name{labels}` → value. */
async function scrape(url: string): Promise<Map<string, number>> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    const match = /^(lodestone_remote_\S+) (\S+)$/.exec(line);
    if (match) samples.set(match[1], Number(match[2]));
  }
  return samples;
}

describe.skipIf(!canRun)('/metrics with BullMQ workers', () => {
  let redis: TestRedis;
  let service: TestServer;
  let worker: RunningWorker | undefined;

  beforeAll(async () => {
    redis = await startRedis();
    service = await startRemoteService(redis.url);
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await service?.close();
    await redis?.destroy();
  }, 60_000);

  it('reports the queue, the workers and every outcome accepted once, a second copy as a duplicate', async () => {
    const before = await scrape(service.url);
    expect(before.get('lodestone_remote_redis_up')).toBe(1);
    expect(before.get('lodestone_remote_workers')).toBe(0);
    expect(before.get('lodestone_remote_variations{state="waiting"}')).toBe(0);

    worker = await startTestWorker(redis.url);
    const response = await postJson(`${service.url}/v1/jobs?points=3`, { problems: [wind, wind, wind] });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    await waitForJob(service.url, id, finished, 120_000);
    const done = await scrape(service.url);
    expect(done.get('lodestone_remote_results_total{outcome="accepted"}')).toBe(3);
    expect(done.get('lodestone_remote_results_total{outcome="duplicate"}') ?? 0).toBe(0);
    expect(done.get('lodestone_remote_workers')).toBe(1);
    expect(done.get('lodestone_remote_workers_seen')).toBe(1);
    expect(done.get('lodestone_remote_stalled_total')).toBe(0);
    for (const state of ['waiting', 'delayed', 'active', 'failed', 'unstored'])
      expect(done.get(`lodestone_remote_variations{state="${state}"}`), state).toBe(0);
    const stored = await getJob(service.url, id, true);

    // A second copy of variation 0's outcome, from another "worker": ignored, counted.
    await worker.stop();
    worker = undefined;
    const connection = redisConnection(redis.url);
    const queue = new Queue<RemoteVariation, RemoteOutcome>(VARIATION_QUEUE, { connection, prefix: KEY_PREFIX });
    const copy = new Worker<RemoteVariation, RemoteOutcome>(
      VARIATION_QUEUE,
      async () => ({ ok: true, result: stored.variations[1].result!, solvedBy: { host: 'elsewhere', pid: 1 } }),
      { connection, prefix: KEY_PREFIX },
    );
    try {
      await queue.add('copy', { jobId: id, index: 0, name: 'copy', input: wind }, { jobId: remoteJobId(id, 0) });
      const deadline = Date.now() + 30_000;
      let after = await scrape(service.url);
      while ((after.get('lodestone_remote_results_total{outcome="duplicate"}') ?? 0) < 1 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        after = await scrape(service.url);
      }
      expect(after.get('lodestone_remote_results_total{outcome="duplicate"}')).toBe(1);
      expect(after.get('lodestone_remote_results_total{outcome="accepted"}')).toBe(3);
      expect(after.get('lodestone_remote_workers_seen')).toBe(2);
      // The stored result is the first copy's.
      const job = await getJob(service.url, id, true);
      expect(job.variations[0].solvedBy).toEqual(stored.variations[0].solvedBy);
      expect(job.variations[0].result).toEqual(stored.variations[0].result);
    } finally {
      await copy.close();
      await queue.close();
    }
  }, 180_000);

  it('says Redis is down when it does not answer, and keeps its own counts', async () => {
    await redis.stop('SIGKILL');
    // Past the moment during which one scrape's Redis figures serve the next.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const down = await scrape(service.url);
    expect(down.get('lodestone_remote_redis_up')).toBe(0);
    expect(down.has('lodestone_remote_variations{state="waiting"}')).toBe(false);
    expect(down.get('lodestone_remote_results_total{outcome="accepted"}')).toBe(3);
    await redis.start();
  }, 60_000);
});
