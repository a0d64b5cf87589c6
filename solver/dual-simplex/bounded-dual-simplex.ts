// A bounded dual simplex for small LPs re-solved from a known basis after
// their row bounds moved: the L-shaped method's recourse LPs, where a solve
// takes 0-3 pivots and HiGHS's fixed cost per run (0.19 ms for no pivot at
// all, measured) was most of the recourse time.
//
// min c.x subject to rowLower <= A x <= rowUpper, colLower <= x <= colUpper,
// written as [A | -I] (x, s) = 0 with the row activities s bounded by the row
// bounds. With the costs unchanged since the basis was optimal it is dual
// feasible, so only the dual simplex's phase 2 runs (a column of the wrong
// sign with two finite bounds is moved to its other bound). Pricing is dual
// Devex; the ratio test flips bounds (dual-ratio-test.ts). After pivots the
// duals are computed afresh from the factorisation and checked for sign;
// anything else (singular basis, a pivot that disagrees between its row and
// its column, too many pivots) is 'failed', for the caller to solve another way.

import { BasisFactor, FactorScratch } from './basis-factor.js';
import { boundFlippingRatioTest, type RatioCandidates } from './dual-ratio-test.js';
import { PivotRow } from './pivot-row.js';
import { SimplexState, type DualSimplexProblem } from './simplex-state.js';
import { SlackMatrix, type SparseMatrix } from './slack-matrix.js';
import { AT_LOWER, AT_UPPER, BASIC, WarmBasis } from './warm-basis.js';

export type { DualSimplexProblem } from './simplex-state.js';
export { AT_LOWER, AT_UPPER, BASIC, WarmBasis } from './warm-basis.js';

export type DualSimplexOutcome = 'optimal' | 'infeasible' | 'failed';

/** Pivot row entries smaller than this are taken as zero in the ratio test. */
const PIVOT_TOLERANCE = 1e-9;
/** A pivot whose row and column values differ by more than this (relative) fails the solve. */
const PIVOT_AGREEMENT = 1e-8;
/** Etas before a fresh factorisation. */
const REFACTOR_AFTER = 16;

export class BoundedDualSimplex {
  private readonly matrix: SlackMatrix;
  private readonly scratch: FactorScratch;
  private readonly state: SimplexState;
  private readonly pivotRow: PivotRow;
  /** whether a column may enter: nonbasic and not fixed */
  private readonly eligible: (j: number) => boolean;
  private readonly work: Float64Array;
  private readonly column: Float64Array;
  private readonly rho: Float64Array;
  /** dual Devex reference weights by basis position (1 at each solve's start) */
  private readonly weight: Float64Array;
  private readonly candidates: RatioCandidates;
  private readonly flips: Int32Array;
  private readonly flipEffect: Float64Array;
  /** pivots of the last solve */
  iterations = 0;
  /** after an optimal solve: the column values and row duals (views, valid until the next solve) */
  readonly x: Float64Array;
  readonly rowDual: Float64Array;

  constructor(
    a: SparseMatrix,
    /** pivots before a solve gives up */
    private readonly maxIterations = 50 + 5 * a.numRows,
  ) {
    this.matrix = new SlackMatrix(a);
    this.scratch = new FactorScratch(a);
    const state = new SimplexState(this.matrix);
    this.state = state;
    this.pivotRow = new PivotRow(this.matrix);
    this.eligible = (j) => state.position[j] < 0 && state.lower[j] !== state.upper[j];
    const { n, m } = this.matrix;
    this.work = new Float64Array(m);
    this.column = new Float64Array(m);
    this.rho = new Float64Array(m);
    this.weight = new Float64Array(m);
    this.candidates = {
      count: 0,
      column: new Int32Array(n + m),
      slack: new Float64Array(n + m),
      alpha: new Float64Array(n + m),
      range: new Float64Array(n + m),
    };
    this.flips = new Int32Array(n + m);
    this.flipEffect = new Float64Array(m);
    this.x = state.value.subarray(0, n);
    this.rowDual = state.rowDual;
  }

  /** The last optimal solve's objective. */
  get objective(): number {
    return this.state.objective;
  }

  /** A warm basis for this simplex's matrix, starting from the statuses given (columns, then rows). */
  warmBasis(status: ArrayLike<number>): WarmBasis {
    const { a, n, m } = this.matrix;
    const warm = new WarmBasis(new BasisFactor(a, this.scratch), n, m);
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
    const { state } = this;
    warm.status.set(state.working);
    warm.basic.set(state.basic);
    warm.rowDual.set(state.rowDual);
    warm.reduced.set(state.reduced);
    warm.fresh = true;
    return outcome;
  }

  private run(problem: DualSimplexProblem, warm: WarmBasis): DualSimplexOutcome {
    const { state } = this;
    this.iterations = 0;
    state.factor = warm.factor;
    state.load(problem);
    state.working.set(warm.status);
    if (warm.fresh) {
      // the last optimal basis, factorised, with its duals: only the primal values are new
      state.placeKnownBasis(warm.basic);
      state.rowDual.set(warm.rowDual);
      state.reduced.set(warm.reduced);
    } else {
      if (!state.placeBasis() || !state.factor.factor(state.basic)) return 'failed';
      state.computeDuals();
      if (!state.repairDualSigns()) return 'failed';
    }
    state.computePrimal();
    this.weight.fill(1);
    const outcome = this.iterate();
    if (outcome !== 'optimal') return outcome;
    // the row duals afresh from the factorisation (they make the cut), not from the pivots' updates
    if (this.iterations > 0) state.computeDuals();
    if (!state.dualFeasible()) return 'failed';
    state.finish();
    return 'optimal';
  }

