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
});

const ErrorDetailSchema = z.object({
  path: z.string().describe('JSON path into the problem, e.g. $.products[0].demand'),
  message: z.string(),
});

export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      status: z.number().int().describe('the HTTP status, repeated'),
    }),
    errors: z.array(ErrorDetailSchema).optional().describe('every problem found in the input or query (INVALID_PROBLEM, PROBLEM_TOO_LARGE, INVALID_QUERY)'),
  })
  .describe('every error answer of the API has this shape');
apiSchemas.add(ErrorBodySchema, { id: 'Error' });

const LpSizeSchema = z.object({ rows: z.number().int(), columns: z.number().int(), nonzeros: z.number().int() });

const perMaterialShares = z.record(z.string(), z.record(z.string(), z.number())).describe('material -> group -> share of expected deliveries (spot excluded)');

const FrontierPointSchema = z.object({
  kind: z.enum(['cheapest', 'safest', 'epsilon']),
  cvarBound: z.number().optional().describe('the CVaR bound of an epsilon point'),
  expectedCost: z.number(),
  cvar: z.number(),
  worstCaseCost: z.number(),
  scenarioCosts: z.array(z.number()).describe('aligned with scenarios'),
  unmetDemand: z.record(z.string(), z.number()).describe('product -> expected unmet demand over the horizon'),
  orders: z.array(z.object({ supplier: z.string(), material: z.string(), period: z.number().int(), quantity: z.number() })),
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
        target: z.object({ suppliers: z.array(z.string()).optional(), kind: z.string().optional(), country: z.string().optional() }),
        fromPeriod: z.number().int(),
        toPeriod: z.number().int(),
        availability: z.number(),
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

export const FrontierResultSchema = z
  .object({
    status: z.literal('optimal'),
    name: z.string(),
    currency: z.string(),
    frontier: z.array(FrontierPointSchema).describe('from cheapest to safest'),
    scenarios: z.array(ScenarioSchema).describe('the scenarios used, explicit (a generated scenarioModel expanded)'),
    scenarioSource: z.enum(['explicit', 'generated', 'default']),
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
    timings: z.object({ totalMs: z.number(), buildMs: z.number(), solveMs: z.number() }),
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
  }),
});

/** Both wire formats, for the OpenAPI document's consumes/produces. */
export const WIRE_MEDIA_TYPES = ['application/json', 'application/msgpack'];
