// The job queue of a service whose batch variations are solved by
// `lodestone worker` processes over BullMQ (LODESTONE_REDIS_URL): the same
// LocalJobQueue (submission, validation, store, events) with the
// BullMqDispatcher driving its jobs instead of a JobRunner on the local pool.

import type { RemoteQueueConfig } from '../config.js';
import { BullMqDispatcher } from './bullmq-dispatcher.js';
import { LocalJobQueue, type LocalJobQueueOptions } from './local-job-queue.js';

export interface BullMqJobQueueOptions extends Omit<LocalJobQueueOptions, 'driver' | 'solve'> {
  redisUrl: string;
  remote: RemoteQueueConfig;
}

export function createBullMqJobQueue(options: BullMqJobQueueOptions): LocalJobQueue {
  const { redisUrl, remote, ...local } = options;
  return new LocalJobQueue({
    ...local,
    solve: () => Promise.reject(new Error('batch variations are solved by remote workers')),
    driver: (publish) => new BullMqDispatcher({ store: local.store, publish, redisUrl, remote, log: local.log }),
  });
}
