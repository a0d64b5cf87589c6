// Turns a validated input into the normalised Problem: every default of
// MODEL.md section 2 is resolved here and nowhere else, ids become indices,
// per-period numbers become length-T arrays, share rules without a material
// become one rule per material, and scenarios are always explicit.
// The input must have passed validateProblemInput; nothing is re-checked.

import type {
  Design,
  EventTarget,
  Offer,
  Problem,
  Product,
  Scenario,
  ScenarioEvent,
  ShareRule,
  SpotMarket,
  InventorySpec,
} from './problem.js';
import { generateScenarioSet } from './scenario-model.js';
import type { EventInput, ProblemInput, ScenarioInput, TargetInput } from './schema.js';

const DEFAULT_ALPHA = 0.95;
const DEFAULT_POINTS = 11;
/** scenarioModel.seed when absent: a fixed seed keeps an unseeded model reproducible. */
const DEFAULT_SEED = 0;

type ProductInput = ProblemInput['products'][number];
type DesignInput = ProductInput['designs'][number];

export function normaliseProblem(input: ProblemInput): Problem {
  const T = input.periods;
  const destination = input.destination ?? '';
  const materialIndex = new Map(input.materials.map((m, i) => [m.id, i]));
  const supplierInputs = input.suppliers ?? [];
  const suppliers = supplierInputs.map((s) => ({ id: s.id, kind: s.kind, country: s.country }));

  const offers: Offer[] = supplierInputs.flatMap((s, supplier) =>
    s.offers.map((o) => ({
      supplier,
      material: materialIndex.get(o.material) as number,
      unitCost: o.unitCost ?? 0,
      reservationCost: o.reservationCost ?? 0,
      // No capacity means unbounded: Infinity keeps "no limit" a number the LP builder can test.
      capacity: perPeriod(o.capacity ?? Infinity, T),
      leadTime: o.leadTime ?? 0,
      priceIndexed: o.priceIndexed ?? false,
    })),
  );

  const inventory: InventorySpec[] = input.materials.map(() => ({ initial: 0, holdingCost: 0, max: Infinity }));
  for (const entry of input.inventory ?? []) {
    inventory[materialIndex.get(entry.material) as number] = {
      initial: entry.initial ?? 0,
      holdingCost: entry.holdingCost ?? 0,
      max: entry.max ?? Infinity,
    };
  }

  const spot: (SpotMarket | null)[] = input.materials.map(() => null);
  for (const entry of input.spot ?? []) {
    spot[materialIndex.get(entry.material) as number] = {
      unitCost: entry.unitCost ?? 0,
      capacity: entry.capacity ?? Infinity,
    };
  }

  // Which materials each supplier offers, to expand share rules without a material.
  const offered = (inGroup: (s: (typeof suppliers)[number]) => boolean): number[] => {
    const set = new Set(offers.filter((o) => inGroup(suppliers[o.supplier])).map((o) => o.material));
    return [...set].sort((a, b) => a - b);
  };
  const expand = (
    group: string,
    material: string | undefined,
    share: number,
    path: string,
    groupMaterials: () => number[],
  ): ShareRule[] =>
    material !== undefined
      ? [{ group, material: materialIndex.get(material) as number, share, path }]
      : groupMaterials().map((m) => ({ group, material: m, share, path }));

  const policy = {
    maxShareByCountry: (input.policy?.maxShareByCountry ?? []).flatMap((r, i) =>
      expand(r.country, r.material, r.share, `$.policy.maxShareByCountry[${i}]`, () =>
        offered((s) => s.country === r.country),
      ),
    ),
    minShareByKind: (input.policy?.minShareByKind ?? []).flatMap((r, i) =>
      expand(r.kind, r.material, r.share, `$.policy.minShareByKind[${i}]`, () => offered((s) => s.kind === r.kind)),
    ),
  };

  const { scenarios, scenarioSource, driverOutcomes } = resolveScenarios(input, T, destination);

  return {
    name: input.name ?? '',
    currency: input.currency ?? '',
    periods: T,
    destination,
    materials: input.materials.map((m) => ({ id: m.id, unit: m.unit ?? '', name: m.name ?? m.id })),
    products: input.products.map((p) => normaliseProduct(p, T, materialIndex)),
    suppliers,
    offers,
    inventory,
    spot,
    policy,
    scenarios,
    scenarioSource,
    ...(driverOutcomes !== undefined ? { driverOutcomes } : {}),
    risk: { measure: 'cvar', alpha: input.risk?.alpha ?? DEFAULT_ALPHA },
    frontier: { points: input.frontier?.points ?? DEFAULT_POINTS },
    ...(input.analysis?.length ? { analysis: [...new Set(input.analysis)] } : {}),
  };
}

