// Upper bounds on the size of the LP buildSourcingLp would build, computed
// from the normalised problem in O(offers + designs + rules), so that a
// problem over the row or non-zero limits is refused before the build
// allocates anything (a 100k-rule policy had made a 4.8M non-zero LP, blocked
// the event loop 4.4 s, then aborted HiGHS in a worker: issue 11). The bounds
// follow the layout of build-sourcing-lp.ts: per scenario a block of stock,
// demand, link and cost rows; then the policy rows and two budget rows. They
// ignore the build's reductions (dropped demand rows, zero columns), so they
// are never below the real size.

import type { Problem } from '../domain/problem.js';
import { flattenDesigns } from './flat-designs.js';

export interface LpSizeBound {
  rows: number;
  nonzeros: number;
}

export function lpSizeBound(problem: Problem): LpSizeBound {
  const T = problem.periods;
  const K = problem.scenarios.length;
  const M = problem.materials.length;
  const P = problem.products.length;
  const designs = flattenDesigns(problem);
  const G = designs.length;
  const rules = [...problem.policy.maxShareByCountry, ...problem.policy.minShareByKind];
  const rulesPerMaterial = new Map<number, number>();
  for (const rule of rules) rulesPerMaterial.set(rule.material, (rulesPerMaterial.get(rule.material) ?? 0) + 1);

  const rows = K * (M * T + P * T + G * T + 1) + rules.length + 2;

  // Order column x[o,t]: availability in each scenario's stock and cost rows,
  // the policy rows of its material, the expected-cost row.
  let nonzeros = 0;
  for (const offer of problem.offers) nonzeros += T * (2 * K + (rulesPerMaterial.get(offer.material) ?? 0) + 1);
  // Capacity c[g]: a link row per scenario and period, a cost row per scenario, the expected row.
  nonzeros += G * (K * (T + 1) + 1);
  // eta: every cost row and the CVaR row.
  nonzeros += K + 1;
  // Build q[k,g,t]: its BOM lines, demand, link, cost and expected rows.
  for (const fd of designs) nonzeros += K * T * (fd.design.bom.length + 4);
  // Spot b[k,m,t] (3) and stock I[k,m,t] (4); excess v[k] (2).
  nonzeros += K * M * T * 7 + 2 * K;
  return { rows, nonzeros };
}
