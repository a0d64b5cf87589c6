// Turns each scenario's events into the numbers the LP uses (MODEL.md section 3):
// availability a[k,s,t] per supplier, and spot price and capacity factors per
// material. Several events on one supplier or market in one period multiply.

import { isSpotEvent, type EventTarget, type Problem, type Supplier } from './problem.js';

export interface ScenarioEffects {
  scenarios: number;
  suppliers: number;
  materials: number;
  periods: number;
  /** a[k,s,t] at ((k * S) + s) * T + (t - 1) */
  availability: Float64Array;
  /** priceFactor[k,m,t] at ((k * M) + m) * T + (t - 1) */
  priceFactor: Float64Array;
  /** capacityFactor[k,m,t], same layout as priceFactor */
  capacityFactor: Float64Array;
  /** abar[s,t] = sum_k pi_k a[k,s,t], at s * T + (t - 1) */
  expectedAvailability: Float64Array;
}

export function targetMatches(target: EventTarget, supplier: Supplier): boolean {
  if (target.suppliers !== undefined && !target.suppliers.includes(supplier.id)) return false;
  if (target.kind !== undefined && target.kind !== supplier.kind) return false;
  if (target.country !== undefined && target.country !== supplier.country) return false;
  return true;
}

export function computeScenarioEffects(problem: Problem): ScenarioEffects {
  const K = problem.scenarios.length;
  const S = problem.suppliers.length;
  const M = problem.materials.length;
  const T = problem.periods;
  const availability = new Float64Array(K * S * T).fill(1);
  const priceFactor = new Float64Array(K * M * T).fill(1);
  const capacityFactor = new Float64Array(K * M * T).fill(1);
  const materialIndex = new Map(problem.materials.map((m, i) => [m.id, i]));

  problem.scenarios.forEach((scenario, k) => {
    for (const event of scenario.events) {
      const from = Math.max(1, event.fromPeriod);
      const to = Math.min(T, event.toPeriod);
      if (isSpotEvent(event)) {
        const m = materialIndex.get(event.spot);
        if (m === undefined) continue;
        const base = (k * M + m) * T;
        for (let t = from; t <= to; t++) {
          priceFactor[base + t - 1] *= event.priceFactor;
          capacityFactor[base + t - 1] *= event.capacityFactor;
        }
        continue;
      }
      problem.suppliers.forEach((supplier, s) => {
        if (!targetMatches(event.target, supplier)) return;
        const base = (k * S + s) * T;
        for (let t = from; t <= to; t++) availability[base + t - 1] *= event.availability;
      });
    }
  });

  const expectedAvailability = new Float64Array(S * T);
  problem.scenarios.forEach((scenario, k) => {
    for (let i = 0; i < S * T; i++) expectedAvailability[i] += scenario.probability * availability[k * S * T + i];
  });
  return {
    scenarios: K,
    suppliers: S,
    materials: M,
    periods: T,
    availability,
    priceFactor,
    capacityFactor,
    expectedAvailability,
  };
}
