// The raw input of MODEL.md section 2 as a zod 4 schema. It checks what can be
// checked field by field (types, signs, integers, [0, 1] ranges); everything
// that needs context (ids, lengths against `periods`, probability sums,
// limits) lives in validate.ts, and every default is resolved in normalise.ts,
// so the schema carries no `.default()`: its input and output types are the
// same and a test can write a ProblemInput literal by hand.
//
// Objects are not strict: the contract invites planners to add fields, so
// unknown keys are accepted and dropped.

import { z } from 'zod';
import { MAX_INPUT_MAGNITUDE } from './limits.js';
import { SUPPLIER_KINDS } from './problem.js';

/** A supplier kind: any non-empty label (MODEL.md 6.3); the known ones are listed for the reader. */
const kindLabel = () =>
  z
    .string({ error: ruleMessage('must be a non-empty string') })
    .min(1, { error: 'must not be empty' })
    .describe(`supplier kind: ${SUPPLIER_KINDS.join(', ')}, or a label of your own`);

/** A value as a planner would read it in a message: `-5`, `NaN`, `"ndfe"`, `a list of 3 entries`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `a list of ${value.length} ${value.length === 1 ? 'entry' : 'entries'}`;
  if (value !== null && typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return value.toString();
  return `${value as number | boolean | null}`;
}

// One sentence per numeric rule, used for every way the rule can fail (wrong
// type, NaN, Infinity, out of range), so the planner reads the rule, not zod's.
function ruleMessage(rule: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? 'is required' : `${rule} (got ${describeValue(issue.input)})`;
}

const NON_NEGATIVE = 'must be a finite number >= 0';
const PROBABILITY = 'must be a number between 0 and 1';

// Quantities, costs and factors are capped (limits.ts says why): 1e308 had validated, then crashed a worker.
const MAGNITUDE = `must be at most ${MAX_INPUT_MAGNITUDE} (the magnitude limit of quantities, costs and factors)`;

export const nonNegative = () =>
  z
    .number({ error: ruleMessage(NON_NEGATIVE) })
    .min(0, { error: ruleMessage(NON_NEGATIVE) })
    // Infinity fails here too: it is a bad number, not a large one.
    .max(MAX_INPUT_MAGNITUDE, {
      error: (issue) => ruleMessage(Number.isFinite(issue.input) ? MAGNITUDE : NON_NEGATIVE)(issue),
    });

/** A list entry over the magnitude limit, so a per-period list that fails says which entry and why. */
function entryOverMagnitude(input: unknown): string | null {
  if (!Array.isArray(input)) return null;
  const i = input.findIndex((v) => Number.isFinite(v) && (v as number) > MAX_INPUT_MAGNITUDE);
  return i < 0 ? null : `entry ${i} ${MAGNITUDE} (got ${describeValue(input[i])})`;
}

export const probability = () => {
  const error = ruleMessage(PROBABILITY);
  return z.number({ error }).min(0, { error }).max(1, { error });
};

export const integerAtLeast = (min: number) => {
  const error = ruleMessage(`must be an integer >= ${min}`);
  return z.number({ error }).int({ error }).min(min, { error });
};

/** A non-empty string naming something (an id, or a reference to one). */
export const IdSchema = z
  .string({ error: ruleMessage('must be a non-empty string') })
  .min(1, { error: 'must not be empty' });

/** Per period: one number for every period, or a list of exactly T numbers (checked in validate.ts). */
const perPeriod = (what: string) =>
  z
    .union([nonNegative(), z.array(nonNegative())], {
      // A number that fails both forms (NaN, Infinity) is a bad number, not a bad shape.
      error: (issue) =>
        entryOverMagnitude(issue.input) ??
        ruleMessage(
          typeof issue.input === 'number'
            ? Number.isFinite(issue.input) && issue.input > MAX_INPUT_MAGNITUDE
              ? MAGNITUDE
              : NON_NEGATIVE
            : `${NON_NEGATIVE}, or a list of them (one per period)`,
        )(issue),
    })
    .describe(`${what} per period: one number for every period, or an array of T numbers`);

/** Inclusive [lo, hi] with lo <= hi; `element` checks each bound. */
function rangeOf(element: () => z.ZodNumber, rule: string) {
  return z
    .tuple([element(), element()], { error: ruleMessage(`must be a pair [lo, hi] of ${rule}`) })
    .refine(([lo, hi]) => lo <= hi, {
      error: (issue) => `has lo ${(issue.input as number[])[0]} above hi ${(issue.input as number[])[1]}`,
    });
}

