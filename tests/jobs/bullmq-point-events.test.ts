// A job's point events with its variations solved by BullMQ workers (a real
// redis-server of the test's own, a worker in this process): the same point
// events per variation as the local queue sends for the same batch, each
// before its variation's end.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../../src/cli/commands/worker.js';
import { fixture, postJson, startTestServer, testConfig, type TestServer } from '../helpers/http-server.js';
import { readSse, type SseEvent } from '../helpers/jobs.js';
import { redisTestsCanRun, startRedis, type TestRedis } from '../helpers/redis-server.js';

const canRun = redisTestsCanRun('tests/jobs/bullmq-point-events.test.ts');

const REMOTE = { jobInFlight: 8, attempts: 3, lockMs: 10_000, stalledIntervalMs: 2000, pollMs: 100 };
const wind = fixture('wind-turbine-oem.json') as Record<string, unknown>;
const batch = { base: wind, sweep: { grid: { '/risk/alpha': [0.85, 0.9, 0.95] } } };

/** The job's whole event stream (it ends with the job). */
async function eventsOf(url: string): Promise<SseEvent[]> {
  const response = await postJson(`${url}/v1/jobs?points=4`, batch);
  expect(response.status).toBe(202);
  const { id } = (await response.json()) as { id: string };
  const { status, events } = await readSse(`${url}/v1/jobs/${id}/events`, {}, 120_000);
  expect(status).toBe(200);
  return events;
}

/** Per variation: its point events' done/total, in order. */
function pointsByVariation(events: SseEvent[]): Map<number, string[]> {
  const byIndex = new Map<number, string[]>();
  for (const { event, data } of events) {
    if (event !== 'point') continue;
    const index = data.index as number;
    byIndex.set(index, [...(byIndex.get(index) ?? []), `${String(data.done)}/${String(data.total)}`]);
  }
  return byIndex;
}

describe.skipIf(!canRun)('point events of remote variations', () => {
  let redis: TestRedis;
  let service: TestServer;
  let local: TestServer;
  let worker: RunningWorker;

  beforeAll(async () => {
    redis = await startRedis();
    service = await startTestServer({ config: { redisUrl: redis.url, remote: REMOTE } });
    await service.app.jobs.start();
    local = await startTestServer();
    await local.app.jobs.start();
    const config = testConfig({ remote: REMOTE, jobStopGraceMs: 2000, solveTimeLimitSec: 120 });
    worker = await startWorker({ redisUrl: redis.url, workers: 1, config });
    await worker.worker.ready();
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await service?.close();
    await local?.close();
    await redis?.destroy();
  }, 60_000);

  it('sends the local queue’s point events, each before its variation ends', async () => {
    const [remote, here] = await Promise.all([eventsOf(service.url), eventsOf(local.url)]);
    const remotePoints = pointsByVariation(remote);
    expect(remotePoints.size).toBe(3);
    expect(remotePoints).toEqual(pointsByVariation(here));
    for (const [index, points] of remotePoints) {
      expect(points.at(-1)).toBe('4/4');
      const ended = remote.findIndex(
        (e) => e.event === 'variation' && e.data.index === index && e.data.status === 'done',
      );
      const lastPoint = remote.findLastIndex((e) => e.event === 'point' && e.data.index === index);
      expect(ended).toBeGreaterThan(lastPoint);
    }
  }, 180_000);
});
