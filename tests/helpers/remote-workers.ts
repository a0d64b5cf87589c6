// The in-process pieces of the BullMQ tests: a service whose batches go to
// Redis, and a `lodestone worker` in this process, with the settings those
// tests share.

import { startWorker, type RunningWorker } from '../../src/cli/commands/worker.js';
import type { RemoteQueueConfig } from '../../src/config.js';
import type { JobLogger } from '../../src/jobs/job-runner.js';
import { startTestServer, testConfig, type TestServer } from './http-server.js';

/** Quick polls and stalled checks; locks long enough for a loaded 2-core machine (2 s lost them at load 20). */
export const TEST_REMOTE: RemoteQueueConfig = {
  jobInFlight: 8,
  attempts: 3,
  lockMs: 10_000,
  stalledIntervalMs: 2000,
  pollMs: 100,
};

/** A service handing its batches to BullMQ on this Redis, its job runner started. */
export async function startRemoteService(redisUrl: string, remote = TEST_REMOTE): Promise<TestServer> {
  const service = await startTestServer({ config: { redisUrl, remote } });
  await service.app.jobs.start();
  return service;
}

/** A worker in this process, taking variations and frontier runs once this resolves. */
export async function startTestWorker(
  redisUrl: string,
  options: { remote?: RemoteQueueConfig; workers?: number; log?: JobLogger; workerFile?: URL } = {},
): Promise<RunningWorker> {
  const config = testConfig({ remote: options.remote ?? TEST_REMOTE, jobStopGraceMs: 2000, solveTimeLimitSec: 120 });
  const worker = await startWorker({
    redisUrl,
    workers: options.workers ?? 1,
    config,
    log: options.log,
    workerFile: options.workerFile,
  });
  await Promise.all([worker.worker.ready(), worker.runs.ready()]);
  return worker;
}
