// A dual optimal solution of the whole (extensive-form) LP from the L-shaped
// method's last round, so the benders back-end can explain a plan as HiGHS
// does on the whole LP.
//
// Why it is one. At the last round no cut is added: the master's plan x^ and
// the recourse optima y^_k are optimal for the whole LP, theta_k = Q_k(x^).
// Take mu = the master's row duals on the linking rows, and for scenario k's
// rows nu_k = sum_c sigma_c pi_c over the cuts c of scenario k, sigma_c the
// master's dual of cut c and pi_c the recourse row duals the cut was derived
// from (a feasibility cut's pi from its phase-1 LP, with the sign of its row).
// - An optimality cut is the recourse dual objective of (pi_c, d_c) as a
//   function of x (d_c = w - W' pi_c its reduced costs): by weak duality it
//   lies below Q_k, and a cut with sigma_c != 0 is tight at x^
//   (complementary slackness in the master), where it equals Q_k(x^). So
//   (pi_c, d_c) is an optimal dual of the recourse LP at x^, and satisfies
//   complementary slackness with y^_k. The same holds for a tight
//   feasibility cut and the phase-1 LP, whose optimum at x^ is 0 with y^_k.
// - Reduced costs in the whole LP: a first-stage column's is
//   c - A' mu - sum_k T_k' nu_k, which is exactly its reduced cost in the
//   master (a cut's x-coefficients are -T_k' pi_c), so it has the sign its
//   bound needs. A recourse column's is (lambda_k - Lambda_k' mu) w - W' nu_k
//   = sum_c sigma_c d_c + dtheta_k w by the master's stationarity in theta_k
//   (lambda_k - Lambda_k' mu - sum_c sigma_c = dtheta_k, its reduced cost):
//   a non-negative combination of optimal recourse reduced costs, plus w
//   itself where theta_k sits at its floor, i.e. where every recourse column
//   is at its cheapest bound, with which w agrees.
// - Rows: mu is complementary in the master, whose linking rows have the same
//   activity as in the whole LP (theta_k = w'y^_k); each pi_c is
//   complementary with y^_k's rows, and so is their combination.
// Primal feasible, dual feasible, complementary: (mu, nu) is dual optimal.
// The finite-difference tests (tests/model/marginal-values.test.ts) check it.

import type { SparseLp } from '../lp.js';

export interface CutOrigins {
  /** scenario of each logged cut, -1 when unknown (a warm start without origins) */
  block: ArrayLike<number>;
  /** row duals each cut came from, already scaled as the cut's master row (see cut-maker.ts), sparse */
  dualStart: ArrayLike<number>;
  dualIndex: ArrayLike<number>;
  dualValue: ArrayLike<number>;
}

/**
 * The whole LP's row duals and reduced costs (HiGHS's convention), or null
 * when a cut with a non-zero dual has no recorded origin.
 */
export function extensiveDuals(
  lp: SparseLp,
  cost: Float64Array,
  masterRows: Int32Array,
  masterRowDual: Float64Array,
  cutRows: number[],
  origins: CutOrigins,
): { rowDual: Float64Array; colDual: Float64Array } | null {
  const structure = lp.twoStage!;
  const rowDual = new Float64Array(lp.numRows);
  // master rows come first in the master, in LP row order
  const ownRows = masterRows.length;
  for (let i = 0; i < ownRows; i++) rowDual[masterRows[i]] = masterRowDual[i];
  const rowsOfBlock: number[][] = Array.from({ length: structure.blocks }, () => []);
  for (let r = 0; r < lp.numRows; r++) if (structure.rowBlock[r] >= 0) rowsOfBlock[structure.rowBlock[r]].push(r);
  for (let c = 0; c < cutRows.length; c++) {
    const sigma = masterRowDual[ownRows + c];
    if (sigma === 0) continue;
    const log = cutRows[c];
    const k = origins.block[log];
    if (k < 0) {
      if (Math.abs(sigma) > 1e-12) return null;
      continue;
    }
    const rows = rowsOfBlock[k];
    for (let p = origins.dualStart[log]; p < origins.dualStart[log + 1]; p++)
      rowDual[rows[origins.dualIndex[p]]] += sigma * origins.dualValue[p];
  }
  const colDual = new Float64Array(lp.numCols);
  for (let j = 0; j < lp.numCols; j++) {
    let d = cost[j];
    for (let p = lp.colStart[j]; p < lp.colStart[j + 1]; p++) d -= lp.value[p] * rowDual[lp.rowIndex[p]];
    colDual[j] = d;
  }
  return { rowDual, colDual };
}