export const MaterialInputSchema = z.object({
  id: IdSchema,
  unit: z.string().optional().describe('unit label, e.g. "kg"; default ""'),
  name: z.string().optional().describe('display name; default: the id'),
});

export const DesignInputSchema = z.object({
  id: IdSchema,
  bom: z
    .record(z.string(), nonNegative())
    .optional()
    .describe('material id -> units per unit of product; default {} (needs no material)'),
  unitCost: nonNegative().optional().describe('extra cost per unit built; default 0'),
  maxShare: probability().optional().describe("at most this share of each period's demand; default 1"),
  availableFrom: integerAtLeast(1).optional().describe('first period the design can be built; default 1'),
  capacityCost: nonNegative()
    .optional()
    .describe('cost per unit of per-period capacity (tooling); absent = no capacity variable'),
});

export const ProductInputSchema = z.object({
  id: IdSchema,
  name: z.string().optional().describe('display name, for people; the engine ignores it'),
  demand: perPeriod('units demanded'),
  shortfallPenalty: nonNegative().describe('cost per unit of demand not built'),
  designs: z.array(DesignInputSchema).min(1, { error: 'must list at least one design' }),
});

export const OfferInputSchema = z.object({
  material: IdSchema.describe('material id'),
  unitCost: nonNegative().optional().describe('paid per unit delivered; default 0'),
  reservationCost: nonNegative().optional().describe('paid per unit ordered, delivered or not; default 0'),
  capacity: perPeriod('maximum contracted delivery').optional().describe('absent = unbounded'),
  leadTime: integerAtLeast(0).optional().describe('periods; deliveries from period leadTime+1; default 0'),
  priceIndexed: z
    .boolean({ error: ruleMessage('must be true or false') })
    .optional()
    .describe(
      'true: pays unitCost times the market factor of its material (index-linked); default false (fixed price)',
    ),
});

export const SupplierInputSchema = z.object({
  id: IdSchema,
  name: z.string().optional().describe('display name, for people; the engine ignores it'),
  kind: kindLabel(),
  country: z.string().describe('ISO country code, used by maxShareByCountry and event targets'),
  offers: z.array(OfferInputSchema).describe('at most one offer per material'),
});

export const InventoryInputSchema = z.object({
  material: IdSchema,
  initial: nonNegative().optional().describe('stock at the start; default 0'),
  holdingCost: nonNegative().optional().describe('per unit held at the end of a period; default 0'),
  max: nonNegative().optional().describe('upper bound on stock; absent = unbounded'),
});

export const SpotInputSchema = z.object({
  material: IdSchema,
  unitCost: nonNegative().optional().describe('price per unit bought on the spot market; default 0'),
  capacity: nonNegative().optional().describe('per period; absent = unbounded'),
});

export const CountryShareInputSchema = z.object({
  country: z.string(),
  material: IdSchema.optional().describe('absent = one rule per material the country offers'),
  share: probability(),
});

export const KindShareInputSchema = z.object({
  kind: kindLabel(),
  material: IdSchema.optional().describe('absent = one rule per material the kind offers'),
  share: probability(),
});

export const PolicyInputSchema = z.object({
  maxShareByCountry: z.array(CountryShareInputSchema).optional(),
  minShareByKind: z.array(KindShareInputSchema).optional(),
});

/** Which suppliers an event or driver hits: those matching every key given; {} = every supplier. */
export const TargetInputSchema = z
  .object({
    suppliers: z.array(IdSchema).optional().describe('supplier ids'),
    kind: kindLabel().optional(),
    country: z.string().optional(),
    materials: z
      .array(IdSchema)
      .min(1, { error: 'must list at least one material (leave it out to match every material)' })
      .optional()
      .describe("material ids: only the matched suppliers' offers of these materials; absent = every material"),
  })
  .describe('suppliers matching every key given; empty = every supplier');

