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
import { KEY_PREFIX } from './redis-connection.js';

export const VARIATION_EVENT_CHANNEL = `${KEY_PREFIX}:variations:events`;

/** `id` is the BullMQ job id (remoteJobId). */
export type VariationEvent =
  | { type: 'point'; id: string; name: string; done: number; total: number }
  | { type: 'outcome'; id: string }
  | { type: 'stalled'; id: string };

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
  if (typeof value !== 'object' || value === null) return null;
  const event = value as Record<string, unknown>;
  if (typeof event.id !== 'string') return null;
  switch (event.type) {
    case 'outcome':
    case 'stalled':
      return { type: event.type, id: event.id };
    case 'point': {
      const { name, done, total } = event;
      if (typeof name !== 'string' || typeof done !== 'number' || typeof total !== 'number') return null;
      return { type: 'point', id: event.id, name, done, total };
    }
    default:
      return null;
  }
}
