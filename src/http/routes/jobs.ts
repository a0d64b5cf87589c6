// Batch jobs: POST /v1/jobs (a batch in, 202 and a Location out), GET
// /v1/jobs (the caller's jobs, newest first, paged), GET /v1/jobs/:id
// (status, progress, each variation with its result), GET
// /v1/jobs/:id/results (JSON, MessagePack or the CSV summary, paged and
// streamed), DELETE /v1/jobs/:id (cancel). The events stream is in
// job-events.ts. The routes only see the JobQueue interface, whatever keeps
// and runs the jobs. Every lookup is scoped to the caller's tenant: another
// tenant's job is 404, as one that does not exist.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { summaryCsv } from '../../batch/summary-csv.js';
import type { FrontierResult } from '../../frontier/solve-frontier.js';
import type { JobQueue, JobView } from '../../jobs/job-queue.js';
import { HttpError } from '../errors.js';
import { resultsStream } from '../job-results-stream.js';
import { ErrorBodySchema } from '../schemas/error-body.js';
import {
  BatchInputSchema,
  JobAcceptedSchema,
  JobGetQuerySchema,
  JobListQuerySchema,
  JobListSchema,
  JobParamsSchema,
  JobResultsQuerySchema,
  JobResultsSchema,
  JobSchema,
} from '../schemas/jobs.js';
import { WIRE_MEDIA_TYPES } from '../schemas/openapi.js';
import { SolveQuerySchema } from '../schemas/problem-request.js';
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

const LIST_PAGE = 20;

