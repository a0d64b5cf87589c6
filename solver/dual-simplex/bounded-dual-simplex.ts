// A bounded dual simplex for small LPs re-solved from a known basis after
// their row bounds moved: the L-shaped method's recourse LPs, where a solve
// takes 0-3 pivots and HiGHS's fixed cost per run (0.19 ms for no pivot at
// all, measured) was most of the recourse time.
//
// min c.x subject to rowLower <= A x <= rowUpper, colLower <= x <= colUpper,
// written as [A | -I] (x, s) = 0 with the row activities s bounded by the row
// bounds. The basis is given as statuses; with the costs unchanged since it
// was optimal it is dual feasible, so only the dual simplex's phase 2 runs
// (a column of the wrong sign with two finite bounds is moved to its other
// bound). Every answer is checked from scratch (primal and dual feasibility
// of a fresh factorisation) before it is returned; anything else is 'failed',
// for the caller to solve another way.

import type { LpNumbers } from '../lp.js';
import { BasisFactor } from './basis-factor.js';

/** Statuses, as HiGHS numbers them. */
export const AT_LOWER = 0;
export const BASIC = 1;
export const AT_UPPER = 2;

export type DualSimplexOutcome = 'optimal' | 'infeasible' | 'failed';

/** A bound violated by more than this (times max(1, |bound|)) is infeasible. */
const PRIMAL_TOLERANCE = 1e-9;
/** A reduced cost of the wrong sign by more than this (times the largest cost) is dual infeasible. */
const DUAL_TOLERANCE = 1e-9;
/** Pivot row entries smaller than this are taken as zero in the ratio test. */
const PIVOT_TOLERANCE = 1e-9;
/** Etas before a fresh factorisation. */
const REFACTOR_AFTER = 30;

export type RecourseMatrix = Pick<LpNumbers, 'numRows' | 'numCols' | 'colStart' | 'rowIndex' | 'value'>;

export interface DualSimplexProblem {
  cost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
}

export class BoundedDualSimplex {
  private readonly n: number;
  private readonly m: number;
  private readonly factor: BasisFactor;
  private readonly basic: Int32Array;
  private readonly lower: Float64Array;
  private readonly upper: Float64Array;
  private readonly cost: Float64Array;
  private readonly value: Float64Array;
  private readonly reduced: Float64Array;
  private readonly pivotRow: Float64Array;
  private readonly xBasic: Float64Array;
  private readonly work: Float64Array;
  private readonly column: Float64Array;
  private readonly rho: Float64Array;
  /** basis position of each column, or -1 */
  private readonly position: Int32Array;
  private dualTolerance = DUAL_TOLERANCE;
  /** pivots of the last solve */
  iterations = 0;
  /** after an optimal solve: the objective, column values and row duals (views, valid until the next solve) */
  objective = 0;
  readonly x: Float64Array;
  readonly rowDual: Float64Array;

  constructor(
    private readonly a: RecourseMatrix,
    /** pivots before a solve gives up */
    private readonly maxIterations = 50 + 5 * a.numRows,
  ) {
    this.n = a.numCols;
    this.m = a.numRows;
    const all = this.n + this.m;
    this.factor = new BasisFactor(a);
    this.basic = new Int32Array(this.m);
    this.lower = new Float64Array(all);
    this.upper = new Float64Array(all);
    this.cost = new Float64Array(all);
    this.value = new Float64Array(all);
    this.reduced = new Float64Array(all);
    this.pivotRow = new Float64Array(all);
    this.xBasic = new Float64Array(this.m);
    this.work = new Float64Array(this.m);
    this.column = new Float64Array(this.m);
    this.rho = new Float64Array(this.m);
    this.position = new Int32Array(all);
    this.x = this.value.subarray(0, this.n);
    this.rowDual = new Float64Array(this.m);
  }

  /**
   * Solves from the basis in `status` (length numCols + numRows: columns, then
   * rows), which is updated to the final basis when the outcome is 'optimal'.
   */
  solve(problem: DualSimplexProblem, status: Uint8Array): DualSimplexOutcome {
    const { n, m } = this;
    this.iterations = 0;
    this.lower.set(problem.colLower);
    this.upper.set(problem.colUpper);
    this.lower.set(problem.rowLower, n);
    this.upper.set(problem.rowUpper, n);
    this.cost.set(problem.cost);
    let largestCost = 1;
    for (let j = 0; j < n; j++) largestCost = Math.max(largestCost, Math.abs(problem.cost[j]));
    this.dualTolerance = DUAL_TOLERANCE * largestCost;
    const working = status.slice();
    let count = 0;
    for (let j = 0; j < n + m; j++) {
      this.position[j] = -1;
      if (working[j] === BASIC) {
        if (count === m) return 'failed';
        this.position[j] = count;
        this.basic[count++] = j;
      } else if (!this.placeNonbasic(j, working)) return 'failed';
    }
    if (count !== m || !this.factor.factor(this.basic)) return 'failed';
    this.computeDuals();
    if (!this.repairDualSigns(working)) return 'failed';
    this.computePrimal();
    for (let rounds = 0; rounds < 3; rounds++) {
      const outcome = this.iterate(working);
      if (outcome !== 'optimal') return outcome;
      // check from a fresh factorisation; a violation it reveals gets more pivots
      if (this.factor.etaCount > 0 && !this.factor.factor(this.basic)) return 'failed';
      this.computePrimal();
      this.computeDuals();
      if (this.largestInfeasibility().position >= 0) continue;
      if (!this.dualFeasible(working)) return 'failed';
      this.finish();
      status.set(working);
      return 'optimal';
    }
    return 'failed';
  }

