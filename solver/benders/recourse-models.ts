// Where the recourse LPs are solved. Solves run in the bounded dual simplex
// of solver/dual-simplex, which skips HiGHS's fixed cost per run (most of a
// solve of 0-3 pivots): from the scenario's last optimal basis, or, for its
// first solve, from the last basis found on its model for a scenario with the
// same costs and bounds. The very first solve, phase-1 solves and any solve
// the dual simplex gives up on run on HiGHS. Scenarios whose recourse LPs have
// the same matrix share one HiGHS model and one dual simplex (a HiGHS model
// costs about 1 MB of WASM memory: one per scenario took the heap past 1 GB
// at 800 scenarios); each scenario keeps its own bounds, costs and last basis.

import type { Basis, Highs, Model } from 'highs';
import { AT_LOWER, BASIC, BoundedDualSimplex, type WarmBasis } from '../dual-simplex/bounded-dual-simplex.js';
import { createModel, DEVEX_PRICING, runRestartingUnknown } from './highs-models.js';
import type { BlockLp, Recourse } from './split.js';

export type RecourseOutcome = { status: 'optimal' | 'infeasible' | 'other'; code: number; iterations: number };

function clamp(highs: Highs, a: Float64Array): Float64Array {
  return a.map((v) => (v === Infinity ? highs.infinity : v === -Infinity ? -highs.infinity : v));
}

/** One model per distinct recourse matrix, with an artificial pair on every row (for phase 1). */
class SharedModel {
  readonly model: Model;
  loaded = -1;
  /** the column data (costs and bounds) class of the loaded scenario */
  loadedColumns = -1;
  phaseOne = false;
  readonly simplex: BoundedDualSimplex;
  /** the last scenario whose solve on this model ended optimal with a basis the dual simplex can use (-1: none yet) */
  lastSolved = -1;

  constructor(highs: Highs, lp: BlockLp) {
    this.simplex = new BoundedDualSimplex(lp);
    this.model = createModel(highs, lp);
    this.model.options.set(DEVEX_PRICING);
    // a+ and a- per row, fixed at 0 outside phase 1
    for (let i = 0; i < lp.numRows; i++) {
      this.model.addCol(0, 0, 0, { indices: [i], values: [1] });
      this.model.addCol(0, 0, 0, { indices: [i], values: [-1] });
    }
  }
}

/** HiGHS's basis as the own dual simplex's statuses, or null where an artificial column is basic. */
function ownStatus(basis: Basis, lp: BlockLp): Uint8Array | null {
  const status = new Uint8Array(lp.numCols + lp.numRows);
  status.set(basis.colStatus.subarray(0, lp.numCols));
  status.set(basis.rowStatus, lp.numCols);
  for (let j = lp.numCols; j < basis.colStatus.length; j++) if (basis.colStatus[j] === BASIC) return null;
  return status;
}

