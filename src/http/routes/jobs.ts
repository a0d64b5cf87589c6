// Batch jobs: POST /v1/jobs (a batch in, 202 and a Location out), GET
// /v1/jobs/:id (status, progress, each variation with its result), GET
// /v1/jobs/:id/results (JSON, MessagePack or the CSV summary), DELETE
// /v1/jobs/:id (cancel). The events stream is in job-events.ts. The routes
// only see the JobQueue interface, whatever keeps and runs the jobs.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { summaryCsv } from '../../batch/summary-csv.js';
import type { JobQueue, JobView } from '../../jobs/job-queue.js';
import { HttpError } from '../errors.js';
import {
  BatchInputSchema,
  ErrorBodySchema,
  FrontierQuerySchema,
  JobAcceptedSchema,
  JobGetQuerySchema,
  JobParamsSchema,
  JobResultsQuerySchema,
  JobResultsSchema,
  JobSchema,
  WIRE_MEDIA_TYPES,
} from '../schemas.js';
import {
  acceptQuality,
  JSON_TYPE,
  MSGPACK_LEGACY_TYPE,
  MSGPACK_TYPE,
  negotiateFormat,
  sendBody,
  type WireFormat,
} from '../wire-format.js';
import { requireWireFormat } from './accept.js';

export const CSV_TYPE = 'text/csv';

export function registerJobRoutes(app: FastifyInstance, jobs: JobQueue): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post(
    '/v1/jobs',
    {
      schema: {
        summary: 'Queue a batch: a list of problems, or a base problem with a sweep',
        description:
          'Every variation is expanded and validated before anything is queued: an invalid one is reported (400 INVALID_BATCH) with its index, ' +
          "its name and each error's path, and nothing runs. Too many variations, or a problem over the size limits, is 422 BATCH_TOO_LARGE. " +
          'The reply is 202 with the job id and a Location header; the job survives restarts. points and backend apply to every variation.',
        tags: ['jobs'],
        consumes: WIRE_MEDIA_TYPES,
        produces: WIRE_MEDIA_TYPES,
        querystring: FrontierQuerySchema,
        body: BatchInputSchema,
        response: {
          202: JobAcceptedSchema,
          400: ErrorBodySchema,
          413: ErrorBodySchema,
          415: ErrorBodySchema,
          422: ErrorBodySchema,
          503: ErrorBodySchema,
        },
      },
      onRequest: requireWireFormat,
    },
    async (request, reply) => {
      const job = await jobs.submit(request.body as unknown, {
        points: request.query.points,
        backend: request.query.backend,
      });
      reply.header('location', `/v1/jobs/${encodeURIComponent(job.id)}`);
      return sendBody(request, reply, 202, job);
    },
  );

  routes.get(
    '/v1/jobs/:id',
    {
      schema: {
        summary: 'A job: status, progress, and each variation with its result or error',
        description: 'results=false leaves the results out (a cheap poll).',
        tags: ['jobs'],
        produces: WIRE_MEDIA_TYPES,
        params: JobParamsSchema,
        querystring: JobGetQuerySchema,
        response: { 200: JobSchema, 404: ErrorBodySchema },
      },
      onRequest: requireWireFormat,
    },
    async (request, reply) => {
      const job = await findJob(jobs, request.params.id, request.query.results !== 'false');
      return sendBody(request, reply, 200, job);
    },
  );

  routes.get(
    '/v1/jobs/:id/results',
    {
      schema: {
        summary: "A job's results: JSON, MessagePack, or the CSV summary",
        description:
          'Accept text/csv (or ?format=csv) gives the summary: one row per variation x frontier point with variation, point, kind, expectedCost, cvar, ' +
          'worstCaseCost, unmetDemand and share.<material>.<kind> columns. Results are those finished so far; the job status says whether more will come.',
        tags: ['jobs'],
        produces: [...WIRE_MEDIA_TYPES, CSV_TYPE],
        params: JobParamsSchema,
        querystring: JobResultsQuerySchema,
        response: { 200: JobResultsSchema, 404: ErrorBodySchema, 406: ErrorBodySchema },
      },
    },
    async (request, reply) => {
      const format = resultsFormat(request, request.query.format);
      const job = await findJob(jobs, request.params.id, true);
      const variations = job.variations.map(({ index, name, status, result, error }) => ({
        index,
        name,
        status,
        ...(result ? { result } : {}),
        ...(error ? { error } : {}),
      }));
      if (format === 'csv') {
        const csv = summaryCsv(variations.flatMap(({ name, result }) => (result ? [{ name, result }] : [])));
        return sendCsv(reply, `lodestone-job-${job.id}.csv`, csv);
      }
      // An explicit ?format wins over Accept; sendBody follows Accept, so it is told through the header.
      if (request.query.format) request.headers.accept = format === 'msgpack' ? MSGPACK_TYPE : JSON_TYPE;
      return sendBody(request, reply, 200, { id: job.id, status: job.status, variations });
    },
  );

  routes.delete(
    '/v1/jobs/:id',
    {
      schema: {
        summary: 'Cancel a job',
        description:
          'Queued variations are cancelled and a running one is stopped (its worker is freed). Cancelling twice is harmless; a finished job is 409.',
        tags: ['jobs'],
        produces: WIRE_MEDIA_TYPES,
        params: JobParamsSchema,
        response: { 200: JobSchema, 404: ErrorBodySchema, 409: ErrorBodySchema },
      },
      onRequest: requireWireFormat,
    },
    async (request, reply) => sendBody(request, reply, 200, await jobs.cancel(request.params.id)),
  );
}

function sendCsv(reply: FastifyReply, filename: string, csv: string): FastifyReply {
  return reply
    .code(200)
    .header('vary', 'Accept')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .type(`${CSV_TYPE}; charset=utf-8`)
    .send(csv);
}

export async function findJob(jobs: JobQueue, id: string, results: boolean): Promise<JobView> {
  const job = await jobs.get(id, { results });
  if (!job) throw new HttpError('JOB_NOT_FOUND', `There is no job ${JSON.stringify(id)}`);
  return job;
}

/** ?format, else the best of Accept: CSV only when it is preferred to both wire formats. */
function resultsFormat(request: FastifyRequest, explicit: 'json' | 'msgpack' | 'csv' | undefined): WireFormat | 'csv' {
  if (explicit) return explicit;
  const accept = request.headers.accept;
  const wire = negotiateFormat(accept);
  const csvQ = acceptQuality(accept, CSV_TYPE);
  const wireTypes = wire === 'json' ? [JSON_TYPE] : wire === 'msgpack' ? [MSGPACK_TYPE, MSGPACK_LEGACY_TYPE] : [];
  const wireQ = Math.max(0, ...wireTypes.map((type) => acceptQuality(accept, type)));
  if (csvQ > wireQ) return 'csv';
  if (wire === null)
    throw new HttpError(
      'NOT_ACCEPTABLE',
      `Accept: ${accept} allows none of application/json, application/msgpack, text/csv`,
    );
  return wire;
}
