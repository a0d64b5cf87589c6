// Telling workers to stop what nobody waits for any more: the service (or the
// CLI) publishes the BullMQ job ids it gave up on, as a JSON array, on a
// Redis pub/sub channel; each worker stops those it is solving (BullMQ's
// cancelJob aborts the processor's signal). BullMQ itself has no way to stop
// a job running in another process. A message published while a worker is
// disconnected is lost, and that job runs to its end, unread, as it would
// without the channel.

import type { Redis } from 'ioredis';
import { subscribeToChannel, type ChannelSubscription } from './channel-subscription.js';
import type { JobLogger } from './job-runner.js';
import { KEY_PREFIX } from './redis-connection.js';

/** Frontier runs given up on; their ids are the run ids. */
export const RUN_CANCEL_CHANNEL = `${KEY_PREFIX}:frontier-runs:cancelled`;
/** Batch variations of cancelled jobs; their ids are remoteJobId(job, index). */
export const VARIATION_CANCEL_CHANNEL = `${KEY_PREFIX}:variations:cancelled`;

/** Publishes ids on a channel; a failure (Redis unreachable) only leaves those jobs to finish unread. */
export function announceCancelled(publisher: Redis, channel: string, ids: string[]): void {
  if (ids.length > 0) void publisher.publish(channel, JSON.stringify(ids)).catch(() => 0);
}

/** What the listener needs of a BullMQ worker: its cancelJob (true when the job was running there). */
export interface CancellableWorker {
  cancelJob(jobId: string, reason?: string): boolean;
}

/**
 * A worker's subscription: every id announced on the channel that the worker
 * is running is cancelled there (its processor's signal aborts) and
 * remembered, so the processor can tell a cancellation from other aborts.
 */
export class CancellationListener {
  private readonly subscription: ChannelSubscription;
  /** jobs this listener stopped, until their processor settles them */
  private readonly stopped = new Set<string>();

  constructor(redisUrl: string, channel: string, worker: CancellableWorker, reason: string, log: JobLogger) {
    const onMessage = (message: string) => {
      let ids: unknown;
      try {
        ids = JSON.parse(message);
      } catch {
        return;
      }
      if (!Array.isArray(ids)) return;
      for (const id of ids) if (typeof id === 'string' && worker.cancelJob(id, reason)) this.stopped.add(id);
    };
    this.subscription = subscribeToChannel(redisUrl, channel, onMessage, log);
  }

  /** Resolves once subscribed (or once subscribing has failed, which is logged). */
  ready(): Promise<void> {
    return this.subscription.subscribed;
  }

  /**
   * Called by the processor as a job ends, however it ends: whether a
   * cancellation stopped it (a cancellation that came as it finished stopped
   * nothing, and is forgotten too).
   */
  settle(jobId: string | undefined): boolean {
    return jobId !== undefined && this.stopped.delete(jobId);
  }

  close(): void {
    this.subscription.close();
  }
}
