// What one dual simplex solve works on: the bounds and costs of [A | -I]'s
// columns, the basis (positions, statuses), the primal values and the duals,
// with the computations that read them all (x_B, y and d afresh, the
// feasibility tests). The pivots that change them are in bounded-dual-simplex.ts.

import type { BasisFactor } from './basis-factor.js';
import type { SlackMatrix } from './slack-matrix.js';
import { AT_LOWER, AT_UPPER, BASIC } from './warm-basis.js';

/** A bound violated by more than this (times max(1, |bound|)) is infeasible. */
export const PRIMAL_TOLERANCE = 1e-9;
/** A reduced cost of the wrong sign by more than this (times the largest cost) is dual infeasible. */
export const DUAL_TOLERANCE = 1e-9;

export interface DualSimplexProblem {
  cost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
}

export class SimplexState {
  readonly n: number;
  readonly m: number;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly cost: Float64Array;
  /** every column's value (the basic ones as of the last computePrimal or finish) */
  readonly value: Float64Array;
  readonly reduced: Float64Array;
  /** basis position of each column, or -1 */
  readonly position: Int32Array;
  /** the column at each basis position, and its value */
  readonly basic: Int32Array;
  readonly xBasic: Float64Array;
  readonly rowDual: Float64Array;
  /** statuses (columns, then rows) */
  readonly working: Uint8Array;
  dualTolerance = DUAL_TOLERANCE;
  objective = 0;
  /** the factorisation of the solve under way (its warm basis's) */
  factor!: BasisFactor;
  private readonly work: Float64Array;

  constructor(private readonly matrix: SlackMatrix) {
    const { n, m } = matrix;
    this.n = n;
    this.m = m;
    this.lower = new Float64Array(n + m);
    this.upper = new Float64Array(n + m);
    this.cost = new Float64Array(n + m);
    this.value = new Float64Array(n + m);
    this.reduced = new Float64Array(n + m);
    this.position = new Int32Array(n + m);
    this.basic = new Int32Array(m);
    this.xBasic = new Float64Array(m);
    this.rowDual = new Float64Array(m);
    this.working = new Uint8Array(n + m);
    this.work = new Float64Array(m);
  }

  /** Loads an LP's bounds and costs (the slacks' bounds are the row bounds, their costs 0). */
  load(problem: DualSimplexProblem): void {
    const { n } = this;
    this.lower.set(problem.colLower);
    this.upper.set(problem.colUpper);
    this.lower.set(problem.rowLower, n);
    this.upper.set(problem.rowUpper, n);
    this.cost.set(problem.cost);
    let largestCost = 1;
    for (let j = 0; j < n; j++) largestCost = Math.max(largestCost, Math.abs(problem.cost[j]));
    this.dualTolerance = DUAL_TOLERANCE * largestCost;
  }

  /** The basis of `working`: positions in column order; false when it does not hold m columns. */
  placeBasis(): boolean {
    const { n, m, working } = this;
    let count = 0;
    for (let j = 0; j < n + m; j++) {
      this.position[j] = -1;
      if (working[j] !== BASIC) {
        if (!this.placeNonbasic(j)) return false;
        continue;
      }
      if (count === m) return false;
      this.position[j] = count;
      this.basic[count++] = j;
    }
    return count === m;
  }

  /** Positions from a known basic list, each nonbasic column at the bound its status names. */
  placeKnownBasis(basic: Int32Array): void {
    const { n, m, working } = this;
    this.position.fill(-1);
    this.basic.set(basic);
    for (let p = 0; p < m; p++) this.position[this.basic[p]] = p;
    for (let j = 0; j < n + m; j++)
      if (this.position[j] < 0) this.value[j] = working[j] === AT_UPPER ? this.upper[j] : this.lower[j];
  }

  /** Puts a nonbasic column at the bound its status names (a finite one); false when it has none. */
  private placeNonbasic(j: number): boolean {
    const { working } = this;
    const lo = this.lower[j];
    const hi = this.upper[j];
    if (working[j] !== AT_UPPER) working[j] = AT_LOWER; // HiGHS's "zero" and "nonbasic" too
    if (working[j] === AT_UPPER ? hi === Infinity : lo === -Infinity) {
      working[j] = working[j] === AT_UPPER ? AT_LOWER : AT_UPPER;
      if (working[j] === AT_UPPER ? hi === Infinity : lo === -Infinity) return false;
    }
    this.value[j] = working[j] === AT_UPPER ? hi : lo;
    return true;
  }

  /** x_B = B^-1 (-N x_N), with the nonbasic columns at their values. */
  computePrimal(): void {
    const { n, m, matrix } = this;
    const rhs = this.work;
    rhs.fill(0);
    for (let j = 0; j < n + m; j++) {
      const v = this.value[j];
      if (v !== 0 && this.position[j] < 0) matrix.addColumn(j, -v, rhs);
    }
    this.factor.ftran(rhs, this.xBasic);
    for (let p = 0; p < m; p++) this.value[this.basic[p]] = this.xBasic[p];
  }

  /** y = B^-T c_B (into rowDual) and the reduced costs d = c - [A | -I]^T y. */
  computeDuals(): void {
    const c = this.work;
    for (let p = 0; p < this.m; p++) c[p] = this.cost[this.basic[p]];
    this.factor.btran(c, this.rowDual);
    for (let j = 0; j < this.n + this.m; j++)
      this.reduced[j] = this.position[j] >= 0 ? 0 : this.cost[j] - this.matrix.dot(j, this.rowDual);
  }

  /** How far a nonbasic column's reduced cost is from the wrong sign for its bound (negative: wrong by that much). */
  slack(j: number): number {
    return this.working[j] === AT_LOWER ? this.reduced[j] : -this.reduced[j];
  }

  /** Whether a nonbasic column's reduced cost has the wrong sign for its bound, beyond the tolerance. */
  private wrongSign(j: number): boolean {
    return this.lower[j] !== this.upper[j] && this.slack(j) < -this.dualTolerance; // fixed: any sign
  }

  /** Moves columns whose reduced cost has the wrong sign to their other bound; false when one has none. */
  repairDualSigns(): boolean {
    for (let j = 0; j < this.n + this.m; j++) {
      if (this.position[j] >= 0 || !this.wrongSign(j)) continue;
      const to = this.working[j] === AT_LOWER ? AT_UPPER : AT_LOWER;
      const bound = to === AT_UPPER ? this.upper[j] : this.lower[j];
      if (!Number.isFinite(bound)) return false;
      this.working[j] = to;
      this.value[j] = bound;
    }
    return true;
  }

  dualFeasible(): boolean {
    for (let j = 0; j < this.n + this.m; j++) if (this.position[j] < 0 && this.wrongSign(j)) return false;
    return true;
  }

  /** How far basis position p's value is outside its bounds (0 within the tolerance; negative: below). */
  violation(p: number): number {
    const j = this.basic[p];
    const v = this.xBasic[p];
    const lo = this.lower[j];
    const hi = this.upper[j];
    if (v < lo && lo - v > PRIMAL_TOLERANCE * Math.max(1, Math.abs(lo))) return v - lo;
    if (v > hi && v - hi > PRIMAL_TOLERANCE * Math.max(1, Math.abs(hi))) return v - hi;
    return 0;
  }

  /** The basic columns' values and the objective. */
  finish(): void {
    for (let p = 0; p < this.m; p++) this.value[this.basic[p]] = this.xBasic[p];
    let objective = 0;
    for (let j = 0; j < this.n; j++) objective += this.cost[j] * this.value[j];
    this.objective = objective;
  }
}
