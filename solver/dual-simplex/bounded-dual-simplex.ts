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
import { BasisFactor, FactorScratch } from './basis-factor.js';
import { boundFlippingRatioTest, type RatioCandidates } from './dual-ratio-test.js';

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
const REFACTOR_AFTER = 16;

export type RecourseMatrix = Pick<LpNumbers, 'numRows' | 'numCols' | 'colStart' | 'rowIndex' | 'value'>;

export interface DualSimplexProblem {
  cost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
}

/**
 * A basis of one LP whose costs and column bounds stay fixed while its row
 * bounds move, with what its last optimal solve left: the factorisation, the
 * row duals and the reduced costs. A solve whose basis stays optimal then
 * costs one forward solve.
 */
export class WarmBasis {
  /** columns, then rows */
  readonly status: Uint8Array;
  readonly basic: Int32Array;
  readonly rowDual: Float64Array;
  readonly reduced: Float64Array;
  /** whether factor, basic, rowDual and reduced belong to status (no etas) */
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

/** A's entries by row. */
function byRows(a: RecourseMatrix): { rowStart: Int32Array; rowColumn: Int32Array; rowValue: Float64Array } {
  const nonzeros = a.colStart[a.numCols];
  const rowStart = new Int32Array(a.numRows + 1);
  for (let k = 0; k < nonzeros; k++) rowStart[a.rowIndex[k] + 1]++;
  for (let i = 0; i < a.numRows; i++) rowStart[i + 1] += rowStart[i];
  const fill = rowStart.slice(0, a.numRows);
  const rowColumn = new Int32Array(nonzeros);
  const rowValue = new Float64Array(nonzeros);
  for (let j = 0; j < a.numCols; j++)
    for (let k = a.colStart[j]; k < a.colStart[j + 1]; k++) {
      rowColumn[fill[a.rowIndex[k]]] = j;
      rowValue[fill[a.rowIndex[k]]++] = a.value[k];
    }
  return { rowStart, rowColumn, rowValue };
}

export class BoundedDualSimplex {
  private readonly n: number;
  private readonly m: number;
  private readonly scratch: FactorScratch;
  /** the factorisation of the solve under way (its WarmBasis's) */
  private factor: BasisFactor;
  private readonly working: Uint8Array;
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
  /** dual Devex reference weights by basis position (1 at each solve's start) */
  private readonly weight: Float64Array;
  private readonly candidates: RatioCandidates;
  private readonly flips: Int32Array;
  private readonly flipEffect: Float64Array;
  /** A by rows (CSR), for the pivot row */
  private readonly rowStart: Int32Array;
  private readonly rowColumn: Int32Array;
  private readonly rowValue: Float64Array;
  /** the columns the current pivot row touched, and a mark per column while it is made */
  private readonly touched: Int32Array;
  private readonly mark: Uint8Array;
  private touchedCount = 0;
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
    this.scratch = new FactorScratch(a);
    this.factor = new BasisFactor(a, this.scratch);
    this.working = new Uint8Array(all);
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
    this.weight = new Float64Array(this.m);
    this.candidates = {
      count: 0,
      column: new Int32Array(all),
      slack: new Float64Array(all),
      alpha: new Float64Array(all),
      range: new Float64Array(all),
    };
    this.flips = new Int32Array(all);
    this.flipEffect = new Float64Array(this.m);
    this.touched = new Int32Array(all);
    this.mark = new Uint8Array(all);
    ({ rowStart: this.rowStart, rowColumn: this.rowColumn, rowValue: this.rowValue } = byRows(a));
    this.x = this.value.subarray(0, this.n);
    this.rowDual = new Float64Array(this.m);
  }

  /** A warm basis for this simplex's matrix, starting from the statuses given (columns, then rows). */
  warmBasis(status: ArrayLike<number>): WarmBasis {
    const warm = new WarmBasis(new BasisFactor(this.a, this.scratch), this.n, this.m);
    warm.reset(status);
    return warm;
  }

  /** Solves from the warm basis, which is updated to the final basis when the outcome is 'optimal'. */
  solve(problem: DualSimplexProblem, warm: WarmBasis): DualSimplexOutcome {
    const wasFresh = warm.fresh;
    const outcome = this.run(problem, warm);
    if (outcome !== 'optimal') {
      warm.fresh = false;
      return outcome;
    }
    if (wasFresh && this.iterations === 0) return outcome; // the basis and its duals are as they were
    warm.status.set(this.working);
    warm.basic.set(this.basic);
    warm.rowDual.set(this.rowDual);
    warm.reduced.set(this.reduced);
    warm.fresh = true;
    return outcome;
  }

