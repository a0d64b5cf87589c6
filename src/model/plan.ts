// A sourcing plan in the problem's own terms (MODEL.md section 3 variables),
// decoded from an LP solution. Everything a planner sees is computed from a
// Plan, and a Plan is verified against the model before it is reported.

import type { Problem } from '../domain/problem.js';
import type { SourcingLayout } from './build-sourcing-lp.js';

export interface Plan {
  /** x[o,t] at o*T + t-1: contracted deliveries per offer and period */
  orders: Float64Array;
  /** c[g]: tooled per-period capacity per design (0 where the design has no capacityCost) */
  capacities: Float64Array;
  /** q[k,g,t] at (k*G + g)*T + t-1 */
  build: Float64Array;
  /** b[k,m,t] at (k*M + m)*T + t-1 */
  spot: Float64Array;
  /** I[k,m,t], same layout as spot */
  stock: Float64Array;
  /** u[k,p,t] at (k*P + p)*T + t-1 = demand - built, derived (it was substituted out of the LP) */
  unmet: Float64Array;
}

// Solvers return values like 1e-13 or -2e-12 for zero; a planner should see 0.
const ZERO_TOL = 1e-9;
const clean = (v: number) => (Math.abs(v) <= ZERO_TOL ? 0 : v);

function gather(cols: Int32Array, x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(cols.length);
  for (let i = 0; i < cols.length; i++) if (cols[i] >= 0) out[i] = clean(x[cols[i]]);
  return out;
}

export function decodePlan(problem: Problem, layout: SourcingLayout, x: ArrayLike<number>): Plan {
  const T = problem.periods;
  const K = problem.scenarios.length;
  const P = problem.products.length;
  const G = layout.designs.length;
  const build = gather(layout.buildCol, x);
  const unmet = new Float64Array(K * P * T);
  for (let k = 0; k < K; k++) {
    for (let p = 0; p < P; p++) {
      for (let t = 0; t < T; t++) unmet[(k * P + p) * T + t] = problem.products[p].demand[t];
    }
    for (let g = 0; g < G; g++) {
      const p = layout.designs[g].product;
      for (let t = 0; t < T; t++) unmet[(k * P + p) * T + t] -= build[(k * G + g) * T + t];
    }
  }
  for (let i = 0; i < unmet.length; i++) unmet[i] = clean(unmet[i]);
  return {
    orders: gather(layout.orderCol, x),
    capacities: gather(layout.capacityCol, x),
    build,
    spot: gather(layout.spotCol, x),
    stock: gather(layout.stockCol, x),
    unmet,
  };
}
