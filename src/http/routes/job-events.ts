// GET /v1/jobs/:id/events: a job's progress as Server-Sent Events. Every
// event is persisted with an increasing id, sent as the SSE `id:`, so a
// client that reconnects with Last-Event-ID (EventSource does so by itself)
// gets exactly what it missed, then the live events. The stream ends after
// the job's final status event (done, failed, cancelled).
//
//   id: 42
//   event: variation            (status | variation | point; see src/jobs/job-queue.ts)
//   data: {"index":0,"name":"IN / approval.EU=0.5","status":"done","attempts":1,"progress":{...},"at":"..."}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { FINISHED_JOB_STATUSES, type JobEvent, type JobQueue, type JobStatus } from '../../jobs/job-queue.js';
import { HttpError } from '../errors.js';
import { ErrorBodySchema } from '../schemas/error-body.js';
import { JobEventsQuerySchema, JobParamsSchema } from '../schemas/jobs.js';
import { findJob } from './jobs.js';

/** A comment line this often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** What EventSource waits before reconnecting. */
const RETRY_MS = 2_000;
const REPLAY_PAGE = 1_000;

export function registerJobEventRoutes(app: FastifyInstance, jobs: JobQueue): void {
  // Open streams would hold app.close() forever: they are ended when the app closes.
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/jobs/:id/events',
    {
      schema: {
        summary: "A job's progress as Server-Sent Events, resumable with Last-Event-ID",
        description:
          'Events: status {status, progress}, variation {index, name, status, attempts, error?, progress}, point {index, name, done, total}. ' +
          'Each has an increasing id; reconnect with the Last-Event-ID header (or ?lastEventId=) to resume after it. The stream ends after the final status event.',
        tags: ['jobs'],
        produces: ['text/event-stream'],
        params: JobParamsSchema,
        querystring: JobEventsQuerySchema,
        response: { 404: ErrorBodySchema },
      },
    },
    async (request, reply) => {
      const after = lastEventId(request.headers['last-event-id'], request.query.lastEventId);
      const job = await findJob(jobs, request.params.id, false, request.tenant);

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // nginx buffers responses unless told not to
        'x-accel-buffering': 'no',
      });
      res.write(`retry: ${RETRY_MS}\n\n`);

      let last = after;
      let ended = false;
      let replaying = true;
      const held: JobEvent[] = [];
      const end = () => {
        if (ended) return;
        ended = true;
        unsubscribe();
        clearInterval(heartbeat);
        open.delete(end);
        res.end();
      };
      const send = (event: JobEvent) => {
        if (ended || event.id <= last) return;
        last = event.id;
        res.write(
          `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify({ ...event.data, at: event.at })}\n\n`,
        );
        if (event.type === 'status' && isFinished(event.data.status)) end();
      };
      // Subscribed before the replay, so nothing falls between the two; ids weed out repeats.
      const unsubscribe = jobs.subscribe(job.id, (event) => (replaying ? held.push(event) : send(event)));
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS).unref();
      open.add(end);
      res.on('close', end);

      for (
        let page = await jobs.events(job.id, after, REPLAY_PAGE);
        page.length > 0 && !ended;
        page = await jobs.events(job.id, last, REPLAY_PAGE)
      ) {
        page.forEach(send);
        if (page.length < REPLAY_PAGE) break;
      }
      replaying = false;
      held.splice(0).forEach(send);
      // Resumed after the final event, or the job finished between the lookup and the subscription.
      if (!ended && isFinished((await jobs.get(job.id, { results: false }))?.status)) end();
    },
  );
}

function isFinished(status: unknown): boolean {
  return FINISHED_JOB_STATUSES.includes(status as JobStatus);
}

function lastEventId(header: string | string[] | undefined, query: number | undefined): number {
  if (header === undefined) return query ?? 0;
  const value = Array.isArray(header) ? header[header.length - 1] : header;
  if (!/^\d{1,15}$/.test(value.trim()))
    throw new HttpError(
      'BAD_REQUEST',
      `Last-Event-ID must be an event id (a whole number), not ${JSON.stringify(value)}`,
    );
  return Number(value.trim());
}