  /** The leaving position by dual Devex pricing (largest violation^2 / weight), or -1 when none violates. */
  private chooseLeaving(): number {
    let best = -1;
    let score = 0;
    for (let p = 0; p < this.state.m; p++) {
      const v = this.state.violation(p);
      if (v === 0) continue;
      const merit = (v * v) / this.weight[p];
      if (merit > score) {
        score = merit;
        best = p;
      }
    }
    return best;
  }

  /** Dual simplex pivots until no basic value violates its bounds. */
  private iterate(): DualSimplexOutcome {
    const { state, candidates, pivotRow } = this;
    const { working, reduced, xBasic, value, lower, upper } = state;
    for (;;) {
      const r = this.chooseLeaving();
      if (r < 0) return 'optimal';
      if (this.iterations >= this.maxIterations) return 'failed';
      const leaving = state.basic[r];
      const infeasibility = state.violation(r);
      const s = infeasibility < 0 ? 1 : -1;
      // rho = e_r B^-1, the pivot row alpha_j = rho . a_j, and the columns that can enter
      this.work.fill(0);
      this.work[r] = 1;
      state.factor.btran(this.work, this.rho);
      pivotRow.compute(this.rho, this.eligible);
      const { alpha, touched } = pivotRow;
      candidates.count = 0;
      for (let t = 0; t < pivotRow.count; t++) {
        const j = touched[t];
        const sa = s * alpha[j];
        if (working[j] === AT_LOWER ? sa < -PIVOT_TOLERANCE : sa > PIVOT_TOLERANCE) {
          const i = candidates.count++;
          candidates.column[i] = j;
          candidates.slack[i] = state.slack(j);
          candidates.alpha[i] = Math.abs(alpha[j]);
          candidates.range[i] = upper[j] - lower[j];
        }
      }
      const choice = boundFlippingRatioTest(candidates, Math.abs(infeasibility), state.dualTolerance, this.flips);
      if (!choice) return 'infeasible';
      const { entering, flipCount } = choice;
      const step = Math.max(0, state.slack(entering)) / Math.abs(alpha[entering]);
      // the entering column through B^-1, checked against the pivot row
      this.work.fill(0);
      this.matrix.addColumn(entering, 1, this.work);
      state.factor.ftran(this.work, this.column);
      const pivot = this.column[r];
      if (Math.abs(pivot - alpha[entering]) > PIVOT_AGREEMENT * Math.max(1, Math.abs(pivot))) return 'failed';
      // dual: d_j += s * step * alpha_j
      for (let t = 0; t < pivotRow.count; t++) reduced[touched[t]] += s * step * alpha[touched[t]];
      // the passed columns move to their other bound, and the basic values with them
      if (flipCount > 0) this.flipBounds(flipCount);
      // primal: the leaving column goes to the bound it violated
      const target = s > 0 ? lower[leaving] : upper[leaving];
      const theta = (xBasic[r] - target) / pivot;
      for (let p = 0; p < state.m; p++) xBasic[p] -= theta * this.column[p];
      xBasic[r] = value[entering] + theta;
      value[leaving] = target;
      reduced[entering] = 0;
      reduced[leaving] = s * step;
      working[leaving] = s > 0 ? AT_LOWER : AT_UPPER;
      working[entering] = BASIC;
      state.position[leaving] = -1;
      state.position[entering] = r;
      state.basic[r] = entering;
      value[entering] = xBasic[r];
      this.updateWeights(r, pivot);
      this.iterations++;
      if (state.factor.etaCount + 1 >= REFACTOR_AFTER) {
        if (!state.factor.factor(state.basic)) return 'failed';
        state.computePrimal();
        state.computeDuals();
      } else state.factor.addEta(r, this.column);
    }
  }

  /** Moves flips[0 .. count-1] to their other bounds and the basic values by -B^-1 (N delta). */
  private flipBounds(count: number): void {
    const { state } = this;
    const change = this.work;
    change.fill(0);
    for (let f = 0; f < count; f++) {
      const j = this.flips[f];
      const toUpper = state.working[j] === AT_LOWER;
      const delta = toUpper ? state.upper[j] - state.lower[j] : state.lower[j] - state.upper[j];
      state.working[j] = toUpper ? AT_UPPER : AT_LOWER;
      state.value[j] += delta;
      this.matrix.addColumn(j, delta, change);
    }
    state.factor.ftran(change, this.flipEffect);
    for (let p = 0; p < state.m; p++) state.xBasic[p] -= this.flipEffect[p];
  }

  /** Dual Devex reference weights after a pivot on position r (column: the entering column's ftran). */
  private updateWeights(r: number, pivot: number): void {
    const wr = this.weight[r];
    for (let p = 0; p < this.state.m; p++) {
      if (p === r) continue;
      const ratio = this.column[p] / pivot;
      if (ratio !== 0) this.weight[p] = Math.max(this.weight[p], ratio * ratio * wr);
    }
    this.weight[r] = Math.max(wr / (pivot * pivot), 1);
  }
}