  /** Puts a nonbasic column at the bound its status names (a finite one); false when it has none. */
  private placeNonbasic(j: number, working: Uint8Array): boolean {
    const lo = this.lower[j];
    const hi = this.upper[j];
    if (working[j] === AT_UPPER ? hi === Infinity : lo === -Infinity) {
      working[j] = working[j] === AT_UPPER ? AT_LOWER : AT_UPPER;
      if (working[j] === AT_UPPER ? hi === Infinity : lo === -Infinity) return false;
    }
    this.value[j] = working[j] === AT_UPPER ? hi : lo;
    return true;
  }

  /** Column j of [A | -I] dotted with a vector by row. */
  private dot(j: number, y: Float64Array): number {
    if (j >= this.n) return -y[j - this.n];
    const { a } = this;
    let sum = 0;
    for (let k = a.colStart[j]; k < a.colStart[j + 1]; k++) sum += a.value[k] * y[a.rowIndex[k]];
    return sum;
  }

  /** Loads column j of [A | -I] into a vector by row (zeroed first). */
  private loadColumn(j: number, into: Float64Array): void {
    into.fill(0);
    if (j >= this.n) {
      into[j - this.n] = -1;
      return;
    }
    const { a } = this;
    for (let k = a.colStart[j]; k < a.colStart[j + 1]; k++) into[a.rowIndex[k]] = a.value[k];
  }

  /** x_B = B^-1 (-N x_N), with the nonbasic columns at their values. */
  private computePrimal(): void {
    const rhs = this.work;
    rhs.fill(0);
    const { a, n, m } = this;
    for (let j = 0; j < n; j++) {
      const v = this.value[j];
      if (v === 0 || this.position[j] >= 0) continue;
      for (let k = a.colStart[j]; k < a.colStart[j + 1]; k++) rhs[a.rowIndex[k]] -= a.value[k] * v;
    }
    for (let i = 0; i < m; i++) if (this.position[n + i] < 0) rhs[i] += this.value[n + i];
    this.factor.ftran(rhs, this.xBasic);
    for (let p = 0; p < m; p++) this.value[this.basic[p]] = this.xBasic[p];
  }

  /** y = B^-T c_B (into rowDual) and the reduced costs d = c - [A | -I]^T y. */
  private computeDuals(): void {
    const c = this.work;
    for (let p = 0; p < this.m; p++) c[p] = this.cost[this.basic[p]];
    this.factor.btran(c, this.rowDual);
    for (let j = 0; j < this.n + this.m; j++)
      this.reduced[j] = this.position[j] >= 0 ? 0 : this.cost[j] - this.dot(j, this.rowDual);
  }

  /** Whether a nonbasic column's reduced cost has the wrong sign for its bound, beyond the tolerance. */
  private wrongSign(j: number, status: number): boolean {
    if (this.lower[j] === this.upper[j]) return false; // fixed: any sign
    const d = this.reduced[j];
    return status === AT_LOWER ? d < -this.dualTolerance : d > this.dualTolerance;
  }

  /** Moves columns whose reduced cost has the wrong sign to their other bound; false when one has none. */
  private repairDualSigns(working: Uint8Array): boolean {
    for (let j = 0; j < this.n + this.m; j++) {
      if (this.position[j] >= 0 || !this.wrongSign(j, working[j])) continue;
      const to = working[j] === AT_LOWER ? AT_UPPER : AT_LOWER;
      const bound = to === AT_UPPER ? this.upper[j] : this.lower[j];
      if (!Number.isFinite(bound)) return false;
      working[j] = to;
      this.value[j] = bound;
    }
    return true;
  }

  private dualFeasible(working: Uint8Array): boolean {
    for (let j = 0; j < this.n + this.m; j++) if (this.position[j] < 0 && this.wrongSign(j, working[j])) return false;
    return true;
  }

