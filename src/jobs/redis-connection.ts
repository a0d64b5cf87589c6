// How Lodestone reaches Redis, in one place for the service and the workers:
// the queue's name and key prefix, and connection options that ride out a
// Redis restart (commands wait for the reconnect instead of failing, which
// BullMQ requires of workers, and the service's dispatcher simply resumes).

import type { ConnectionOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';

/** The BullMQ queue of batch variations; its keys are `lodestone:variations:*`. */
export const VARIATION_QUEUE = 'variations';
export const KEY_PREFIX = 'lodestone';

/** Reconnect quickly after a short outage (BullMQ's default backs off to 20 s), at most every 2 s. */
const reconnectDelayMs = (attempt: number) => Math.min(100 * attempt, 2000);

export function redisConnection(url: string): ConnectionOptions {
  if (!/^rediss?:\/\//.test(url))
    throw new Error(`LODESTONE_REDIS_URL=${JSON.stringify(url)} must be a redis:// or rediss:// URL`);
  return { url, maxRetriesPerRequest: null, enableOfflineQueue: true, retryStrategy: reconnectDelayMs };
}

/** A plain ioredis connection with the same reconnect policy (pub/sub, which BullMQ does not do for us). */
export function redisClient(url: string): Redis {
  const { maxRetriesPerRequest, enableOfflineQueue, retryStrategy } = redisConnection(url) as RedisOptions;
  return new Redis(url, { maxRetriesPerRequest, enableOfflineQueue, retryStrategy });
}

/** The URL without its password, for logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
