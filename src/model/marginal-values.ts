// MODEL.md section 8 from a dual solution of a frontier point's LP
// ("minimise E subject to CVaR <= bound"): what one more unit of each limit
// is worth, the price of risk, and the shortfall in every scenario. All sign
// and sum logic lives here, so every back-end's duals mean the same thing.
//
// Duals follow HiGHS's convention (solver/types.ts): d E / d bound, so a
// binding upper limit has a dual <= 0 and saves -dual per unit raised, and a
// binding lower limit (a kind floor) saves +dual per unit lowered. A limit
// standing for many LP bounds is worth the sum of their duals, each scaled
// by how far that bound moves when the limit moves by one unit.

import type { Problem } from '../domain/problem.js';
import type { SourcingLp } from './build-sourcing-lp.js';
import type { Plan } from './plan.js';

export interface OfferValue {
  supplier: string;
  material: string;
  period: number;
  value: number;
}
export interface SpotValue {
  material: string;
  period: number;
  value: number;
}
export interface InventoryValue {
  material: string;
  value: number;
}
export interface DesignValue {
  product: string;
  design: string;
  value: number;
}
export interface PolicyValue {
  rule: 'maxShareByCountry' | 'minShareByKind';
  country?: string;
  kind?: string;
  material: string;
  /** per unit of expected delivery by which the rule is relaxed */
  value: number;
  /** per whole unit of share relaxed: value * the material's expected deliveries */
  perShare: number;
}

export interface MarginalValues {
  offers: OfferValue[];
  spot: SpotValue[];
  inventory: InventoryValue[];
  designs: DesignValue[];
  policy: PolicyValue[];
}

export interface PointExplanation {
  marginalValues: MarginalValues;
  /** expected cost saved per unit of CVaR allowance (0 at point A) */
  riskPrice: number;
  /** units of demand not built, per product, in every scenario (aligned with `scenarios`) */
  scenarioUnmet: Record<string, number>[];
}

export interface Duals {
  rowDual: ArrayLike<number>;
  colDual: ArrayLike<number>;
}

/** The rows of the policy rules, in the order of the problem's rules (country caps, then kind floors). */
export function policyRows(problem: Problem, model: SourcingLp): number[] {
  const count = problem.policy.maxShareByCountry.length + problem.policy.minShareByKind.length;
  const first = model.layout.expectedRow - count;
  return Array.from({ length: count }, (_, r) => first + r);
}

/** Expected deliveries D[s,m,t] summed per material: sum_k pi_k a x, read off the stock rows (where x is delivered). */
export function expectedDeliveriesByMaterial(problem: Problem, model: SourcingLp, plan: Plan): Float64Array {
  const { lp, layout } = model;
  const T = problem.periods;
  const rowBlock = lp.twoStage?.rowBlock;
  const pi = problem.scenarios.map((s) => s.probability);
  const out = new Float64Array(problem.materials.length);
  for (let o = 0; o < problem.offers.length; o++) {
    const offer = problem.offers[o];
    for (let t = 1; t <= T; t++) {
      const j = layout.orderCol[o * T + t - 1];
      const x = plan.orders[o * T + t - 1];
      if (j < 0 || x === 0) continue;
      let abar = 0;
      for (let p = lp.colStart[j]; p < lp.colStart[j + 1]; p++) {
        const k = rowBlock ? rowBlock[lp.rowIndex[p]] : -1;
        if (k >= 0) abar += pi[k] * lp.value[p];
      }
      out[offer.material] += abar * x;
    }
  }
  return out;
}

/** Units unmet per product in each scenario. */
export function scenarioUnmet(problem: Problem, plan: Plan): Record<string, number>[] {
  const T = problem.periods;
  const P = problem.products.length;
  const perScenario: Record<string, number>[] = [];
  for (let k = 0; k < problem.scenarios.length; k++) {
    const out: Record<string, number> = {};
    for (let p = 0; p < P; p++) {
      let sum = 0;
      for (let t = 0; t < T; t++) sum += plan.unmet[(k * P + p) * T + t];
      out[problem.products[p].id] = sum;
    }
    perScenario.push(out);
  }
  return perScenario;
}

/**
 * Duals for the demand rows the builder leaves out (sum_d q <= demand, dropped
 * where the designs' bounds already imply it), at [k, p, t]. Where the bounds
 * add up to exactly the demand and every design builds to its bound, that row
 * is tight in the model of MODEL.md section 3, and building more with one
 * design is worth nothing: the demand itself binds. The LP without the row
 * gives its whole value to the designs' bounds, which is a valid dual but reads
 * as "let this design build more" when every motor is already built. Taking
 * the least negative of those reduced costs as the row's dual (y <= 0, which
 * keeps unmet demand's reduced cost -y >= 0) moves the value to where it
 * belongs and leaves a dual solution of the model with the row.
 */