function perPeriod(value: number | number[], T: number): number[] {
  return Array.isArray(value) ? [...value] : new Array<number>(T).fill(value);
}

function normaliseProduct(p: ProductInput, T: number, materialIndex: Map<string, number>): Product {
  return {
    id: p.id,
    demand: perPeriod(p.demand, T),
    shortfallPenalty: p.shortfallPenalty,
    designs: p.designs.map((d) => normaliseDesign(d, materialIndex)),
  };
}

function normaliseDesign(d: DesignInput, materialIndex: Map<string, number>): Design {
  // BOM lines in material order, so the same design gives the same rows whatever its key order.
  const bom = Object.entries(d.bom ?? {})
    .map(([id, perUnit]) => ({ material: materialIndex.get(id) as number, perUnit }))
    .sort((a, b) => a.material - b.material);
  return {
    id: d.id,
    bom,
    unitCost: d.unitCost ?? 0,
    maxShare: d.maxShare ?? 1,
    availableFrom: d.availableFrom ?? 1,
    capacityCost: d.capacityCost ?? null,
  };
}

function resolveScenarios(
  input: ProblemInput,
  T: number,
  destination: string,
): Pick<Problem, 'scenarios' | 'scenarioSource' | 'driverOutcomes'> {
  if (input.scenarioModel !== undefined) {
    const model = { ...input.scenarioModel, seed: input.scenarioModel.seed ?? DEFAULT_SEED };
    const { scenarios, outcomes } = generateScenarioSet(model, { periods: T, destination });
    return { scenarios, scenarioSource: 'generated', driverOutcomes: outcomes };
  }
  if (input.scenarios !== undefined) {
    return { scenarios: input.scenarios.map((s) => normaliseScenario(s, T)), scenarioSource: 'explicit' };
  }
  return { scenarios: [{ id: 'base', probability: 1, events: [] }], scenarioSource: 'default' };
}

function normaliseScenario(s: ScenarioInput, T: number): Scenario {
  return { id: s.id, probability: s.probability, events: (s.events ?? []).map((e) => normaliseEvent(e, T)) };
}

function normaliseEvent(e: EventInput, T: number): ScenarioEvent {
  const fromPeriod = e.fromPeriod ?? 1;
  const toPeriod = e.toPeriod ?? T;
  const driver = e.driver !== undefined ? { driver: e.driver } : {};
  if (e.market !== undefined)
    return { market: e.market, fromPeriod, toPeriod, priceFactor: e.priceFactor ?? 1, ...driver };
  if (e.spot !== undefined) {
    return {
      spot: e.spot,
      fromPeriod,
      toPeriod,
      priceFactor: e.priceFactor ?? 1,
      capacityFactor: e.capacityFactor ?? 1,
      ...driver,
    };
  }
  return { target: normaliseTarget(e.target), fromPeriod, toPeriod, availability: e.availability ?? 1, ...driver };
}

/** Only the keys given: a missing key must keep meaning "any", never match `undefined`. */
function normaliseTarget(target: TargetInput | undefined): EventTarget {
  const out: EventTarget = {};
  if (target?.suppliers !== undefined) out.suppliers = [...target.suppliers];
  if (target?.kind !== undefined) out.kind = target.kind;
  if (target?.country !== undefined) out.country = target.country;
  if (target?.materials !== undefined) out.materials = [...target.materials];
  return out;
}
