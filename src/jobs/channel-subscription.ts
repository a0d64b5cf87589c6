// Listening on one Redis pub/sub channel, on a connection of its own (a
// subscribed connection takes no other commands). Used by the workers to hear
// cancellations and by the service to hear the workers' announcements.

import type { JobLogger } from './job-runner.js';
import { redisClient } from './redis-connection.js';

export interface ChannelSubscription {
  /** Resolves once subscribed, or once subscribing has failed (which is logged). */
  readonly subscribed: Promise<void>;
  close(): void;
}

/** Calls `onMessage` with each message published on `channel`. */
export function subscribeToChannel(
  redisUrl: string,
  channel: string,
  onMessage: (message: string) => void,
  log: JobLogger,
): ChannelSubscription {
  const redis = redisClient(redisUrl);
  redis.on('error', (error: Error) => log.warn({ err: error }, `redis: ${error.message}`));
  redis.on('message', (_channel: string, message: string) => onMessage(message));
  // ioredis subscribes again by itself after a reconnect
  const subscribed = redis.subscribe(channel).then(
    () => undefined,
    (error: Error) => log.warn({ err: error }, `could not listen on ${channel}: ${error.message}`),
  );
  return { subscribed, close: () => redis.disconnect() };
}