  /** The basis position whose value violates its bounds most (relative to the bound), or -1. */
  private largestInfeasibility(): { position: number; below: boolean } {
    let position = -1;
    let below = false;
    let worst = 0;
    for (let p = 0; p < this.m; p++) {
      const j = this.basic[p];
      const v = this.xBasic[p];
      const lo = this.lower[j];
      const hi = this.upper[j];
      if (v < lo) {
        const violation = lo - v;
        if (violation > PRIMAL_TOLERANCE * Math.max(1, Math.abs(lo)) && violation > worst) {
          worst = violation;
          position = p;
          below = true;
        }
      } else if (v > hi) {
        const violation = v - hi;
        if (violation > PRIMAL_TOLERANCE * Math.max(1, Math.abs(hi)) && violation > worst) {
          worst = violation;
          position = p;
          below = false;
        }
      }
    }
    return { position, below };
  }

  /** How far a nonbasic column's reduced cost is from the wrong sign for its bound (negative: wrong by that much). */
  private slack(j: number, status: number): number {
    return status === AT_LOWER ? this.reduced[j] : -this.reduced[j];
  }

  /** Dual simplex pivots until no basic value violates its bounds. */
  private iterate(working: Uint8Array): DualSimplexOutcome {
    const { n, m } = this;
    const all = n + m;
    for (;;) {
      const { position: r, below } = this.largestInfeasibility();
      if (r < 0) return 'optimal';
      if (this.iterations >= this.maxIterations) return 'failed';
      const leaving = this.basic[r];
      // rho = e_r B^-1, the pivot row alpha_j = rho . a_j
      this.work.fill(0);
      this.work[r] = 1;
      this.factor.btran(this.work, this.rho);
      const s = below ? 1 : -1;
      // Harris's two passes: the largest step within the tolerance, then the largest pivot within it
      let bound = Infinity;
      for (let j = 0; j < all; j++) {
        this.pivotRow[j] = 0;
        if (this.position[j] >= 0 || this.lower[j] === this.upper[j]) continue;
        const alpha = this.dot(j, this.rho);
        this.pivotRow[j] = alpha;
        const sa = s * alpha;
        if (working[j] === AT_LOWER ? sa < -PIVOT_TOLERANCE : sa > PIVOT_TOLERANCE)
          bound = Math.min(bound, (this.slack(j, working[j]) + this.dualTolerance) / Math.abs(alpha));
      }
      if (bound === Infinity) return 'infeasible';
      let entering = -1;
      let largest = 0;
      for (let j = 0; j < all; j++) {
        const alpha = this.pivotRow[j];
        if (alpha === 0) continue;
        const sa = s * alpha;
        if (!(working[j] === AT_LOWER ? sa < -PIVOT_TOLERANCE : sa > PIVOT_TOLERANCE)) continue;
        if (Math.max(0, this.slack(j, working[j])) / Math.abs(alpha) <= bound && Math.abs(alpha) > largest) {
          largest = Math.abs(alpha);
          entering = j;
        }
      }
      const step = Math.max(0, this.slack(entering, working[entering])) / largest;
      // the entering column through B^-1, checked against the pivot row
      this.loadColumn(entering, this.work);
      this.factor.ftran(this.work, this.column);
      const pivot = this.column[r];
      const rowPivot = this.pivotRow[entering];
      if (Math.abs(pivot - rowPivot) > 1e-8 * Math.max(1, Math.abs(pivot))) return 'failed';
      // primal: the leaving column goes to the bound it violated
      const target = below ? this.lower[leaving] : this.upper[leaving];
      const theta = (this.xBasic[r] - target) / pivot;
      for (let p = 0; p < m; p++) this.xBasic[p] -= theta * this.column[p];
      this.xBasic[r] = this.value[entering] + theta;
      this.value[leaving] = target;
      // dual: d_j += s * step * alpha_j
      for (let j = 0; j < all; j++) if (this.pivotRow[j] !== 0) this.reduced[j] += s * step * this.pivotRow[j];
      this.reduced[entering] = 0;
      this.reduced[leaving] = s * step;
      working[leaving] = below ? AT_LOWER : AT_UPPER;
      working[entering] = BASIC;
      this.position[leaving] = -1;
      this.position[entering] = r;
      this.basic[r] = entering;
      this.value[entering] = this.xBasic[r];
      this.iterations++;
      if (this.factor.etaCount + 1 >= REFACTOR_AFTER) {
        if (!this.factor.factor(this.basic)) return 'failed';
        this.computePrimal();
        this.computeDuals();
      } else this.factor.addEta(r, this.column);
    }
  }

  /** The objective and basic values from the final factorisation. */
  private finish(): void {
    let objective = 0;
    for (let j = 0; j < this.n; j++) objective += this.cost[j] * this.value[j];
    this.objective = objective;
  }
}
