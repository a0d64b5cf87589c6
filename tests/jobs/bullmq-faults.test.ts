// Faults of remote batch solving, with every party a real process: a real
// redis-server (own port, own directory), the service (`src/http/main.ts`
// with LODESTONE_REDIS_URL) and `lodestone worker` processes.
// - a worker killed with kill -9 mid-variation: another worker takes the
//   variation after BullMQ's stalled-job check; it is solved once more at
//   most, and every variation ends with exactly one result;
// - the service killed with kill -9 while workers run: what they finish
//   meanwhile waits in Redis and is stored after the restart, nothing solved
//   twice;
// - a worker stopped with SIGTERM mid-variation and a short grace period
//   hands the variation back and exits 0; another worker solves it.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../../src/jobs/job-queue.js';
import { fixture, postJson } from '../helpers/http-server.js';
import { finished, getJob, waitForJob } from '../helpers/jobs.js';
import {
  killAll,
  startServiceProcess,
  startsIn,
  startWorkerProcess,
  until,
  type Proc,
} from '../helpers/lodestone-processes.js';
import { redisTestsCanRun, startRedis, type TestRedis } from '../helpers/redis-server.js';

const canRun = redisTestsCanRun('tests/jobs/bullmq-faults.test.ts');

const small = fixture('bench/small.json');
const sweep = (alphas: number[]) => ({ base: small, sweep: { grid: { '/risk/alpha': alphas } } });
const ALPHAS = [0.8, 0.84, 0.88, 0.9, 0.92, 0.95];

async function submit(url: string, batch: unknown): Promise<string> {
  const response = await postJson(`${url}/v1/jobs?points=5`, batch);
  expect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

/** Every variation done, with a result, once. */
function expectAllDoneOnce(job: JobView, total: number): void {
  expect(job.status).toBe('done');
  expect(job.progress).toMatchObject({ total, done: total, failed: 0 });
  expect(job.variations.map((v) => v.index)).toEqual(Array.from({ length: total }, (_, i) => i));
  for (const v of job.variations) {
    expect(v.result?.frontier.length).toBeGreaterThan(0);
    expect(v.attempts).toBe(1);
  }
}

describe.skipIf(!canRun)('remote batch faults (real processes)', () => {
  let redis: TestRedis;
  const dataDir = mkdtempSync(join(tmpdir(), 'lodestone-remote-'));
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    redis = await startRedis({ appendOnly: true });
    env = { LODESTONE_REDIS_URL: redis.url, LODESTONE_DATA_DIR: dataDir };
  }, 30_000);

  // A failed test must not leave its service holding the data directory for the next one.
  afterEach(killAll);

  afterAll(async () => {
    killAll();
    await redis?.destroy();
  });

  it('hands a variation whose worker was killed with kill -9 to another worker, solved once more at most', async () => {
    const service = await startServiceProcess(env);
    const [a, b] = await Promise.all([startWorkerProcess(env), startWorkerProcess(env)]);
    const id = await submit(service.url, sweep(ALPHAS));
    await until(() => startsIn(a.log, id).length >= 1, 60_000, 'worker A to start a variation');
    const killedOn = startsIn(a.log, id).at(-1)!;
    a.child.kill('SIGKILL');
    expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const job = await waitForJob(service.url, id, finished, 120_000).then(() => getJob(service.url, id, true));
    expectAllDoneOnce(job, ALPHAS.length);
    // Solves started per variation over both workers: 1 each, 2 for the one A was solving when killed.
    const starts = [...startsIn(a.log, id), ...startsIn(b.log, id)];
    for (let i = 0; i < ALPHAS.length; i++)
      expect(starts.filter((x) => x === i).length, `variation ${i}`).toBe(i === killedOn ? 2 : 1);
    expect(job.variations[killedOn].solvedBy?.pid).toBe(b.pid);
    const health = (await (await fetch(`${service.url}/v1/health`)).json()) as { remoteQueue?: { stalled: number } };
    expect(health.remoteQueue?.stalled).toBe(1);
    console.log(
      `kill -9: worker A died on variation ${killedOn}; B took it over; ${job.variations.filter((v) => v.solvedBy?.pid === a.pid).length} variation(s) solved by A before`,
    );
    b.child.kill('SIGTERM');
    expect((await b.exited).code).toBe(0);
    service.child.kill('SIGTERM');
    await service.exited;
  }, 240_000);

  it('keeps what workers finish while the service is down, and stores it after the restart', async () => {
    let service = await startServiceProcess(env);
    const worker = await startWorkerProcess(env);
    const id = await submit(service.url, sweep(ALPHAS));
    await waitForJob(service.url, id, (job) => job.progress.done >= 1, 120_000, 20);
    service.child.kill('SIGKILL');
    await service.exited;
    const solvedWhileDown = () => worker.log.filter((l) => l.includes(`solved variation`) && l.includes(id)).length;
    const before = solvedWhileDown();
    await until(
      () => solvedWhileDown() >= before + 2,
      120_000,
      'the worker to finish two variations while the service is down',
    );
    service = await startServiceProcess(env);
    const job = await waitForJob(service.url, id, finished, 120_000).then(() => getJob(service.url, id, true));
    expectAllDoneOnce(job, ALPHAS.length);
    const starts = startsIn(worker.log, id);
    expect(starts.sort((x, y) => x - y)).toEqual(ALPHAS.map((_, i) => i));
    expect(job.variations.every((v) => v.solvedBy?.pid === worker.pid)).toBe(true);
    worker.child.kill('SIGTERM');
    await worker.exited;
    service.child.kill('SIGTERM');
    await service.exited;
  }, 240_000);

  it('hands a running variation back on SIGTERM after the grace period; another worker solves it', async () => {
    const service = await startServiceProcess(env);
    const leaving = await startWorkerProcess({ ...env, LODESTONE_JOB_STOP_GRACE_MS: '100' });
    const id = await submit(service.url, sweep(ALPHAS.slice(0, 3)));
    await until(() => startsIn(leaving.log, id).length >= 1, 60_000, 'the worker to start a variation');
    const handedBack = startsIn(leaving.log, id).at(-1)!;
    leaving.child.kill('SIGTERM');
    expect((await leaving.exited).code).toBe(0);
    expect(leaving.log.some((l) => l.includes(`handed variation ${handedBack} of job ${id} back`))).toBe(true);
    const staying: Proc = await startWorkerProcess(env);
    const job = await waitForJob(service.url, id, finished, 120_000).then(() => getJob(service.url, id, true));
    expectAllDoneOnce(job, 3);
    expect(job.variations[handedBack].solvedBy?.pid).toBe(staying.pid);
    staying.child.kill('SIGTERM');
    await staying.exited;
    service.child.kill('SIGTERM');
    await service.exited;
  }, 240_000);
});
