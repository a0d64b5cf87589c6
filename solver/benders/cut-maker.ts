// Turns a solved recourse LP into a cut row for the master: the gradient
// g = -T_k' y of the recourse cost at the point it was solved at, the cut's
// bounds in the master's terms (theta_k stored less its floor), scaled to a
// largest coefficient of 1, with the duals it came from (what the whole LP's
// duals are assembled from).

import type { TwoStageSplit } from './split.js';

/** A scenario's recourse counts as priced by its theta within this relative gap. */
export const CUT_TOLERANCE = 1e-9;

export interface MadeCut {
  lower: number;
  upper: number;
  /** master columns (ascending, theta_k last for an optimality cut) and their coefficients */
  indices: Int32Array;
  values: Float64Array;
  /** the recourse rows whose duals made the cut, and each dual as it scales into the row */
  dualIndex: Int32Array;
  dualValue: Float64Array;
}

export class CutMaker {
  /** scratch: one entry per column of a scenario's T_k, zero between cuts */
  private readonly gradient: Float64Array;
  /** per scenario, made on its first cut: T_k's master columns (ascending) and each T_k entry's place among them */
  private readonly columnsOf: ({ columns: Int32Array; slot: Int32Array } | undefined)[] = [];

  constructor(
    private readonly split: TwoStageSplit,
    /** HiGHS's infinity, for the side a cut leaves open */
    private readonly infinity: number,
  ) {
    this.gradient = new Float64Array(split.master.numCols);
  }

  private gradientColumns(k: number): { columns: Int32Array; slot: Int32Array } {
    const known = this.columnsOf[k];
    if (known) return known;
    const { tCol } = this.split.recourse[k];
    const columns = Int32Array.from(new Set(tCol)).sort();
    const place = new Map<number, number>();
    columns.forEach((c, s) => place.set(c, s));
    const made = { columns, slot: Int32Array.from(tCol, (c) => place.get(c) as number) };
    this.columnsOf[k] = made;
    return made;
  }

  /**
   * value + g.(x - x_hat) with x_hat = `x`, the point the recourse LP of
   * scenario k was solved at, `value` its optimum (or, for a feasibility cut,
   * its phase-1 violation) and `y` its row duals: as an optimality cut
   * theta_k >= that; as a feasibility cut 0 >= that. Given the master's
   * `plan`, an optimality cut that does not hold theta_k above the plan's
   * (within CUT_TOLERANCE) is not made: null.
   */
  make(
    k: number,
    x: Float64Array,
    value: number,
    y: Float64Array,
    feasibility: boolean,
    plan?: Float64Array,
  ): MadeCut | null {
    const { tStart, tValue, lp, costFloor } = this.split.recourse[k];
    const { columns, slot } = this.gradientColumns(k);
    // g = -T' y, accumulated in the scenario's own list of T_k's columns (ascending: no sort)
    const g = this.gradient;
    for (let i = 0; i < lp.numRows; i++) {
      const yi = y[i];
      if (yi === 0) continue;
      for (let p = tStart[i]; p < tStart[i + 1]; p++) g[slot[p]] -= yi * tValue[p];
    }
    // typed arrays of their exact size: a sweep makes ~60,000 cuts, and grown number[] were most of its garbage
    let nonzeros = 0;
    for (let s = 0; s < columns.length; s++) if (g[s] !== 0) nonzeros++;
    const width = nonzeros + (feasibility ? 0 : 1);
    const indices = new Int32Array(width);
    const values = new Float64Array(width);
    let gx = 0;
    let gPlan = 0;
    let e = 0;
    for (let s = 0; s < columns.length; s++) {
      const gc = g[s];
      if (gc === 0) continue;
      g[s] = 0;
      const c = columns[s];
      gx += gc * x[c];
      if (plan) gPlan += gc * plan[c];
      indices[e] = c;
      values[e++] = feasibility ? gc : -gc;
    }
    if (plan && !feasibility) {
      // the cut at the plan: does it hold theta_k above where the master has it?
      const atPlan = value + gPlan - gx;
      const theta = plan[this.split.firstTheta + k] + costFloor;
      if (atPlan - theta <= CUT_TOLERANCE * Math.max(1, Math.abs(atPlan - costFloor))) return null;
    }
    const inf = this.infinity;
    let lower = -inf;
    let upper = inf;
    if (feasibility) {
      // g.x <= g.x_hat - violation
      upper = gx - value;
    } else {
      // theta_k - g.x >= value - g.x_hat, with theta_k stored less its floor
      indices[e] = this.split.firstTheta + k;
      values[e] = 1;
      lower = value - costFloor - gx;
    }
    // Scaled to a largest coefficient of 1: raw cuts mix duals near 4e5 with right-hand
    // sides near 1e10, which left the master "unknown" on bench/large.
    let size = 0;
    for (let i = 0; i < values.length; i++) size = Math.max(size, Math.abs(values[i]));
    size ||= 1;
    for (let i = 0; i < values.length; i++) values[i] /= size;
    // scaled as the row (and with the sign of a feasibility cut's g.x <= row), so nu = sum sigma * origin
    const originScale = (feasibility ? -1 : 1) / size;
    let duals = 0;
    for (let i = 0; i < lp.numRows; i++) if (y[i] !== 0) duals++;
    const dualIndex = new Int32Array(duals);
    const dualValue = new Float64Array(duals);
    for (let i = 0, d = 0; i < lp.numRows; i++) {
      if (y[i] === 0) continue;
      dualIndex[d] = i;
      dualValue[d++] = y[i] * originScale;
    }
    return {
      lower: lower === -inf ? lower : lower / size,
      upper: upper === inf ? upper : upper / size,
      indices,
      values,
      dualIndex,
      dualValue,
    };
  }
}
