// zod schemas of the HTTP API: the query string (validated by fastify), and
// the replies (for typing and the OpenAPI document only; replies are encoded
// by wire-format.ts). The problem body is the domain's ProblemInputSchema,
// validated by prepareProblem, never by fastify (see app.ts).

import { z } from 'zod';
import type { FrontierResult } from '../frontier/solve-frontier.js';
import { BACKEND_NAMES, type BackendName } from '../../solver/registry.js';
import { ProblemInputSchema } from '../domain/schema.js';
import { ERRORS, type ErrorCode } from './errors.js';

/** Named schemas, listed under components.schemas of the OpenAPI document. */
export const apiSchemas = z.registry<{ id: string; description?: string }>();

export const ProblemSchema = ProblemInputSchema;
apiSchemas.add(ProblemSchema, { id: 'Problem' });

export const FrontierQuerySchema = z.object({
  points: z.coerce
    .number()
    .int({ error: 'must be a whole number' })
    .min(2, { error: 'must be at least 2' })
    .optional()
    .describe("number of frontier points; overrides the problem's frontier.points"),
  backend: z
    .enum(BACKEND_NAMES as [BackendName, ...BackendName[]])
    .optional()
    .describe('LP solver back-end; default auto (HiGHS, or jsLPSolver for tiny LPs)'),
  analysis: z
    .string()
    .regex(/^(vss|evpi)(,(vss|evpi))*$/, { error: 'must be vss, evpi or vss,evpi' })
    .optional()
    .describe("MODEL.md section 9 analyses (vss, evpi or vss,evpi); overrides the problem's analysis"),
});

/** `?strict=true`: every warning of the problem is an error (400 INVALID_PROBLEM). */
export const StrictQuerySchema = z.object({
  strict: z
    .stringbool()
    .optional()
    .describe('true: every warning (unknown field, unknown destination or kind, ...) is an error; default false'),
});

export const SolveQuerySchema = FrontierQuerySchema.extend(StrictQuerySchema.shape);

const ErrorDetailSchema = z.object({
  path: z.string().describe('JSON path into the problem, e.g. $.products[0].demand'),
  message: z.string(),
  variation: z
    .number()
    .int()
    .optional()
    .describe(
      'batch errors: index of the invalid variation (in sweep.variations for a patch that does not apply, else in the expanded list)',
    ),
  name: z.string().optional().describe("batch errors: the variation's name"),
});

export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      status: z.number().int().describe('the HTTP status, repeated'),
      requestId: z
        .string()
        .optional()
        .describe('500 only: the id under which the details are in the service log (also the x-request-id header)'),
    }),
    errors: z
      .array(ErrorDetailSchema)
      .optional()
      .describe('every problem found in the input or query (INVALID_PROBLEM, PROBLEM_TOO_LARGE, INVALID_QUERY)'),
  })
  .describe('every error answer of the API has this shape');
apiSchemas.add(ErrorBodySchema, { id: 'Error' });

export const WarningSchema = z
  .object({
    path: z.string().describe('JSON path into the problem, e.g. $.products[0].designs[1].toolingCost'),
    message: z.string(),
  })
  .describe(
    'valid, but probably not what was meant (unknown field, unknown destination or kind, ...); errors under strict=true',
  );

const LpSizeSchema = z.object({ rows: z.number().int(), columns: z.number().int(), nonzeros: z.number().int() });

const perMaterialShares = z
  .record(z.string(), z.record(z.string(), z.number()))
  .describe('material -> group -> share of expected deliveries (spot excluded)');

const valueEntry = { value: z.number().describe('expected cost saved per unit of the limit') };
const MarginalValuesSchema = z
  .object({
    offers: z.array(z.object({ supplier: z.string(), material: z.string(), period: z.number().int(), ...valueEntry })),
    spot: z.array(z.object({ material: z.string(), period: z.number().int(), ...valueEntry })),
    inventory: z.array(z.object({ material: z.string(), ...valueEntry })),
    designs: z.array(z.object({ product: z.string(), design: z.string(), ...valueEntry })),
    policy: z.array(
      z.object({
        rule: z.enum(['maxShareByCountry', 'minShareByKind']),
        country: z.string().optional(),
        kind: z.string().optional(),
        material: z.string(),
        ...valueEntry,
        perShare: z.number().describe('what relaxing the share itself by one whole unit is worth'),
      }),
    ),
  })
  .describe('MODEL.md section 8: what one more unit of each binding limit saves (zero entries omitted)');

const FrontierPointSchema = z.object({
  marginalValues: MarginalValuesSchema.optional(),
  riskPrice: z.number().optional().describe('expected cost saved per unit of CVaR allowance (0 at point A)'),
  scenarioUnmet: z
    .array(z.record(z.string(), z.number()))
    .optional()
    .describe('units of demand not built, per product, in each scenario (aligned with scenarios)'),
  kind: z.enum(['cheapest', 'safest', 'epsilon']),
  cvarBound: z.number().optional().describe('the CVaR bound of an epsilon point'),
  expectedCost: z.number(),
  cvar: z.number(),
  worstCaseCost: z.number(),
  scenarioCosts: z.array(z.number()).describe('aligned with scenarios'),
  unmetDemand: z.record(z.string(), z.number()).describe('product -> expected unmet demand over the horizon'),
  orders: z.array(
    z.object({ supplier: z.string(), material: z.string(), period: z.number().int(), quantity: z.number() }),
  ),
  designCapacities: z.array(z.object({ product: z.string(), design: z.string(), capacity: z.number() })),
  production: z.array(z.object({ product: z.string(), design: z.string(), expected: z.number() })),
  sharesByKind: perMaterialShares,
  sharesByCountry: perMaterialShares,
  expectedStock: z.record(z.string(), z.array(z.number())),
  expectedSpot: z.record(z.string(), z.array(z.number())),
  expectedCostBreakdown: z.object({
    contracts: z.number(),
    spot: z.number(),
    holding: z.number(),
    shortfall: z.number(),
    designs: z.number(),
    tooling: z.number(),
  }),
});

