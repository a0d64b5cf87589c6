// Batch jobs (routes/jobs.ts, routes/job-events.ts): the batch body (a list
// of problems, or a base problem and a sweep), the job id parameter, the
// query strings of the job routes, and the job, job list and results replies.

import { z } from 'zod';
import { ErrorDetailSchema } from './error-body.js';
import { FrontierResultSchema } from './frontier-result.js';
import { ProblemSchema } from './problem-request.js';

const PatchOperationSchema = z
  .object({
    op: z.enum(['add', 'remove', 'replace', 'move', 'copy', 'test']),
    path: z.string().describe('JSON Pointer into the problem, e.g. /destination'),
    value: z.unknown().optional(),
    from: z.string().optional(),
  })
  .describe('one RFC 6902 JSON Patch operation');

export const BatchInputSchema = z
  .union([
    z.object({
      problems: z.array(ProblemSchema).min(1).describe('each problem is one variation, named by its "name"'),
    }),
    z.object({
      base: ProblemSchema,
      sweep: z
        .object({
          variations: z
            .array(z.object({ name: z.string().optional(), patch: z.array(PatchOperationSchema).optional() }))
            .optional()
            .describe('each an RFC 6902 patch of the base problem'),
          grid: z
            .record(z.string(), z.array(z.unknown()))
            .optional()
            .describe('JSON Pointer -> values; every variation is solved at every point of the cartesian product'),
        })
        .optional(),
    }),
  ])
  .describe(
    'a list of problems, or a base problem and a sweep (variations x grid points); named e.g. "IN / approval.EU=0.5"',
  );

export const JobParamsSchema = z.object({ id: z.string().describe('the job id (a random UUID)') });

export const JobGetQuerySchema = z.object({
  results: z
    .enum(['true', 'false'])
    .optional()
    .describe('false leaves the results out, for a cheap poll; default true'),
});

export const JobResultsQuerySchema = z.object({
  format: z
    .enum(['json', 'msgpack', 'csv'])
    .optional()
    .describe('overrides Accept: csv is the summary, one row per variation x frontier point'),
  variation: z.coerce.number().int().min(0).optional().describe('only this variation (its index)'),
  offset: z.coerce.number().int().min(0).optional().describe('the first variation of the page (an index); default 0'),
  limit: z.coerce.number().int().min(1).optional().describe('variations in the page; default all that remain'),
});

export const JobListQuerySchema = z.object({
  status: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']).optional().describe('only jobs in this status'),
  limit: z.coerce.number().int().min(1).max(100).optional().describe('jobs in the page, 1 to 100; default 20'),
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, 'is the nextCursor of a previous page')
    .optional()
    .describe("the previous page's nextCursor: the jobs older than that page"),
});

export const JobEventsQuerySchema = z.object({
  lastEventId: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe('resume after this event id (the Last-Event-ID header does the same and wins)'),
});

const JobStatusSchema = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);

const JobProgressSchema = z.object({
  total: z.number().int(),
  queued: z.number().int(),
  running: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  fraction: z.number().describe('(done + failed) / total'),
});

const JobFailureSchema = z.object({
  code: z.string(),
  message: z.string(),
  errors: z.array(ErrorDetailSchema).optional(),
});

const VariationSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  status: JobStatusSchema,
  attempts: z.number().int().describe('solves started; above 1 only when a restart interrupted one'),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  result: FrontierResultSchema.optional(),
  error: JobFailureSchema.optional(),
  solvedBy: z
    .object({ host: z.string(), pid: z.number().int() })
    .optional()
    .describe('the process that solved it: the service, or a `lodestone worker` (docs/scale-out.md)'),
});

export const JobAcceptedSchema = z.object({ id: z.string(), status: JobStatusSchema });

export const JobSchema = z
  .object({
    id: z.string(),
    status: JobStatusSchema.describe(
      'done: every variation has a result; failed: finished, and at least one variation failed',
    ),
    createdAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().optional(),
    options: z.object({ points: z.number().int().optional(), backend: z.string().optional() }),
    progress: JobProgressSchema,
    variations: z.array(VariationSchema),
  })
  .describe('a batch job and its variations');

export const JobListSchema = z
  .object({
    jobs: z.array(JobSchema.omit({ variations: true })),
    nextCursor: z.string().optional().describe('present when older jobs remain: pass it as ?cursor='),
  })
  .describe("the caller's jobs, newest first");

export const JobResultsSchema = z.object({
  id: z.string(),
  status: JobStatusSchema,
  total: z.number().int().describe('variations in the job'),
  offset: z.number().int().describe('index of the first variation in this reply'),
  nextOffset: z.number().int().optional().describe('present when variations remain after this page'),
  variations: z.array(VariationSchema.pick({ index: true, name: true, status: true, result: true, error: true })),
});
