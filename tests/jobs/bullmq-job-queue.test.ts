// Batch variations on BullMQ workers over a real Redis (its own
// redis-server on a free port): the service (LODESTONE_REDIS_URL) hands
// variations out, workers in this process solve them on their own pools.
// Checked: the results equal those of the local queue, and each says which
// worker solved it; a variation that fails on every attempt is failed with
// its error and the job goes on; one big sweep does not starve a small job;
// a cancelled job's running variation is stopped on its worker; Redis
// restarted from its append-only file loses nothing, and what a restart
// without its data lost is queued again; everything of this wire
// format stays under its own key prefix, and another format's messages are
// left alone.

import { hostname } from 'node:os';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../../src/jobs/job-queue.js';
import type { RunningWorker } from '../../src/cli/commands/worker.js';
import { KEY_PREFIX, redisClient, redisConnection, WIRE_VERSION } from '../../src/jobs/redis-connection.js';
import { CRASH_PROBLEM_NAME } from '../helpers/crashing-worker.js';
import { fixture, postJson, startTestServer, type TestServer } from '../helpers/http-server.js';
import { finished, getJob, waitForJob } from '../helpers/jobs.js';
import { until } from '../helpers/lodestone-processes.js';
import { redisTestsCanRun, startRedis, type TestRedis } from '../helpers/redis-server.js';
import { startRemoteService, startTestWorker, TEST_REMOTE as REMOTE } from '../helpers/remote-workers.js';
import { expectRel } from '../helpers/solve.js';

const canRun = redisTestsCanRun('tests/jobs/bullmq-job-queue.test.ts');

const wind = fixture('wind-turbine-oem.json') as Record<string, unknown>;
const sweep = (n: number) => ({
  base: wind,
  sweep: { grid: { '/risk/alpha': Array.from({ length: n }, (_, i) => 0.85 + (0.1 * i) / Math.max(1, n - 1)) } },
});

