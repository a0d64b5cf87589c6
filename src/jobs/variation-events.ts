// What workers tell the service about the variations they solve, as small
// JSON messages on one Redis pub/sub channel: a frontier point solved, an
// outcome now waiting in Redis, a variation taken over from a vanished
// worker. The outcome itself stays in BullMQ (the job's return value), where
// the service collects it; these messages only make the service act at once
// instead of at its next poll. BullMQ's own event stream carries the same
// news, but every completion there also carries the whole result, which the
// service would read and parse once more for nothing.
//
// A message published while the service is disconnected is lost: an outcome
// is then collected at the next poll, a point is not announced, a takeover is
// not counted in /v1/health.

import type { Redis } from 'ioredis';
import { z } from 'zod';
import { KEY_PREFIX } from './redis-connection.js';

export const VARIATION_EVENT_CHANNEL = `${KEY_PREFIX}:variations:events`;

/** `id` is the BullMQ job id (remoteJobId). */
const variationEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('point'), id: z.string(), name: z.string(), done: z.number(), total: z.number() }),
  z.object({ type: z.literal('outcome'), id: z.string() }),
  z.object({ type: z.literal('stalled'), id: z.string() }),
]);

export type VariationEvent = z.infer<typeof variationEvent>;

/** Publishes an event; a failure (Redis unreachable) only loses that message. */
export function publishVariationEvent(publisher: Redis, event: VariationEvent): Promise<unknown> {
  return publisher.publish(VARIATION_EVENT_CHANNEL, JSON.stringify(event)).catch(() => 0);
}

/** The event a message holds, or null for anything else. */
export function parseVariationEvent(message: string): VariationEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return null;
  }
  const parsed = variationEvent.safeParse(value);
  return parsed.success ? parsed.data : null;
}
