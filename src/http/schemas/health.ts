// The reply of GET /v1/health: the worker pool, the admission queue and,
// with Redis, the remote batch queue.

import { z } from 'zod';

export const HealthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  uptimeSec: z.number(),
  pool: z.object({
    size: z.number().int().describe('worker threads'),
    busy: z.number().int().describe('workers solving now'),
    queued: z.number().int().describe("LP runs waiting in the pool's queue"),
    workerRestarts: z.number().int(),
    completedTasks: z.number().int(),
  }),
  queue: z.object({
    depth: z.number().int().describe('frontier requests waiting for a solving slot'),
    limit: z.number().int().describe('beyond this many waiting, requests get 503'),
    solving: z.number().int().describe('frontier requests solving now'),
    slots: z.number().int().describe('frontier requests that may solve at once'),
    retryAfterSec: z
      .number()
      .int()
      .describe('what a refused request is told to wait (Retry-After): the queue ahead at the recent mean solve time'),
  }),
  remoteQueue: z
    .object({
      reachable: z.boolean().describe('false: Redis did not answer within a second'),
      wireVersion: z
        .number()
        .int()
        .describe('the format of what the service puts in Redis: only workers of the same format take its variations'),
      waiting: z.number().int().optional().describe('batch variations waiting for a worker'),
      active: z.number().int().optional().describe('batch variations a worker is solving'),
      unstored: z.number().int().optional().describe('outcomes in Redis not yet stored by the service'),
      workers: z.number().int().optional().describe('`lodestone worker` processes connected now'),
      stalled: z.number().int().describe('variations taken over from a vanished worker since the service started'),
      delayed: z.number().int().optional().describe('of the waiting ones, retries waiting out their back-off'),
      failed: z.number().int().optional().describe('of the unstored ones, variations BullMQ failed itself'),
      accepted: z.number().int().describe('outcomes stored since the service started'),
      duplicates: z.number().int().describe('outcomes ignored since the service started (a second copy)'),
      workersSeen: z.number().int().describe('distinct workers whose outcomes arrived since the service started'),
    })
    .optional()
    .describe('with LODESTONE_REDIS_URL only (docs/scale-out.md)'),
});