async function submit(url: string, batch: unknown, query = '?points=3'): Promise<string> {
  const response = await postJson(`${url}/v1/jobs${query}`, batch);
  expect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

const costs = (job: JobView) => job.variations.map((v) => v.result?.frontier.map((p) => p.expectedCost));

describe.skipIf(!canRun)('batch variations on BullMQ workers', () => {
  let redis: TestRedis;
  let service: TestServer;
  let local: TestServer;
  const workers: RunningWorker[] = [];
  const workerLog: string[] = [];
  const log = {
    info: (_d: object, m: string) => void workerLog.push(m),
    warn: (_d: object, m: string) => void workerLog.push(m),
    error: (_d: object, m: string) => void workerLog.push(m),
  };

  beforeAll(async () => {
    redis = await startRedis({ appendOnly: true });
    service = await startRemoteService(redis.url);
    local = await startTestServer();
    await local.app.jobs.start();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await service?.close();
    await local?.close();
    await redis?.destroy();
  }, 60_000);

  async function addWorker(workerFile?: URL): Promise<RunningWorker> {
    const worker = await startTestWorker(redis.url, { log, workerFile });
    workers.push(worker);
    return worker;
  }

  it('solves every variation remotely, with the local queue’s results, each saying who solved it', async () => {
    await addWorker();
    const batch = sweep(4);
    const [remoteId, localId] = await Promise.all([submit(service.url, batch), submit(local.url, batch)]);
    const remote = await waitForJob(service.url, remoteId, finished, 120_000).then(() =>
      getJob(service.url, remoteId, true),
    );
    const here = await waitForJob(local.url, localId, finished, 120_000).then(() => getJob(local.url, localId, true));
    expect(remote.status).toBe('done');
    expect(remote.progress).toMatchObject({ total: 4, done: 4, failed: 0 });
    const remoteCosts = costs(remote).flat() as number[];
    const localCosts = costs(here).flat() as number[];
    expect(remoteCosts).toHaveLength(localCosts.length);
    // Workers solve whole runs, the local queue step by step (yielding): the same optima, up to round-off.
    remoteCosts.forEach((cost, i) => expectRel(cost, localCosts[i], 1e-9));
    for (const variation of remote.variations) {
      expect(variation.solvedBy).toEqual({ host: hostname(), pid: process.pid });
      expect(variation.attempts).toBe(1);
    }
    const health = (await (await fetch(`${service.url}/v1/health`)).json()) as {
      remoteQueue?: Record<string, unknown>;
    };
    expect(health.remoteQueue).toMatchObject({ reachable: true, waiting: 0, active: 0, workers: 1, stalled: 0 });
  }, 180_000);

  it("keeps its messages under its wire format's prefix, and leaves another format's alone", async () => {
    expect(KEY_PREFIX).toBe(`lodestone:v${WIRE_VERSION}`);
    // a variation as a service of the previous wire format queued it
    const previous = `lodestone:v${WIRE_VERSION - 1}`;
    const before = new Queue('variations', { connection: redisConnection(redis.url), prefix: previous });
    try {
      await before.add('old', { jobId: 'old', index: 0, name: 'old', input: wind }, { jobId: 'old-0' });
      const id = await submit(service.url, sweep(2));
      expect((await waitForJob(service.url, id, finished, 120_000)).status).toBe('done');
      // this version's worker solved this version's job and never took the other one
      expect(await before.getJobCounts('waiting', 'active', 'completed', 'failed')).toEqual({
        waiting: 1,
        active: 0,
        completed: 0,
        failed: 0,
      });
      const health = (await (await fetch(`${service.url}/v1/health`)).json()) as {
        remoteQueue?: Record<string, unknown>;
      };
      expect(health.remoteQueue).toMatchObject({ reachable: true, wireVersion: WIRE_VERSION, workers: 1 });
    } finally {
      await before.obliterate({ force: true });
      await before.close();
    }
    const client = redisClient(redis.url);
    try {
      const keys = await client.keys('*');
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.filter((key) => !key.startsWith(`${KEY_PREFIX}:`))).toEqual([]);
    } finally {
      client.disconnect();
    }
  }, 180_000);

  it('fails a variation that fails on every attempt, with its error, and finishes the others', async () => {
    // A second worker whose pool thread dies on a problem named __crash__; the first one (healthy)
    // would solve it normally, so it is stopped for this test.
    await workers.shift()!.stop();
    const crashing = await addWorker(new URL('../helpers/crashing-worker.ts', import.meta.url));
    const crash = { ...wind, name: CRASH_PROBLEM_NAME };
    const id = await submit(service.url, { problems: [wind, crash, wind] });
    const job = await waitForJob(service.url, id, finished, 120_000).then(() => getJob(service.url, id, true));
    expect(job.status).toBe('failed');
    expect(job.progress).toMatchObject({ total: 3, done: 2, failed: 1 });
    const failed = job.variations[1];
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toBe('WORKER_CRASHED');
    const tries = workerLog.filter((line) => line.startsWith(`solving variation 1 (`) && line.endsWith(`of job ${id}`));
    expect(tries).toHaveLength(REMOTE.attempts);
    expect(job.variations[0].result).toBeDefined();
    expect(job.variations[2].result).toBeDefined();
    await crashing.stop();
    workers.splice(workers.indexOf(crashing), 1);
    await addWorker();
  }, 180_000);

  it('does not let a big sweep starve a small job submitted after it', async () => {
    const big = await submit(service.url, sweep(12));
    const small = await submit(service.url, sweep(2));
    const smallDone = await waitForJob(service.url, small, finished, 180_000);
    const bigThen = await getJob(service.url, big);
    expect(smallDone.status).toBe('done');
    // One worker, eight variations of each job in Redis at once: the small job waits for at most eight of the big one's.
    expect(bigThen.progress.done).toBeLessThanOrEqual(REMOTE.jobInFlight + 1);
    await waitForJob(service.url, big, finished, 180_000);
  }, 240_000);

  it('stops the running variation of a cancelled job on its worker, without a retry', async () => {
    const medium = fixture('bench/medium.json');
    const id = await submit(service.url, { problems: [medium, medium] }, '?points=11');
    const starts = (index: number) =>
      workerLog.filter((line) => line.startsWith(`solving variation ${index} (`) && line.endsWith(`of job ${id}`));
    await until(() => starts(0).length > 0, 60_000, 'the worker to start variation 0');
    const response = await fetch(`${service.url}/v1/jobs/${id}`, {
      method: 'DELETE',
      headers: { accept: 'application/json' },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as JobView).status).toBe('cancelled');
    await until(
      () => workerLog.includes(`cancelled variation 0 of job ${id}`),
      30_000,
      'the worker to stop variation 0',
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(workerLog.filter((line) => line.endsWith(`variation 0 of job ${id}`) && line.startsWith('solved'))).toEqual(
      [],
    );
    expect(starts(0)).toHaveLength(1);
    expect(starts(1)).toHaveLength(0);
    const job = await getJob(service.url, id);
    expect(job.status).toBe('cancelled');
    expect(job.variations.map((v) => v.status)).toEqual(['cancelled', 'cancelled']);
    const health = (await (await fetch(`${service.url}/v1/health`)).json()) as {
      remoteQueue?: Record<string, unknown>;
    };
    expect(health.remoteQueue).toMatchObject({ waiting: 0, active: 0 });
  }, 120_000);

  it('queues again the variations Redis lost (a restart without its data)', async () => {
    // No worker: the variations stay waiting in Redis, and the store has them running.
    for (const worker of workers.splice(0)) await worker.stop();
    const id = await submit(service.url, sweep(3));
    await waitForJob(service.url, id, (job) => job.progress.running === 3, 30_000);
    const client = redisClient(redis.url);
    try {
      await client.flushdb();
    } finally {
      client.disconnect();
    }
    await addWorker();
    const job = await waitForJob(service.url, id, finished, 120_000).then(() => getJob(service.url, id, true));
    expect(job.status).toBe('done');
    expect(job.progress).toMatchObject({ total: 3, done: 3 });
    // each was claimed twice: once before the loss, once when the check found it gone
    expect(job.variations.map((v) => v.attempts)).toEqual([2, 2, 2]);
    expect(job.variations.every((v) => v.result && v.solvedBy)).toBe(true);
  }, 180_000);

  it('loses nothing when Redis restarts from its append-only file mid-batch', async () => {
    const id = await submit(service.url, sweep(6));
    await waitForJob(service.url, id, (job) => job.progress.done >= 1, 120_000);
    await redis.stop('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await redis.start();
    const job = await waitForJob(service.url, id, finished, 180_000).then(() => getJob(service.url, id, true));
    expect(job.status).toBe('done');
    expect(job.progress).toMatchObject({ total: 6, done: 6 });
    expect(job.variations.every((v) => v.result && v.solvedBy)).toBe(true);
  }, 240_000);
});