export function registerJobRoutes(app: FastifyInstance, jobs: JobQueue, options: { maxResultBytes: number }): void {
  const { maxResultBytes } = options;
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post(
    '/v1/jobs',
    {
      schema: {
        summary: 'Queue a batch: a list of problems, or a base problem with a sweep',
        description:
          'Every variation is expanded and validated before anything is queued: an invalid one is reported (400 INVALID_BATCH) with its index, ' +
          "its name and each error's path, and nothing runs. Too many variations, or a problem over the size limits, is 422 BATCH_TOO_LARGE. " +
          'The reply is 202 with the job id and a Location header; the job survives restarts. points and backend apply to every variation. ' +
          "Past the API key's quota of queued variations: 429 QUOTA_EXCEEDED, nothing queued.",
        tags: ['jobs'],
        consumes: WIRE_MEDIA_TYPES,
        produces: WIRE_MEDIA_TYPES,
        querystring: SolveQuerySchema,
        body: BatchInputSchema,
        response: {
          202: JobAcceptedSchema,
          400: ErrorBodySchema,
          413: ErrorBodySchema,
          415: ErrorBodySchema,
          422: ErrorBodySchema,
          429: ErrorBodySchema,
          503: ErrorBodySchema,
        },
      },
      onRequest: requireWireFormat,
    },
    async (request, reply) => {
      const job = await jobs.submit(
        request.body,
        { points: request.query.points, backend: request.query.backend, strict: request.query.strict },
        request.tenant,
      );
      reply.header('location', `/v1/jobs/${encodeURIComponent(job.id)}`);
      return sendBody(request, reply, 202, job);
    },
  );

  routes.get(
    '/v1/jobs',
    {
      schema: {
        summary: "The caller's jobs, newest first, a page at a time",
        description:
          'Without results (GET /v1/jobs/:id has them). limit 1 to 100 (default 20); nextCursor, when present, gives the next (older) page as ?cursor=. ' +
          'status= keeps the jobs in that status.',
        tags: ['jobs'],
        produces: WIRE_MEDIA_TYPES,
        querystring: JobListQuerySchema,
        response: { 200: JobListSchema },
      },
      onRequest: requireWireFormat,
    },
    async (request, reply) => {
      const { status, limit, cursor } = request.query;
      const page = await jobs.list(request.tenant, {
        status,
        limit: limit ?? LIST_PAGE,
        cursor: cursor === undefined ? undefined : Number(cursor),
      });
      return sendBody(request, reply, 200, {
        jobs: page.jobs,
        ...(page.nextCursor !== undefined ? { nextCursor: String(page.nextCursor) } : {}),
      });
    },
  );

  routes.get(
    '/v1/jobs/:id',
    {
      schema: {
        summary: 'A job: status, progress, and each variation with its result or error',
        description:
          'results=false leaves the results out (a cheap poll). A job whose results are larger than the service sends at once is 413 RESULTS_TOO_LARGE: ' +
          'poll with results=false and page the results with GET /v1/jobs/:id/results.',
        tags: ['jobs'],
        produces: WIRE_MEDIA_TYPES,
        params: JobParamsSchema,
        querystring: JobGetQuerySchema,
        response: { 200: JobSchema, 404: ErrorBodySchema, 413: ErrorBodySchema },
      },
      onRequest: requireWireFormat,
    },
    async (request, reply) => {
      const withResults = request.query.results !== 'false';
      if (withResults) {
        const page = await findResults(jobs, request.params.id, request.tenant, 0, Number.MAX_SAFE_INTEGER);
        refuseIfTooLarge(page.estimatedBytes, maxResultBytes, page.total, page.total, 0);
      }
      const job = await findJob(jobs, request.params.id, withResults, request.tenant);
      return sendBody(request, reply, 200, job);
    },
  );

  routes.get(
    '/v1/jobs/:id/results',
    {
      schema: {
        summary: "A job's results: JSON, MessagePack, or the CSV summary, a page at a time",
        description:
          'Accept text/csv (or ?format=csv) gives the summary: one row per variation x frontier point with variation, point, kind, expectedCost, cvar, ' +
          'worstCaseCost, unmetDemand and share.<material>.<kind> columns. Results are those finished so far; the job status says whether more will come. ' +
          '?variation=i gives one variation, ?offset=&limit= a page of them (nextOffset names the next page). JSON and MessagePack are streamed one ' +
          "variation at a time. A page whose size, estimated from the stored results before anything is sent, is above the service's limit " +
          '(LODESTONE_MAX_RESULT_BYTES) is 413 RESULTS_TOO_LARGE with the estimate, the limit and a limit that fits.',
        tags: ['jobs'],
        produces: [...WIRE_MEDIA_TYPES, CSV_TYPE],
        params: JobParamsSchema,
        querystring: JobResultsQuerySchema,
        response: {
          200: JobResultsSchema,
          400: ErrorBodySchema,
          404: ErrorBodySchema,
          406: ErrorBodySchema,
          413: ErrorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const format = resultsFormat(request, request.query.format);
      const { variation, offset: from, limit: size } = request.query;
      if (variation !== undefined && (from !== undefined || size !== undefined))
        throw new HttpError('INVALID_QUERY', 'Give either variation= or offset=/limit=, not both');
      const offset = variation ?? from ?? 0;
      const asked = variation !== undefined ? 1 : (size ?? Number.MAX_SAFE_INTEGER);
      const page = await findResults(jobs, request.params.id, request.tenant, offset, asked);
      if (variation !== undefined && variation >= page.total)
        throw new HttpError(
          'INVALID_QUERY',
          `variation=${variation}, but job ${page.job.id} has ${page.total} variation(s), numbered from 0`,
        );
      const count = Math.max(0, Math.min(asked, page.total - offset));
      refuseIfTooLarge(page.estimatedBytes, maxResultBytes, count, page.total, offset);
      const next = offset + count < page.total && variation === undefined ? offset + count : undefined;
      if (format === 'csv') {
        const rows = [...page.rows].flatMap(({ name, resultJson }) =>
          resultJson === null ? [] : [{ name, result: JSON.parse(resultJson) as FrontierResult }],
        );
        return sendCsv(reply, `lodestone-job-${page.job.id}.csv`, summaryCsv(rows));
      }
      const head = { id: page.job.id, status: page.job.status, total: page.total, offset, count, nextOffset: next };
      // A stream is not the typed body of the response schema, which only documents what it carries.
      return (reply as FastifyReply)
        .code(200)
        .header('vary', 'Accept')
        .type(format === 'msgpack' ? MSGPACK_TYPE : `${JSON_TYPE}; charset=utf-8`)
        .send(resultsStream(format, head, page.rows));
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
    async (request, reply) => sendBody(request, reply, 200, await jobs.cancel(request.params.id, request.tenant)),
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

/** The tenant's job, or 404 JOB_NOT_FOUND: another tenant's job is answered exactly as a missing one. */
export async function findJob(jobs: JobQueue, id: string, results: boolean, tenant: string): Promise<JobView> {
  const job = await jobs.get(id, { results, tenant });
  if (!job) throw notFound(id);
  return job;
}

async function findResults(jobs: JobQueue, id: string, tenant: string, offset: number, limit: number) {
  const page = await jobs.results(id, { offset, limit, tenant });
  if (!page) throw notFound(id);
  return page;
}

const notFound = (id: string) => new HttpError('JOB_NOT_FOUND', `There is no job ${JSON.stringify(id)}`);

const megabytes = (bytes: number) => (bytes < 1e6 ? `${Math.round(bytes / 1e3)} kB` : `${(bytes / 1e6).toFixed(1)} MB`);

/** Refused before anything is read or sent: the estimate comes from the stored lengths. */
function refuseIfTooLarge(estimate: number, limit: number, count: number, total: number, offset: number): void {
  if (estimate <= limit) return;
  const perVariation = estimate / Math.max(1, count);
  const fits = Math.max(1, Math.floor(limit / perVariation));
  throw new HttpError(
    'RESULTS_TOO_LARGE',
    `The ${count} variation(s) asked for (from ${offset}, of ${total}) are about ${megabytes(estimate)} as JSON, above the limit of ` +
      `${megabytes(limit)} (LODESTONE_MAX_RESULT_BYTES) for one reply; ask for at most ${fits} at a time with ` +
      `GET /v1/jobs/:id/results?offset=${offset}&limit=${fits}, or one with ?variation=`,
  );
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
