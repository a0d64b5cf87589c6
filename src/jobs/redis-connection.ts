// How Lodestone reaches Redis, in one place for the service and the workers:
// the queue's name and key prefix, and connection options that ride out a
// Redis restart (commands wait for the reconnect instead of failing, which
// BullMQ requires of workers, and the service's dispatcher simply resumes).

import type { ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';

/**
 * The format of what travels through Redis (variations, frontier runs, their
 * outcomes and cancellations). Every key and channel lives under
 * `lodestone:v<WIRE_VERSION>:`, so a service, command or worker that writes or
 * reads another format never sees these messages, nor misreads them
 * (docs/scale-out.md says how to upgrade). Raise it with any change to a
 * message that the other side would misread. 2: workers announce points,
 * outcomes and takeovers on a pub/sub channel (variation-events.ts) instead
 * of as BullMQ job progress.
 */
export const WIRE_VERSION = 2;
export const KEY_PREFIX = `lodestone:v${WIRE_VERSION}`;
/** The BullMQ queue of batch variations; its keys are `lodestone:v<WIRE_VERSION>:variations:*`. */
export const VARIATION_QUEUE = 'variations';

/** Reconnect quickly after a short outage (BullMQ's default backs off to 20 s), at most every 2 s. */
const reconnectDelayMs = (attempt: number) => Math.min(100 * attempt, 2000);

/** Commands wait for the reconnection instead of failing. */
const RECONNECT = { maxRetriesPerRequest: null, enableOfflineQueue: true, retryStrategy: reconnectDelayMs };

function checkedUrl(url: string): string {
  if (!/^rediss?:\/\//.test(url))
    throw new Error(`LODESTONE_REDIS_URL=${JSON.stringify(url)} must be a redis:// or rediss:// URL`);
  return url;
}

export function redisConnection(url: string): ConnectionOptions {
  return { url: checkedUrl(url), ...RECONNECT };
}

/** A plain ioredis connection with the same reconnect policy (pub/sub, which BullMQ does not do for us). */
export function redisClient(url: string): Redis {
  return new Redis(checkedUrl(url), RECONNECT);
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
