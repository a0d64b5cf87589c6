// Cost_k of MODEL.md section 3, computed from a plan and the problem data
// directly (not from the LP's coefficients), so it is an independent check
// of what the solver optimised.

import type { Problem } from '../domain/problem.js';
import type { ScenarioEffects } from '../domain/scenario-effects.js';
import type { FlatDesign } from './flat-designs.js';
import type { Plan } from './plan.js';

export interface CostBreakdown {
  contracts: number;
  spot: number;
  holding: number;
  shortfall: number;
  designs: number;
  tooling: number;
  total: number;
}

export function scenarioCostBreakdown(
  problem: Problem,
  effects: ScenarioEffects,
  designs: FlatDesign[],
  plan: Plan,
  k: number,
): CostBreakdown {
  const T = problem.periods;
  const O = problem.offers.length;
  const M = problem.materials.length;
  const P = problem.products.length;
  const G = designs.length;
  let contracts = 0;
  problem.offers.forEach((offer, o) => {
    for (let t = 0; t < T; t++) {
      const x = plan.orders[o * T + t];
      if (x === 0) continue;
      // an index-linked offer's price moves with its material's market (MODEL.md 6.2); reservation never does
      const price = offer.priceIndexed
        ? offer.unitCost * effects.marketFactor[(k * M + offer.material) * T + t]
        : offer.unitCost;
      contracts += (price * effects.offerAvailability[(k * O + o) * T + t] + offer.reservationCost) * x;
    }
  });
  let spot = 0;
  let holding = 0;
  for (let m = 0; m < M; m++) {
    const market = problem.spot[m];
    for (let t = 0; t < T; t++) {
      const i = (k * M + m) * T + t;
      if (market) spot += market.unitCost * effects.priceFactor[i] * effects.marketFactor[i] * plan.spot[i];
      holding += problem.inventory[m].holdingCost * plan.stock[i];
    }
  }
  let shortfall = 0;
  for (let p = 0; p < P; p++)
    for (let t = 0; t < T; t++) shortfall += problem.products[p].shortfallPenalty * plan.unmet[(k * P + p) * T + t];
  let designCost = 0;
  let tooling = 0;
  designs.forEach((fd, g) => {
    for (let t = 0; t < T; t++) designCost += fd.design.unitCost * plan.build[(k * G + g) * T + t];
    if (fd.design.capacityCost !== null) tooling += fd.design.capacityCost * plan.capacities[g];
  });
  const total = contracts + spot + holding + shortfall + designCost + tooling;
  return { contracts, spot, holding, shortfall, designs: designCost, tooling, total };
}

export function scenarioCosts(problem: Problem, effects: ScenarioEffects, designs: FlatDesign[], plan: Plan): number[] {
  return problem.scenarios.map((_, k) => scenarioCostBreakdown(problem, effects, designs, plan, k).total);
}