// One object for both kinds of event, not a union: with non-strict objects a
// union would silently read `{ spot, availability }` as a supplier event and
// drop `spot`. validate-scenarios.ts tells the kinds apart and reports mixed fields.
export const EventInputSchema = z
  .object({
    target: TargetInputSchema.optional().describe('supplier event: which suppliers; absent = every supplier'),
    availability: probability().optional().describe('supplier event: share of ordered quantity delivered; default 1'),
    spot: IdSchema.optional().describe('spot event: material id of the spot market'),
    market: IdSchema.optional().describe('market event: material id whose market price moves'),
    priceFactor: nonNegative().optional().describe('spot or market event: price multiplier; default 1'),
    capacityFactor: nonNegative().optional().describe('spot event: capacity multiplier; default 1'),
    fromPeriod: integerAtLeast(1).optional().describe('first period, inclusive; default 1'),
    toPeriod: integerAtLeast(1).optional().describe('last period, inclusive; default T'),
    driver: z.string().optional().describe('id of the scenarioModel driver that generated the event'),
  })
  .describe(
    'a supplier event (target, availability), a spot event (spot, priceFactor, capacityFactor) or a market event (market, priceFactor)',
  );

export const ScenarioInputSchema = z.object({
  id: IdSchema,
  probability: probability(),
  events: z.array(EventInputSchema).optional().describe('default: none'),
});

/** A driver's effect on a market while its events are in force (MODEL.md 7.1): one of the two forms. */
export const DriverEffectSchema = z
  .object({
    spot: IdSchema.optional().describe('spot market (material id) whose price and capacity move'),
    market: IdSchema.optional().describe('material id whose market price moves'),
    priceFactor: nonNegative().optional().describe('price multiplier; default 1'),
    capacityFactor: nonNegative().optional().describe('spot capacity multiplier; spot effects only; default 1'),
  })
  .describe('{spot, priceFactor, capacityFactor} or {market, priceFactor}');

const effects = () =>
  z
    .array(DriverEffectSchema)
    .optional()
    .describe('spot or market events added over the periods the driver puts its own events in force');

/** Acts only in the scenarios where an earlier licence, disruption or regime driver fired (or did not). */
export const WhenInputSchema = z.object({
  driver: IdSchema.describe('id of an earlier licence, disruption or regime driver'),
  fired: z.boolean({ error: ruleMessage('must be true or false') }),
});

const when = () => WhenInputSchema.optional().describe('acts only if the named earlier driver fired (or did not)');

export const LicenceDriverSchema = z.object({
  id: IdSchema,
  type: z.literal('licence'),
  when: when(),
  effects: effects(),
  target: TargetInputSchema,
  approval: z
    .record(z.string(), probability())
    .describe('destination -> probability a first licence is granted; missing = refused'),
  approvalDelay: rangeOf(() => integerAtLeast(0), 'integers >= 0')
    .optional()
    .describe('periods until a granted licence arrives, drawn uniformly; default [0, 0]'),
  validity: integerAtLeast(1)
    .optional()
    .describe('periods a licence lasts before a renewal; absent = the whole horizon'),
  renewal: probability().optional().describe('probability each renewal is granted; default 1'),
  quota: rangeOf(probability, 'numbers between 0 and 1')
    .optional()
    .describe('share of what is ordered a granted licence covers, drawn uniformly per scenario; default [1, 1]'),
  reapply: rangeOf(() => integerAtLeast(1), 'integers >= 1')
    .optional()
    .describe('periods without deliveries after a refused renewal before a new licence; absent = a refusal is final'),
});

export const DisruptionDriverSchema = z.object({
  id: IdSchema,
  type: z.literal('disruption'),
  when: when(),
  effects: effects(),
  target: TargetInputSchema,
  probability: probability().describe('probability the disruption happens'),
  start: rangeOf(() => integerAtLeast(1), 'periods >= 1')
    .optional()
    .describe('first disrupted period, drawn uniformly; default [1, T]'),
  duration: rangeOf(() => integerAtLeast(1), 'integers >= 1')
    .optional()
    .describe('periods, drawn uniformly; absent = to the end'),
  availability: probability().optional().describe('availability multiplier while disrupted; default 0'),
});

export const YieldDriverSchema = z.object({
  id: IdSchema,
  type: z.literal('yield'),
  when: when(),
  target: TargetInputSchema,
  availability: rangeOf(probability, 'numbers between 0 and 1').describe('factor drawn uniformly in [lo, hi]'),
});

export const PriceDriverSchema = z.object({
  id: IdSchema,
  type: z.literal('price'),
  when: when(),
  material: IdSchema.describe('material id whose market price moves'),
  factor: rangeOf(nonNegative, 'numbers >= 0').describe('market price factor drawn uniformly in [lo, hi]'),
  start: rangeOf(() => integerAtLeast(1), 'periods >= 1')
    .optional()
    .describe('first period of the factor (it holds to the end), drawn uniformly; default [1, 1]'),
});