function demandRowDuals(problem: Problem, model: SourcingLp, duals: Duals): Float64Array {
  const { layout, lp } = model;
  const T = problem.periods;
  const K = problem.scenarios.length;
  const P = problem.products.length;
  const G = layout.designs.length;
  const out = new Float64Array(K * P * T);
  for (let k = 0; k < K; k++)
    for (let p = 0; p < P; p++)
      for (let t = 1; t <= T; t++) {
        const demand = problem.products[p].demand[t - 1];
        let reach = 0;
        let least = -Infinity;
        let cols = 0;
        for (let g = 0; g < G; g++) {
          if (layout.designs[g].product !== p) continue;
          const j = layout.buildCol[(k * G + g) * T + t - 1];
          if (j < 0) continue;
          cols++;
          reach += lp.colUpper[j];
          least = Math.max(least, duals.colDual[j]);
        }
        const tight = Math.abs(reach - demand) <= 1e-9 * Math.max(1, demand);
        // the row exists in the LP where reach exceeds demand; its own dual is then in rowDual
        if (cols > 0 && tight && least < 0) out[(k * P + p) * T + t - 1] = least;
      }
  return out;
}

/** Cost saved per unit raise of column j's upper bound (0 for a column the LP does not have). */
function upperValue(duals: Duals, j: number): number {
  return j < 0 ? 0 : Math.max(0, -duals.colDual[j]);
}

export function explainPoint(
  problem: Problem,
  model: SourcingLp,
  plan: Plan,
  duals: Duals,
  expectedCost: number,
): PointExplanation {
  const { layout, effects } = model;
  const T = problem.periods;
  const K = problem.scenarios.length;
  const M = problem.materials.length;
  const G = layout.designs.length;
  const floor = 1e-9 * Math.max(1, Math.abs(expectedCost));
  const keep = (v: number) => v > floor;

  // Plain loops and module functions where it is hot: V8 compiled callbacks and
  // closures made anew on every call (for every point).
  const offers: OfferValue[] = [];
  for (let o = 0; o < problem.offers.length; o++) {
    const offer = problem.offers[o];
    for (let t = 1; t <= T; t++) {
      const value = upperValue(duals, layout.orderCol[o * T + t - 1]);
      if (keep(value))
        offers.push({
          supplier: problem.suppliers[offer.supplier].id,
          material: problem.materials[offer.material].id,
          period: t,
          value,
        });
    }
  }

  const spot: SpotValue[] = [];
  for (let m = 0; m < M; m++) {
    if (problem.spot[m] === null) continue;
    for (let t = 1; t <= T; t++) {
      let value = 0;
      for (let k = 0; k < K; k++) {
        const i = (k * M + m) * T + t - 1;
        // b <= capacity * capacityFactor: one unit of base capacity moves the bound by the factor
        value += effects.capacityFactor[i] * upperValue(duals, layout.spotCol[i]);
      }
      if (keep(value)) spot.push({ material: problem.materials[m].id, period: t, value });
    }
  }

  const inventory: InventoryValue[] = [];
  for (let m = 0; m < M; m++) {
    let value = 0;
    for (let k = 0; k < K; k++)
      for (let t = 1; t <= T; t++) value += upperValue(duals, layout.stockCol[(k * M + m) * T + t - 1]);
    if (keep(value)) inventory.push({ material: problem.materials[m].id, value });
  }

  const designs: DesignValue[] = [];
  const shift = demandRowDuals(problem, model, duals);
  for (let g = 0; g < G; g++) {
    const fd = layout.designs[g];
    let value = upperValue(duals, layout.capacityCol[g]);
    for (let k = 0; k < K; k++)
      for (let t = fd.design.availableFrom; t <= T; t++) {
        const j = layout.buildCol[(k * G + g) * T + t - 1];
        if (j >= 0)
          value += Math.max(0, shift[(k * problem.products.length + fd.product) * T + t - 1] - duals.colDual[j]);
      }
    if (keep(value)) designs.push({ product: problem.products[fd.product].id, design: fd.design.id, value });
  }

  const policy: PolicyValue[] = [];
  const rows = policyRows(problem, model);
  const deliveries = expectedDeliveriesByMaterial(problem, model, plan);
  const caps = problem.policy.maxShareByCountry;
  const floors = problem.policy.minShareByKind;
  for (let i = 0; i < caps.length + floors.length; i++) {
    const cap = i < caps.length;
    const r = cap ? caps[i] : floors[i - caps.length];
    const dual = duals.rowDual[rows[i]];
    // a cap is an upper row (raising r raises it); a floor a lower row (relaxing r lowers it)
    const value = Math.max(0, cap ? -dual : dual);
    if (!keep(value)) continue;
    const material = problem.materials[r.material].id;
    const perShare = value * deliveries[r.material];
    policy.push(
      cap
        ? { rule: 'maxShareByCountry', country: r.group, material, value, perShare }
        : { rule: 'minShareByKind', kind: r.group, material, value, perShare },
    );
  }

  const risk = Math.max(0, -duals.rowDual[layout.cvarRow]);
  return {
    marginalValues: { offers, spot, inventory, designs, policy },
    // cost per unit of cost: dimensionless, so the cut-off is not scaled by E
    riskPrice: risk > 1e-9 ? risk : 0,
    scenarioUnmet: scenarioUnmet(problem, plan),
  };
}
