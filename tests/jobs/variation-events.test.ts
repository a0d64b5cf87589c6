// What workers announce on the variation event channel: the messages parse
// back to what was sent and anything else is dropped; and an outcome's
// message makes the service collect at once, without waiting for its poll.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorker } from '../../src/cli/commands/worker.js';
import { parseVariationEvent, type VariationEvent } from '../../src/jobs/variation-events.js';
import { fixture, postJson, type TestServer } from '../helpers/http-server.js';
import { finished, waitForJob } from '../helpers/jobs.js';
import { redisTestsCanRun, startRedis, type TestRedis } from '../helpers/redis-server.js';
import { startRemoteService, startTestWorker, TEST_REMOTE } from '../helpers/remote-workers.js';

describe('variation event messages', () => {
  it('parse back to the events sent', () => {
    const events: VariationEvent[] = [
      { type: 'point', id: 'j.0', name: 'alpha 0.9', done: 2, total: 5 },
      { type: 'outcome', id: 'j.1' },
      { type: 'stalled', id: 'j.2' },
    ];
    for (const event of events) expect(parseVariationEvent(JSON.stringify(event))).toEqual(event);
  });

  it('drop what is not an event', () => {
    for (const message of [
      'not json',
      'null',
      '[]',
      '{"type":"outcome"}',
      '{"type":"outcome","id":7}',
      '{"type":"finished","id":"j.0"}',
      '{"type":"point","id":"j.0","name":"a","done":"1","total":5}',
      '{"type":"point","id":"j.0","done":1,"total":5}',
    ])
      expect(parseVariationEvent(message), message).toBeNull();
  });
});

const canRun = redisTestsCanRun('tests/jobs/variation-events.test.ts');

// The service polls once a minute: a job of three variations on one worker finishes in
// seconds only if each outcome's message wakes the service.
const REMOTE = { ...TEST_REMOTE, jobInFlight: 1, pollMs: 60_000 };

describe.skipIf(!canRun)('an outcome announced by its worker', () => {
  let redis: TestRedis;
  let service: TestServer;
  let worker: RunningWorker;

  beforeAll(async () => {
    redis = await startRedis();
    service = await startRemoteService(redis.url, REMOTE);
    worker = await startTestWorker(redis.url, { remote: REMOTE });
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await service?.close();
    await redis?.destroy();
  }, 60_000);

  it('is collected at once, not at the next poll', async () => {
    const wind = fixture('wind-turbine-oem.json') as Record<string, unknown>;
    const batch = { base: wind, sweep: { grid: { '/risk/alpha': [0.85, 0.9, 0.95] } } };
    const response = await postJson(`${service.url}/v1/jobs?points=3`, batch);
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    // one variation in Redis at a time: each of the next two goes out when the previous one is collected
    const job = await waitForJob(service.url, id, finished, 30_000);
    expect(job.status).toBe('done');
    expect(job.progress).toMatchObject({ total: 3, done: 3 });
  }, 60_000);
});