/** The own statuses as HiGHS's basis of the shared model, whose artificial columns sit at 0 (nonbasic, at their lower bound). */
function highsBasis(status: Uint8Array, lp: BlockLp): Basis {
  const colStatus = new Int32Array(lp.numCols + 2 * lp.numRows).fill(AT_LOWER);
  colStatus.set(status.subarray(0, lp.numCols));
  return { colStatus, rowStatus: Int32Array.from(status.subarray(lp.numCols)) };
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

const sameMatrix = (a: BlockLp, b: BlockLp) =>
  a.numRows === b.numRows &&
  a.numCols === b.numCols &&
  same(a.colStart, b.colStart) &&
  same(a.rowIndex, b.rowIndex) &&
  same(a.value, b.value);

const sameColumns = (a: BlockLp, b: BlockLp) =>
  same(a.cost, b.cost) && same(a.colLower, b.colLower) && same(a.colUpper, b.colUpper);

/** The index of the first of `firsts` that `equal` matches, after adding `lp` when none does. */
function classOf(firsts: BlockLp[], lp: BlockLp, equal: (a: BlockLp, b: BlockLp) => boolean): number {
  const found = firsts.findIndex((first) => equal(first, lp));
  return found >= 0 ? found : firsts.push(lp) - 1;
}

export class RecourseModels {
  private readonly shared: SharedModel[] = [];
  private readonly modelOf: SharedModel[];
  /** each scenario's last optimal basis for the own dual simplex (columns, then rows), once it has one */
  private readonly warm: (WarmBasis | null)[];
  /** whether scenario k's last solve was the own dual simplex's (its solution is read from there) */
  private readonly ownSolve: Uint8Array;
  /** solves by the own dual simplex, and those it handed to HiGHS */
  readonly counts = { own: 0, handedOver: 0 };
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  /**
   * Scenarios with equal recourse costs and column bounds share a class: a
   * switch between them needs no reload of either (generated scenarios of equal
   * probability differ only in their right-hand sides and T_k).
   */
  private readonly columnsClass: Int32Array;

  constructor(
    private readonly highs: Highs,
    private readonly recourse: Recourse[],
  ) {
    // scenarios are compared with the first of each class (there is one class on generated scenarios)
    const matrices: BlockLp[] = [];
    try {
      this.modelOf = recourse.map((r) => {
        const c = classOf(matrices, r.lp, sameMatrix);
        if (c === this.shared.length) this.shared.push(new SharedModel(highs, r.lp));
        return this.shared[c];
      });
    } catch (error) {
      this.dispose();
      throw error;
    }
    this.warm = recourse.map(() => null);
    this.ownSolve = new Uint8Array(recourse.length);
    const rows = Math.max(0, ...recourse.map((r) => r.lp.numRows));
    this.lo = new Float64Array(rows);
    this.hi = new Float64Array(rows);
    const columns: BlockLp[] = [];
    this.columnsClass = Int32Array.from(recourse, ({ lp }) => classOf(columns, lp, sameColumns));
  }

  /** How many HiGHS models the scenarios share. */
  get modelCount(): number {
    return this.shared.length;
  }

  /**
   * Solves scenario k's recourse LP at the plan x (master column values), with
   * the row bounds given (rhs - T_k x is applied here); phase 1 minimises the
   * artificials instead (the plan's infeasibility).
   */
  solve(
    k: number,
    x: Float64Array,
    rowLower: Float64Array,
    rowUpper: Float64Array,
    phaseOne: boolean,
  ): RecourseOutcome {
    const { lp, tStart, tCol, tValue } = this.recourse[k];
    const lo = this.lo.subarray(0, lp.numRows);
    const hi = this.hi.subarray(0, lp.numRows);
    for (let i = 0; i < lp.numRows; i++) {
      let tx = 0;
      for (let p = tStart[i]; p < tStart[i + 1]; p++) tx += tValue[p] * x[tCol[p]];
      lo[i] = rowLower[i] - tx;
      hi[i] = rowUpper[i] - tx;
    }
    this.ownSolve[k] = 0;
    const warm = this.warm[k] ?? (phaseOne ? null : this.borrowedBasis(k));
    if (!phaseOne && warm) {
      const { simplex } = this.modelOf[k];
      const outcome = simplex.solve(
        { cost: lp.cost, colLower: lp.colLower, colUpper: lp.colUpper, rowLower: lo, rowUpper: hi },
        warm,
      );
      if (outcome === 'optimal') {
        this.ownSolve[k] = 1;
        this.counts.own++;
        this.modelOf[k].lastSolved = k;
        return { status: 'optimal', code: this.highs.constants.modelStatus.optimal, iterations: simplex.iterations };
      }
      this.counts.handedOver++;
    }
    return this.solveWithHighs(k, lo, hi, phaseOne);
  }

  /**
   * A first basis for scenario k from the last scenario solved on its model
   * with the same costs and column bounds: dual feasible for k too, so the
   * dual simplex starts from it where HiGHS would start cold.
   */
  private borrowedBasis(k: number): WarmBasis | null {
    const shared = this.modelOf[k];
    const from = shared.lastSolved;
    const lender = from >= 0 && this.columnsClass[from] === this.columnsClass[k] ? this.warm[from] : null;
    if (!lender) return null;
    const warm = shared.simplex.warmBasis(lender.status);
    this.warm[k] = warm;
    return warm;
  }

  /** The HiGHS solve of scenario k at the row bounds given (rhs - T_k x, infinite where unbounded). */
  private solveWithHighs(k: number, lo: Float64Array, hi: Float64Array, phaseOne: boolean): RecourseOutcome {
    const shared = this.modelOf[k];
    const { lp } = this.recourse[k];
    const { model } = shared;
    const inf = this.highs.infinity;
    const n = lp.numCols;
    const all = { kind: 'range' as const, from: 0, to: n + 2 * lp.numRows - 1 };
    if (shared.loadedColumns !== this.columnsClass[k] || shared.phaseOne !== phaseOne) {
      const cost = new Float64Array(n + 2 * lp.numRows);
      if (phaseOne) cost.fill(1, n);
      else cost.set(lp.cost);
      model.changeColsCost(all, cost);
      const lower = new Float64Array(n + 2 * lp.numRows);
      const upper = new Float64Array(n + 2 * lp.numRows);
      lower.set(clamp(this.highs, lp.colLower));
      upper.set(clamp(this.highs, lp.colUpper));
      if (phaseOne) upper.fill(inf, n);
      model.changeColsBounds(all, lower, upper);
      shared.loadedColumns = this.columnsClass[k];
    }
    if (shared.loaded !== k) {
      // this scenario's last basis (its dual simplex's solves included); else the model's current one
      // (another scenario's) is as good a start
      const warm = this.warm[k];
      if (warm) model.setBasis(highsBasis(warm.status, lp));
      shared.loaded = k;
    }
    shared.phaseOne = phaseOne;
    model.changeRowsBounds(
      { kind: 'range', from: 0, to: lp.numRows - 1 },
      clamp(this.highs, lo),
      clamp(this.highs, hi),
    );

    const s = this.highs.constants.modelStatus;
    let code: number;
    try {
      code = runRestartingUnknown(this.highs, model);
    } catch {
      return { status: 'other', code: -1, iterations: 0 };
    }
    const iterations = Number(model.info.get('simplex_iteration_count'));
    if (!phaseOne && code === s.optimal) {
      const status = ownStatus(model.getBasis(), lp);
      const warm = this.warm[k];
      if (!status) this.warm[k] = null;
      else if (warm) warm.reset(status);
      else this.warm[k] = shared.simplex.warmBasis(status);
      if (status) shared.lastSolved = k;
    }
    return {
      status: code === s.optimal ? 'optimal' : code === s.infeasible ? 'infeasible' : 'other',
      code,
      iterations,
    };
  }

  /** The loaded model's objective, column values (scenario columns only) and row duals, after `solve`. */
  solution(k: number): { objective: number; x: Float64Array; rowDual: Float64Array } {
    const { model, simplex } = this.modelOf[k];
    if (this.ownSolve[k]) return { objective: simplex.objective, x: simplex.x, rowDual: simplex.rowDual };
    const solution = model.getSolution();
    return {
      objective: model.getObjectiveValue(),
      x: solution.colValue.subarray(0, this.recourse[k].lp.numCols),
      rowDual: solution.rowDual,
    };
  }

  dispose(): void {
    for (const m of this.shared) m.model.dispose();
    this.shared.length = 0;
  }
}
