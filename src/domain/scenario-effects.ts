// Turns each scenario's events into the numbers the LP uses (MODEL.md sections
// 3 and 6): availability a[k,o,t] per offer (an event's target may name
// materials, so one supplier's offers can differ), spot price and capacity
// factors per material, and the market factor g[k,m,t] that moves spot prices
// and index-linked offers. Several events on one offer or market in one
// period multiply.

import { isMarketEvent, isSpotEvent, type EventTarget, type Problem, type Supplier } from './problem.js';

export interface ScenarioEffects {
  scenarios: number;
  offers: number;
  materials: number;
  periods: number;
  /** a[k,o,t] for offer o (index into problem.offers) at ((k * O) + o) * T + (t - 1) */
  offerAvailability: Float64Array;
  /** priceFactor[k,m,t] of spot events at ((k * M) + m) * T + (t - 1) */
  priceFactor: Float64Array;
  /** capacityFactor[k,m,t], same layout as priceFactor */
  capacityFactor: Float64Array;
  /** g[k,m,t], the market factor of market events, same layout as priceFactor */
  marketFactor: Float64Array;
  /** abar[o,t] = sum_k pi_k a[k,o,t], at o * T + (t - 1) */
  expectedOfferAvailability: Float64Array;
}

/** Whether a target's supplier keys match a supplier (its `materials` key is read by targetMatchesOffer). */
export function targetMatches(target: EventTarget, supplier: Supplier): boolean {
  if (target.suppliers !== undefined && !target.suppliers.includes(supplier.id)) return false;
  if (target.kind !== undefined && target.kind !== supplier.kind) return false;
  if (target.country !== undefined && target.country !== supplier.country) return false;
  return true;
}

export function targetMatchesOffer(target: EventTarget, supplier: Supplier, materialId: string): boolean {
  if (target.materials !== undefined && !target.materials.includes(materialId)) return false;
  return targetMatches(target, supplier);
}

export function computeScenarioEffects(problem: Problem): ScenarioEffects {
  const K = problem.scenarios.length;
  const O = problem.offers.length;
  const M = problem.materials.length;
  const T = problem.periods;
  const offerAvailability = new Float64Array(K * O * T).fill(1);
  const priceFactor = new Float64Array(K * M * T).fill(1);
  const capacityFactor = new Float64Array(K * M * T).fill(1);
  const marketFactor = new Float64Array(K * M * T).fill(1);
  const materialIndex = new Map(problem.materials.map((m, i) => [m.id, i]));

  // Plain loops, not forEach: callbacks made anew on every call were compiled anew on every call.
  for (let k = 0; k < K; k++) {
    for (const event of problem.scenarios[k].events) {
      const from = Math.max(1, event.fromPeriod);
      const to = Math.min(T, event.toPeriod);
      if (isSpotEvent(event) || isMarketEvent(event)) {
        const m = materialIndex.get(isSpotEvent(event) ? event.spot : event.market);
        if (m === undefined) continue;
        const base = (k * M + m) * T;
        for (let t = from; t <= to; t++) {
          if (isSpotEvent(event)) {
            priceFactor[base + t - 1] *= event.priceFactor;
            capacityFactor[base + t - 1] *= event.capacityFactor;
          } else marketFactor[base + t - 1] *= event.priceFactor;
        }
        continue;
      }
      for (let o = 0; o < O; o++) {
        const offer = problem.offers[o];
        const supplier = problem.suppliers[offer.supplier];
        if (!targetMatchesOffer(event.target, supplier, problem.materials[offer.material].id)) continue;
        const base = (k * O + o) * T;
        for (let t = from; t <= to; t++) offerAvailability[base + t - 1] *= event.availability;
      }
    }
  }

  const expectedOfferAvailability = new Float64Array(O * T);
  for (let k = 0; k < K; k++) {
    const pk = problem.scenarios[k].probability;
    for (let i = 0; i < O * T; i++) expectedOfferAvailability[i] += pk * offerAvailability[k * O * T + i];
  }
  return {
    scenarios: K,
    offers: O,
    materials: M,
    periods: T,
    offerAvailability,
    priceFactor,
    capacityFactor,
    marketFactor,
    expectedOfferAvailability,
  };
}
