// A job's point events with its variations solved by BullMQ workers (a real
// redis-server of the test's own, a worker in this process): the same point
// events per variation as the local queue sends for the same batch, each
// before its variation's end.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorker } from '../../src/cli/commands/worker.js';
import { fixture, postJson, startTestServer, type TestServer } from '../helpers/http-server.js';
import { readSse, type SseEvent } from '../helpers/jobs.js';
import { redisTestsCanRun, startRedis, type TestRedis } from '../helpers/redis-server.js';
import { startRemoteService, startTestWorker } from '../helpers/remote-workers.js';

const canRun = redisTestsCanRun('tests/jobs/bullmq-point-events.test.ts');

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
    service = await startRemoteService(redis.url);
    local = await startTestServer();
    await local.app.jobs.start();
    worker = await startTestWorker(redis.url);
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
