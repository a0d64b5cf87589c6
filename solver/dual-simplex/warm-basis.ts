// A recourse LP's basis between solves: its statuses, and what its last
// optimal solve left (factorisation, row duals, reduced costs), so that a
// solve whose basis stays optimal costs one forward solve.

import type { BasisFactor } from './basis-factor.js';

/** Column and row statuses, numbered as HiGHS numbers them. */
export const AT_LOWER = 0;
export const BASIC = 1;
export const AT_UPPER = 2;

/**
 * A basis of one LP whose costs and column bounds stay fixed while its row
 * bounds move (the simplex that made it must solve that LP only).
 */
export class WarmBasis {
  /** columns, then rows */
  readonly status: Uint8Array;
  /** the column at each basis position */
  readonly basic: Int32Array;
  readonly rowDual: Float64Array;
  readonly reduced: Float64Array;
  /** whether factor (its etas included), basic, rowDual and reduced belong to status */
  fresh = false;

  constructor(
    readonly factor: BasisFactor,
    n: number,
    m: number,
  ) {
    this.status = new Uint8Array(n + m);
    this.basic = new Int32Array(m);
    this.rowDual = new Float64Array(m);
    this.reduced = new Float64Array(n + m);
  }

  /** Starts from another basis (statuses, columns then rows). */
  reset(status: ArrayLike<number>): void {
    this.status.set(status);
    this.fresh = false;
  }
}
