// The job queue of a service whose batch variations are solved by
// `lodestone worker` processes over BullMQ (LODESTONE_REDIS_URL): the same
// LocalJobQueue (submission, validation, store, events) with the
// BullMqDispatcher driving its jobs instead of a JobRunner on the local pool.

import type { RemoteQueueConfig } from '../config.js';
import { BullMqDispatcher, type RemoteQueueStats } from './bullmq-dispatcher.js';
import { LocalJobQueue, type LocalJobQueueOptions } from './local-job-queue.js';

export interface BullMqJobQueueOptions extends Omit<LocalJobQueueOptions, 'driver' | 'solve'> {
  redisUrl: string;
  remote: RemoteQueueConfig;
}

/** The queue, and the figures of its BullMQ side for /v1/health. */
export function createBullMqJobQueue(options: BullMqJobQueueOptions): {
  queue: LocalJobQueue;
  stats: () => Promise<RemoteQueueStats>;
} {
  const { redisUrl, remote, ...local } = options;
  let dispatcher: BullMqDispatcher | undefined;
  const queue = new LocalJobQueue({
    ...local,
    solve: () => Promise.reject(new Error('batch variations are solved by remote workers')),
    driver: (publish) =>
      (dispatcher = new BullMqDispatcher({ store: local.store, publish, redisUrl, remote, log: local.log })),
  });
  return { queue, stats: () => dispatcher!.stats() };
}
