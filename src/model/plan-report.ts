// What a planner sees of one verified plan: MODEL.md section 4's point fields,
// all computed from the plan itself, plus a few extras (marked below).

import type { Problem } from '../domain/problem.js';
import type { ScenarioEffects } from '../domain/scenario-effects.js';
import type { FlatDesign } from './flat-designs.js';
import type { MarginalValues } from './marginal-values.js';
import type { Plan } from './plan.js';
import { conditionalValueAtRisk, expectedValue, worstCase } from './risk.js';
import { withoutRoundOff } from './round-off.js';
import { scenarioCostBreakdown } from './scenario-costs.js';

export interface Order {
  supplier: string;
  material: string;
  period: number;
  quantity: number;
}

export interface FrontierPoint {
  expectedCost: number;
  cvar: number;
  worstCaseCost: number;
  scenarioCosts: number[];
  unmetDemand: Record<string, number>;
  orders: Order[];
  designCapacities: { product: string; design: string; capacity: number }[];
  production: { product: string; design: string; expected: number }[];
  sharesByKind: Record<string, Record<string, number>>;
  sharesByCountry: Record<string, Record<string, number>>;
  /** extra: expected end-of-period stock per material, periods 1..T */
  expectedStock: Record<string, number[]>;
  /** extra: expected spot purchases per material, periods 1..T */
  expectedSpot: Record<string, number[]>;
  /** extra: expected cost by component */
  expectedCostBreakdown: {
    contracts: number;
    spot: number;
    holding: number;
    shortfall: number;
    designs: number;
    tooling: number;
  };
  /** MODEL.md section 8, from the point LP's duals (absent where the back-end gives none) */
  marginalValues?: MarginalValues;
  riskPrice?: number;
  /** MODEL.md section 8: units unmet per product in each scenario, aligned with `scenarios` */
  scenarioUnmet?: Record<string, number>[];
}

export function describePlan(
  problem: Problem,
  effects: ScenarioEffects,
  designs: FlatDesign[],
  plan: Plan,
): FrontierPoint {
  const T = problem.periods;
  const K = problem.scenarios.length;
  const P = problem.products.length;
  const G = designs.length;
  const pi = problem.scenarios.map((s) => s.probability);

  // Plain loops rather than forEach/map callbacks: V8 compiled callbacks made
  // anew on every call (in the background, for every point).
  const scenarioCosts: number[] = [];
  // each component's expectation summed in scenario order, as expectedValue sums
  const expectedCostBreakdown = { contracts: 0, spot: 0, holding: 0, shortfall: 0, designs: 0, tooling: 0 };
  for (let k = 0; k < K; k++) {
    const b = scenarioCostBreakdown(problem, effects, designs, plan, k);
    scenarioCosts.push(b.total);
    const p = pi[k];
    expectedCostBreakdown.contracts += p * b.contracts;
    expectedCostBreakdown.spot += p * b.spot;
    expectedCostBreakdown.holding += p * b.holding;
    expectedCostBreakdown.shortfall += p * b.shortfall;
    expectedCostBreakdown.designs += p * b.designs;
    expectedCostBreakdown.tooling += p * b.tooling;
  }
  const unmetDemand: Record<string, number> = {};
  for (let p = 0; p < P; p++) {
    let total = 0;
    for (let k = 0; k < K; k++) for (let t = 0; t < T; t++) total += pi[k] * plan.unmet[(k * P + p) * T + t];
    unmetDemand[problem.products[p].id] = withoutRoundOff(total);
  }

  const orders: Order[] = [];
  for (let o = 0; o < problem.offers.length; o++) {
    const offer = problem.offers[o];
    for (let t = 0; t < T; t++) {
      const quantity = plan.orders[o * T + t];
      if (withoutRoundOff(quantity) > 0)
        orders.push({
          supplier: problem.suppliers[offer.supplier].id,
          material: problem.materials[offer.material].id,
          period: t + 1,
          quantity,
        });
    }
  }

  const designCapacities: FrontierPoint['designCapacities'] = [];
  for (let g = 0; g < G; g++) {
    const fd = designs[g];
    if (fd.design.capacityCost === null) continue;
    designCapacities.push({
      product: problem.products[fd.product].id,
      design: fd.design.id,
      capacity: withoutRoundOff(plan.capacities[g]),
    });
  }

  const production: FrontierPoint['production'] = [];
  for (let g = 0; g < G; g++) {
    const fd = designs[g];
    let expected = 0;
    for (let k = 0; k < K; k++) for (let t = 0; t < T; t++) expected += pi[k] * plan.build[(k * G + g) * T + t];
    production.push({
      product: problem.products[fd.product].id,
      design: fd.design.id,
      expected: withoutRoundOff(expected),
    });
  }

  const { byKind: sharesByKind, byCountry: sharesByCountry } = deliveryShares(problem, effects, plan);

  return {
    expectedCost: expectedValue(scenarioCosts, pi),
    cvar: conditionalValueAtRisk(scenarioCosts, pi, problem.risk.alpha),
    worstCaseCost: worstCase(scenarioCosts, pi),
    scenarioCosts,
    unmetDemand,
    orders,
    designCapacities,
    production,
    sharesByKind,
    sharesByCountry,
    expectedStock: perMaterial(problem, pi, plan.stock),
    expectedSpot: perMaterial(problem, pi, plan.spot),
    expectedCostBreakdown,
  };
}

/** The expectation over scenarios of a [k,m,t] array, per material and period. */
function perMaterial(problem: Problem, pi: number[], values: Float64Array): Record<string, number[]> {
  const T = problem.periods;
  const K = problem.scenarios.length;
  const M = problem.materials.length;
  const out: Record<string, number[]> = {};
  for (let m = 0; m < M; m++) {
    // summed in a Float64Array: an Array filled with 0 starts as small integers and changes
    // kind on the first fraction, which made V8 drop this function's optimised code
    const sum = new Float64Array(T);
    for (let k = 0; k < K; k++) for (let t = 0; t < T; t++) sum[t] += pi[k] * values[(k * M + m) * T + t];
    out[problem.materials[m].id] = Array.from(sum, withoutRoundOff);
  }
  return out;
}

/** Share of expected deliveries (abar * x, spot excluded) per material, by supplier kind and by country. */
function deliveryShares(problem: Problem, effects: ScenarioEffects, plan: Plan) {
  const T = problem.periods;
  const byKind: Record<string, Record<string, number>> = {};
  const byCountry: Record<string, Record<string, number>> = {};
  for (let m = 0; m < problem.materials.length; m++) {
    const material = problem.materials[m];
    const kinds: Record<string, number> = {};
    const countries: Record<string, number> = {};
    let total = 0;
    for (let o = 0; o < problem.offers.length; o++) {
      const offer = problem.offers[o];
      if (offer.material !== m) continue;
      let delivered = 0;
      for (let t = 0; t < T; t++) delivered += effects.expectedOfferAvailability[o * T + t] * plan.orders[o * T + t];
      if (delivered <= 0) continue;
      const supplier = problem.suppliers[offer.supplier];
      kinds[supplier.kind] = (kinds[supplier.kind] ?? 0) + delivered;
      countries[supplier.country] = (countries[supplier.country] ?? 0) + delivered;
      total += delivered;
    }
    if (total <= 0) continue;
    for (const key of Object.keys(kinds)) kinds[key] /= total;
    for (const key of Object.keys(countries)) countries[key] /= total;
    byKind[material.id] = kinds;
    byCountry[material.id] = countries;
  }
  return { byKind, byCountry };
}