export const RegimeDriverSchema = z.object({
  id: IdSchema,
  type: z.literal('regime'),
  when: when(),
  effects: effects(),
  probability: probability().describe('probability the regime happens'),
  start: rangeOf(() => integerAtLeast(1), 'periods >= 1')
    .optional()
    .describe('first period, drawn uniformly; default [1, T]'),
  duration: rangeOf(() => integerAtLeast(1), 'integers >= 1')
    .optional()
    .describe('periods, drawn uniformly; absent = to the end'),
});

export const DriverInputSchema = z.discriminatedUnion('type', [
  LicenceDriverSchema,
  DisruptionDriverSchema,
  YieldDriverSchema,
  PriceDriverSchema,
  RegimeDriverSchema,
]);

export const ScenarioModelInputSchema = z
  .object({
    count: integerAtLeast(1).describe('number of equiprobable scenarios'),
    seed: z
      .number({ error: ruleMessage('must be an integer') })
      .int({ error: ruleMessage('must be an integer') })
      .optional()
      .describe('random seed; default 0'),
    drivers: z.array(DriverInputSchema),
  })
  .describe('generated scenarios (MODEL.md section 5)');

export const RiskInputSchema = z.object({
  measure: z.literal('cvar').optional().describe('only "cvar"'),
  alpha: z
    .number({ error: ruleMessage('must be a number >= 0 and < 1') })
    .min(0, { error: ruleMessage('must be a number >= 0 and < 1') })
    .lt(1, { error: ruleMessage('must be a number >= 0 and < 1') })
    .optional()
    .describe('CVaR level: the mean of the worst 1-alpha tail; default 0.95'),
});

export const FrontierInputSchema = z.object({
  points: integerAtLeast(2).optional().describe('number of frontier points; default 11'),
});

export const ProblemInputSchema = z
  .object({
    name: z.string().optional(),
    description: z.string().optional().describe('free text about the problem, for people; the engine ignores it'),
    currency: z.string().optional().describe('a label'),
    periods: integerAtLeast(1).describe('T, the number of planning periods'),
    periodLabels: z
      .array(z.string({ error: ruleMessage('must be a string') }).min(1, { error: 'must not be empty' }))
      .optional()
      .describe('a label per period (T strings), shown by the explorer and reports; wins over startMonth'),
    startMonth: z
      .string({ error: ruleMessage('must be a month written YYYY-MM, like "2026-01"') })
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'must be a month written YYYY-MM, like "2026-01"' })
      .optional()
      .describe('the month of period 1 (YYYY-MM); period t is that month + t-1, for labels only'),
    destination: z.string().optional().describe('region/country of the buying plants, read by licence drivers'),
    materials: z.array(MaterialInputSchema).min(1, { error: 'must list at least one material' }),
    products: z.array(ProductInputSchema).min(1, { error: 'must list at least one product' }),
    suppliers: z.array(SupplierInputSchema).optional().describe('default: none'),
    inventory: z.array(InventoryInputSchema).optional().describe('at most one entry per material'),
    spot: z.array(SpotInputSchema).optional().describe('at most one entry per material; none = no spot market'),
    policy: PolicyInputSchema.optional(),
    scenarios: z
      .array(ScenarioInputSchema)
      .min(1, { error: 'must list at least one scenario (or be left out for a single base scenario)' })
      .optional()
      .describe('explicit scenarios; probabilities sum to 1; absent = one scenario "base"'),
    scenarioModel: ScenarioModelInputSchema.optional().describe('generated scenarios; not together with scenarios'),
    risk: RiskInputSchema.optional(),
    frontier: FrontierInputSchema.optional(),
    analysis: z
      .array(z.enum(['vss', 'evpi']))
      .optional()
      .describe(
        'MODEL.md section 9: also compute the value of the stochastic solution (vss) and of perfect information (evpi)',
      ),
  })
  .describe('a rare-earth sourcing problem (MODEL.md section 2)');

export type ProblemInput = z.infer<typeof ProblemInputSchema>;
export type ScenarioInput = z.infer<typeof ScenarioInputSchema>;
export type EventInput = z.infer<typeof EventInputSchema>;
export type TargetInput = z.infer<typeof TargetInputSchema>;
export type DriverInput = z.infer<typeof DriverInputSchema>;
export type ScenarioModelInput = z.infer<typeof ScenarioModelInputSchema>;
export type DriverEffectInput = z.infer<typeof DriverEffectSchema>;