const ScenarioSchema = z.object({
  id: z.string(),
  probability: z.number(),
  events: z.array(
    z.union([
      z.object({
        target: z.object({
          suppliers: z.array(z.string()).optional(),
          kind: z.string().optional(),
          country: z.string().optional(),
          materials: z.array(z.string()).optional(),
        }),
        fromPeriod: z.number().int(),
        toPeriod: z.number().int(),
        availability: z.number(),
        driver: z.string().optional(),
      }),
      z.object({
        market: z.string(),
        fromPeriod: z.number().int(),
        toPeriod: z.number().int(),
        priceFactor: z.number(),
        driver: z.string().optional(),
      }),
      z.object({
        spot: z.string(),
        fromPeriod: z.number().int(),
        toPeriod: z.number().int(),
        priceFactor: z.number(),
        capacityFactor: z.number(),
        driver: z.string().optional(),
      }),
    ]),
  ),
});

const ScenarioSummarySchema = z
  .object({
    count: z.number().int(),
    alpha: z.number(),
    drivers: z.array(
      z.object({
        id: z.string(),
        type: z.enum(['licence', 'disruption', 'yield', 'price', 'regime']),
        when: z.string().optional(),
        active: z.number().int().describe('scenarios where its condition held'),
        fired: z.number().int(),
        firedShare: z.number().describe('fired / active'),
        nominal: z.number().describe('its own odds (a licence: 1 - approval, compare refusedShare)'),
        refused: z.number().int().optional(),
        refusedShare: z.number().optional(),
      }),
    ),
    tails: z.array(
      z.object({
        point: z.number().int().describe('index into frontier'),
        scenarios: z.number().int().describe('scenarios in the CVaR tail of the point'),
        drivers: z.array(
          z.object({ id: z.string(), tailShare: z.number(), overallShare: z.number(), lift: z.number() }),
        ),
        overRepresented: z
          .array(z.string())
          .describe('drivers whose tail share is at least 1.5 times their overall share'),
      }),
    ),
  })
  .describe("generated scenarios only: how often each driver fired, and what each point's CVaR tail holds");

export const FrontierResultSchema = z
  .object({
    status: z.literal('optimal'),
    name: z.string(),
    currency: z.string(),
    frontier: z.array(FrontierPointSchema).describe('from cheapest to safest'),
    scenarios: z.array(ScenarioSchema).describe('the scenarios used, explicit (a generated scenarioModel expanded)'),
    scenarioSource: z.enum(['explicit', 'generated', 'default']),
    scenarioSummary: ScenarioSummarySchema.optional(),
    risk: z.object({ measure: z.literal('cvar'), alpha: z.number() }),
    lp: LpSizeSchema,
    solver: z.object({
      backend: z.string(),
      method: z.string(),
      workers: z.number().int(),
      solves: z.number().int(),
      iterations: z.number().int(),
      notes: z.array(z.string()).optional(),
    }),
    timings: z.object({
      totalMs: z.number(),
      buildMs: z.number(),
      solveMs: z.number(),
      analysisMs: z.number().optional().describe('the section 9 analysis solves, when asked for'),
    }),
    analysis: z
      .object({
        rp: z.number().describe('E at point A, the recourse problem'),
        ev: z.number().optional().describe('the expected-value problem'),
        eev: z
          .number()
          .nullable()
          .optional()
          .describe('expected cost of the best EV plan; null when none fits every scenario'),
        vss: z.number().nullable().optional().describe('eev - rp: what planning for the scenarios saves'),
        ws: z.number().optional().describe('wait-and-see: each scenario solved alone, weighted'),
        evpi: z.number().optional().describe('rp - ws: what knowing the outcome in advance would save'),
        notes: z.array(z.string()),
      })
      .optional()
      .describe('MODEL.md section 9, when asked for (analysis in the problem, ?analysis=)'),
    warnings: z.array(WarningSchema).describe('what the problem probably did not mean; [] when nothing'),
  })
  .describe('the cost-versus-CVaR frontier (MODEL.md section 4)');
apiSchemas.add(FrontierResultSchema, { id: 'FrontierResult' });

// The documented reply must describe what solveFrontier really returns.
const _resultMatchesSchema: z.output<typeof FrontierResultSchema> = {} as FrontierResult;
void _resultMatchesSchema;

export const ValidResultSchema = z.object({
  valid: z.literal(true),
  lp: LpSizeSchema.describe('size of the LP the problem builds'),
  scenarios: z.number().int().describe('scenarios after expanding a scenarioModel'),
  warnings: z.array(WarningSchema),
});

export const InvalidResultSchema = ErrorBodySchema.extend({ valid: z.literal(false) });
apiSchemas.add(InvalidResultSchema, { id: 'InvalidProblem' });

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

/** Both wire formats, for the OpenAPI document's consumes/produces. */
export const WIRE_MEDIA_TYPES = ['application/json', 'application/msgpack'];

// ---- batch jobs -----------------------------------------------------------

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
// Request bodies are listed with an "Input" suffix, so this reads BatchInput in the document.
apiSchemas.add(BatchInputSchema, { id: 'Batch' });

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
apiSchemas.add(JobSchema, { id: 'Job' });

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
