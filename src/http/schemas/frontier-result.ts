// The reply of POST /v1/frontiers (and of each solved batch variation): the
// cost-versus-CVaR frontier, as solveFrontier returns it. Also the source of
// docs/schema/result.schema.json (json-schemas.ts). The warnings and the LP
// size are shared with the reply of /v1/validate (validate-result.ts).

import { z } from 'zod';
import type { FrontierResult } from '../../frontier/solve-frontier.js';

export const WarningSchema = z
  .object({
    path: z.string().describe('JSON path into the problem, e.g. $.products[0].designs[1].toolingCost'),
    message: z.string(),
  })
  .describe(
    'valid, but probably not what was meant (unknown field, unknown destination or kind, ...); errors under strict=true',
  );

export const LpSizeSchema = z.object({ rows: z.number().int(), columns: z.number().int(), nonzeros: z.number().int() });

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

// The documented reply must describe what solveFrontier really returns.
const _resultMatchesSchema: z.output<typeof FrontierResultSchema> = {} as FrontierResult;
void _resultMatchesSchema;