  private run(problem: DualSimplexProblem, warm: WarmBasis): DualSimplexOutcome {
    const { n, m, working } = this;
    this.iterations = 0;
    this.factor = warm.factor;
    this.lower.set(problem.colLower);
    this.upper.set(problem.colUpper);
    this.lower.set(problem.rowLower, n);
    this.upper.set(problem.rowUpper, n);
    this.cost.set(problem.cost);
    let largestCost = 1;
    for (let j = 0; j < n; j++) largestCost = Math.max(largestCost, Math.abs(problem.cost[j]));
    this.dualTolerance = DUAL_TOLERANCE * largestCost;
    working.set(warm.status);
    if (warm.fresh) {
      // the last optimal basis, factorised, with its duals: only the primal values are new
      this.position.fill(-1);
      this.basic.set(warm.basic);
      for (let p = 0; p < m; p++) this.position[this.basic[p]] = p;
      for (let j = 0; j < n + m; j++)
        if (this.position[j] < 0) this.value[j] = working[j] === AT_UPPER ? this.upper[j] : this.lower[j];
      this.rowDual.set(warm.rowDual);
      this.reduced.set(warm.reduced);
    } else {
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
    }
    this.computePrimal();
    this.weight.fill(1);
    const outcome = this.iterate(working);
    if (outcome !== 'optimal') return outcome;
    // the row duals afresh from the factorisation (they make the cut), not from the pivots' updates
    if (this.iterations > 0) this.computeDuals();
    if (!this.dualFeasible(working)) return 'failed';
    this.finish();
    return 'optimal';
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

  /** How far basis position p's value is outside its bounds (0 within the tolerance; negative: below). */
  private violation(p: number): number {
    const j = this.basic[p];
    const v = this.xBasic[p];
    const lo = this.lower[j];
    const hi = this.upper[j];
    if (v < lo && lo - v > PRIMAL_TOLERANCE * Math.max(1, Math.abs(lo))) return v - lo;
    if (v > hi && v - hi > PRIMAL_TOLERANCE * Math.max(1, Math.abs(hi))) return v - hi;
    return 0;
  }

  /** The leaving position by dual Devex pricing (largest violation^2 / weight), or -1 when none violates. */
  private chooseLeaving(): number {
    let best = -1;
    let score = 0;
    for (let p = 0; p < this.m; p++) {
      const v = this.violation(p);
      if (v === 0) continue;
      const merit = (v * v) / this.weight[p];
      if (merit > score) {
        score = merit;
        best = p;
      }
    }
    return best;
  }

  /** How far a nonbasic column's reduced cost is from the wrong sign for its bound (negative: wrong by that much). */
  private slack(j: number, status: number): number {
    return status === AT_LOWER ? this.reduced[j] : -this.reduced[j];
  }

  /** Dual simplex pivots until no basic value violates its bounds. */
  private iterate(working: Uint8Array): DualSimplexOutcome {
    const { m, candidates } = this;
    for (;;) {
      const r = this.chooseLeaving();
      if (r < 0) return 'optimal';
      if (this.iterations >= this.maxIterations) return 'failed';
      const leaving = this.basic[r];
      const infeasibility = this.violation(r);
      const s = infeasibility < 0 ? 1 : -1;
      // rho = e_r B^-1, the pivot row alpha_j = rho . a_j, and the columns that can enter
      this.work.fill(0);
      this.work[r] = 1;
      this.factor.btran(this.work, this.rho);
      const touched = this.computePivotRow();
      candidates.count = 0;
      for (let t = 0; t < touched; t++) {
        const j = this.touched[t];
        const alpha = this.pivotRow[j];
        const sa = s * alpha;
        if (working[j] === AT_LOWER ? sa < -PIVOT_TOLERANCE : sa > PIVOT_TOLERANCE) {
          const i = candidates.count++;
          candidates.column[i] = j;
          candidates.slack[i] = this.slack(j, working[j]);
          candidates.alpha[i] = Math.abs(alpha);
          candidates.range[i] = this.upper[j] - this.lower[j];
        }
      }
      const choice = boundFlippingRatioTest(candidates, Math.abs(infeasibility), this.dualTolerance, this.flips);
      if (!choice) return 'infeasible';
      const { entering, flipCount } = choice;
      const largest = Math.abs(this.pivotRow[entering]);
      const step = Math.max(0, this.slack(entering, working[entering])) / largest;
      // the entering column through B^-1, checked against the pivot row
      this.loadColumn(entering, this.work);
      this.factor.ftran(this.work, this.column);
      const pivot = this.column[r];
      if (Math.abs(pivot - this.pivotRow[entering]) > 1e-8 * Math.max(1, Math.abs(pivot))) return 'failed';
      // dual: d_j += s * step * alpha_j
      for (let t = 0; t < touched; t++) this.reduced[this.touched[t]] += s * step * this.pivotRow[this.touched[t]];
      // the passed columns move to their other bound, and the basic values with them
      if (flipCount > 0) this.flipBounds(flipCount, working);
      // primal: the leaving column goes to the bound it violated
      const target = s > 0 ? this.lower[leaving] : this.upper[leaving];
      const theta = (this.xBasic[r] - target) / pivot;
      for (let p = 0; p < m; p++) this.xBasic[p] -= theta * this.column[p];
      this.xBasic[r] = this.value[entering] + theta;
      this.value[leaving] = target;
      this.reduced[entering] = 0;
      this.reduced[leaving] = s * step;
      working[leaving] = s > 0 ? AT_LOWER : AT_UPPER;
      working[entering] = BASIC;
      this.position[leaving] = -1;
      this.position[entering] = r;
      this.basic[r] = entering;
      this.value[entering] = this.xBasic[r];
      this.updateWeights(r, pivot);
      this.iterations++;
      if (this.factor.etaCount + 1 >= REFACTOR_AFTER) {
        if (!this.factor.factor(this.basic)) return 'failed';
        this.computePrimal();
        this.computeDuals();
      } else this.factor.addEta(r, this.column);
    }
  }

  /** Moves flips[0 .. count-1] to their other bounds and the basic values by -B^-1 (N delta). */
  private flipBounds(count: number, working: Uint8Array): void {
    const { a, n } = this;
    const change = this.work;
    change.fill(0);
    for (let f = 0; f < count; f++) {
      const j = this.flips[f];
      const toUpper = working[j] === AT_LOWER;
      const delta = toUpper ? this.upper[j] - this.lower[j] : this.lower[j] - this.upper[j];
      working[j] = toUpper ? AT_UPPER : AT_LOWER;
      this.value[j] += delta;
      if (j >= n) change[j - n] -= delta;
      else for (let k = a.colStart[j]; k < a.colStart[j + 1]; k++) change[a.rowIndex[k]] += a.value[k] * delta;
    }
    this.factor.ftran(change, this.flipEffect);
    for (let p = 0; p < this.m; p++) this.xBasic[p] -= this.flipEffect[p];
  }

  /**
   * The pivot row alpha_j = rho . a_j of the nonbasic, non-fixed columns, from
   * A's rows where rho is nonzero (rho holds about a third of them, so this
   * reads a fraction of A): into pivotRow, the columns it touched into
   * `touched`; returns their count. pivotRow is zero elsewhere.
   */
  private computePivotRow(): number {
    const { n, rho, pivotRow, mark, touched, rowStart, rowColumn, rowValue } = this;
    // the last pivot row's entries, left for the pivot that used them (an early return included)
    for (let t = 0; t < this.touchedCount; t++) pivotRow[touched[t]] = 0;
    let count = 0;
    for (let i = 0; i < this.m; i++) {
      const r = rho[i];
      if (r === 0) continue;
      const slack = n + i;
      if (this.position[slack] < 0 && this.lower[slack] !== this.upper[slack]) {
        pivotRow[slack] = -r;
        touched[count++] = slack;
      }
      for (let k = rowStart[i]; k < rowStart[i + 1]; k++) {
        const j = rowColumn[k];
        if (this.position[j] >= 0 || this.lower[j] === this.upper[j]) continue;
        if (mark[j] === 0) {
          mark[j] = 1;
          touched[count++] = j;
        }
        pivotRow[j] += rowValue[k] * r;
      }
    }
    for (let t = 0; t < count; t++) mark[touched[t]] = 0;
    this.touchedCount = count;
    return count;
  }

  /** Dual Devex reference weights after a pivot on position r (column: the entering column's ftran). */
  private updateWeights(r: number, pivot: number): void {
    const wr = this.weight[r];
    for (let p = 0; p < this.m; p++) {
      if (p === r) continue;
      const ratio = this.column[p] / pivot;
      if (ratio !== 0) this.weight[p] = Math.max(this.weight[p], ratio * ratio * wr);
    }
    this.weight[r] = Math.max(wr / (pivot * pivot), 1);
  }

  /** The basic columns' values and the objective. */
  private finish(): void {
    for (let p = 0; p < this.m; p++) this.value[this.basic[p]] = this.xBasic[p];
    let objective = 0;
    for (let j = 0; j < this.n; j++) objective += this.cost[j] * this.value[j];
    this.objective = objective;
  }
}
