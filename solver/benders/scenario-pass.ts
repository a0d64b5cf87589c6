// One pass of the L-shaped method over the scenarios: every recourse LP
// solved at a first-stage point, a cut made for each scenario the master's
// plan underprices (a feasibility cut from the phase-1 LP where the recourse
// is infeasible), and the point's objective. The recourse rows' current
// bounds live here, since only these solves read them.

import type { SolveStatus } from '../types.js';
import type { CutMaker, MadeCut } from './cut-maker.js';
import type { RecourseModels } from './recourse-models.js';
import type { TwoStageSplit } from './split.js';

export interface ScenarioCut {
  k: number;
  cut: MadeCut;
  feasibility: boolean;
}

export interface PassOutcome {
  /** the cuts made, in scenario order */
  cuts: ScenarioCut[];
  /**
   * the LP's column values at the point, with the recourse of every scenario
   * that made no cut (the pass's own buffer, overwritten by the next pass:
   * whole only when no cut was made)
   */
  full: Float64Array;
  /** the objective at the point (Infinity where a recourse LP is infeasible there) */
  value: number;
  iterations: number;
  /** recourse LPs solved (phase 1 not counted) */
  solves: number;
  halt?: SolveStatus;
  message?: string;
}

export class ScenarioPass {
  private readonly rowLower: Float64Array[];
  private readonly rowUpper: Float64Array[];
  /** the whole LP's columns (78,577 on bench/large): one buffer, not one per pass */
  private readonly full: Float64Array;

  constructor(
    private readonly split: TwoStageSplit,
    /** columns of the whole LP */
    numCols: number,
    private readonly models: RecourseModels,
    private readonly cutMaker: CutMaker,
  ) {
    this.rowLower = split.recourse.map((r) => r.lp.rowLower.slice());
    this.rowUpper = split.recourse.map((r) => r.lp.rowUpper.slice());
    this.full = new Float64Array(numCols);
  }

  /** Sets the bounds of a recourse row (a row of the whole LP); true where they changed. */
  setRowBounds(row: number, lower: number, upper: number): boolean {
    const k = this.split.structure.rowBlock[row];
    const local = this.localRow(row, k);
    if (this.rowLower[k][local] === lower && this.rowUpper[k][local] === upper) return false;
    this.rowLower[k][local] = lower;
    this.rowUpper[k][local] = upper;
    return true;
  }

  private localRow(row: number, k: number): number {
    let local = 0;
    for (let r = 0; r < row; r++) if (this.split.structure.rowBlock[r] === k) local++;
    return local;
  }

  /**
   * Solves every scenario at `at` (a first-stage point) and makes the cuts that
   * cut off `plan` (the master's, whose thetas they must raise to count).
   * `masterCost` prices the first-stage columns, `lambda` each scenario's recourse.
   */
  evaluate(
    at: Float64Array,
    plan: Float64Array,
    masterCost: Float64Array,
    lambda: Float64Array,
    stopped: () => SolveStatus | null,
  ): PassOutcome {
    const { firstTheta, recourse } = this.split;
    const full = this.full;
    this.split.masterCols.forEach((j, i) => (full[j] = at[i]));
    const out: PassOutcome = { cuts: [], full, value: 0, iterations: 0, solves: 0 };
    for (let i = 0; i < firstTheta; i++) out.value += masterCost[i] * at[i];
    const stop = (halt: SolveStatus, message?: string): PassOutcome => ({ ...out, halt, message });
    for (let k = 0; k < recourse.length; k++) {
      const halt = stopped();
      if (halt) return stop(halt);
      const solved = this.models.solve(k, at, this.rowLower[k], this.rowUpper[k], false);
      out.iterations += solved.iterations;
      out.solves++;
      if (solved.status === 'infeasible') {
        const phaseOne = this.models.solve(k, at, this.rowLower[k], this.rowUpper[k], true);
        out.iterations += phaseOne.iterations;
        if (phaseOne.status !== 'optimal')
          return stop('error', `the phase-1 LP of scenario ${k} ended with HiGHS model status ${phaseOne.code}`);
        const { objective: violation, rowDual } = this.models.solution(k);
        // a feasibility cut is always made: the plan has no recourse here at all
        out.cuts.push({ k, cut: this.cutMaker.make(k, at, violation, rowDual, true)!, feasibility: true });
        out.value = Infinity;
        continue;
      }
      if (solved.status !== 'optimal')
        return stop('error', `the recourse LP of scenario ${k} ended with HiGHS model status ${solved.code}`);
      const { objective: q, x: values, rowDual } = this.models.solution(k);
      out.value += lambda[k] * q;
      const cut = this.cutMaker.make(k, at, q, rowDual, false, plan);
      if (cut) out.cuts.push({ k, cut, feasibility: false });
      else recourse[k].cols.forEach((j, i) => (full[j] = values[i]));
    }
    return out;
  }
}
