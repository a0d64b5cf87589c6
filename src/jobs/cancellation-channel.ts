// Telling workers to stop what nobody waits for any more: the service (or the
// CLI) publishes the BullMQ job ids it gave up on, as a JSON array, on a
// Redis pub/sub channel; each worker stops those it is solving (BullMQ's
// cancelJob aborts the processor's signal). BullMQ itself has no way to stop
// a job running in another process. A message published while a worker is
// disconnected is lost, and that job runs to its end, unread, as it would
// without the channel.

import type { Redis } from 'ioredis';
import type { JobLogger } from './job-runner.js';
import { redisClient } from './redis-connection.js';

/** Frontier runs given up on; their ids are the run ids. */
export const RUN_CANCEL_CHANNEL = 'lodestone:frontier-runs:cancelled';
/** Batch variations of cancelled jobs; their ids are remoteJobId(job, index). */
export const VARIATION_CANCEL_CHANNEL = 'lodestone:variations:cancelled';

/** Publishes ids on a channel; a failure (Redis unreachable) only leaves those jobs to finish unread. */
export function announceCancelled(publisher: Redis, channel: string, ids: string[]): void {
  if (ids.length > 0) void publisher.publish(channel, JSON.stringify(ids)).catch(() => 0);
}

/** A worker's subscription: `onCancel` is called with every id announced on the channel. */
export class CancellationListener {
  private readonly redis: Redis;
  private readonly subscribed: Promise<unknown>;

  constructor(redisUrl: string, channel: string, onCancel: (id: string) => void, log: JobLogger) {
    this.redis = redisClient(redisUrl);
    this.redis.on('error', (error: Error) => log.warn({ err: error }, `redis: ${error.message}`));
    this.redis.on('message', (_channel: string, message: string) => {
      let ids: unknown;
      try {
        ids = JSON.parse(message);
      } catch {
        return;
      }
      if (Array.isArray(ids)) for (const id of ids) if (typeof id === 'string') onCancel(id);
    });
    // ioredis subscribes again by itself after a reconnect
    this.subscribed = this.redis.subscribe(channel).catch((error: Error) => {
      log.warn({ err: error }, `could not listen for cancellations on ${channel}: ${error.message}`);
    });
  }

  /** Resolves once subscribed (or once subscribing has failed, which is logged). */
  async ready(): Promise<void> {
    await this.subscribed;
  }

  close(): void {
    this.redis.disconnect();
  }
}
