// The L-shaped method (Benders decomposition, multi-cut) behind the LpSession
// interface, on HiGHS: a master LP over the first-stage columns and one
// recourse-cost variable theta_k per scenario, and one small recourse LP per
// scenario. Each round solves the master, then every recourse LP at the
// master's plan; a scenario whose recourse costs more than its theta returns
// an optimality cut (theta_k >= Q_k + g.(x - x_hat)), and one with no
// feasible recourse a feasibility cut from its phase-1 LP. Cuts stay valid
// whatever the objective or the budget rows, so a frontier's later steps
// start with every cut the earlier ones found. This file holds the rounds
// (with in-out stabilisation) and the LpSession interface; a round's pass
// over the scenarios is scenario-pass.ts, the master's cut rows master-cuts.ts.

import type { Highs, Model } from 'highs';
import type { SparseLp } from '../lp.js';
import { loadHighsRuntime } from '../highs/runtime.js';
import { solveStatusOf } from '../highs/status.js';
import type { LpSession, SolveOptions, SolveResult, SolveStatus, WarmStart } from '../types.js';
import { SolverError } from '../types.js';
import { extensiveDuals } from './duals.js';
import { CutMaker, type MadeCut } from './cut-maker.js';
import { createModel, DEVEX_PRICING, runRestartingUnknown } from './highs-models.js';
import { MasterCuts } from './master-cuts.js';
import { RecourseModels } from './recourse-models.js';
import { ScenarioPass } from './scenario-pass.js';
import {
  recourseMultipliers,
  recourseWeights,
  splitTwoStage,
  type RecourseWeights,
  type TwoStageSplit,
} from './split.js';

/** Rounds before the method gives up (each adds up to one cut per scenario). */
export const MAX_ROUNDS = 2_000;
/**
 * In-out stabilisation: recourse LPs are solved at this mix of the best point
 * found so far (the centre) and the master's plan, whose cuts zig-zag less than
 * the plan's own. A round whose cuts leave the master's plan uncut is solved
 * again at the plan itself, so the method ends exactly as without it.
 */
export const IN_OUT_MIX = 0.5;

/**
 * Each LP's split, made once: a worker opens several sessions on one LP (the
 * end points' and the sweep's), and a split is read-only.
 */
const splits = new WeakMap<SparseLp, { weights: RecourseWeights; split: TwoStageSplit }>();

function splitOf(lp: SparseLp): { weights: RecourseWeights; split: TwoStageSplit } {
  let made = splits.get(lp);
  if (!made) {
    const weights = recourseWeights(lp, lp.twoStage ?? failNoStructure());
    made = { weights, split: splitTwoStage(lp, weights) };
    splits.set(lp, made);
  }
  return made;
}

export class BendersSession implements LpSession {
  readonly backend = 'benders';
  private offset = 0;
  private lambda: Float64Array;
  private cost: Float64Array;
  /** the master's objective: first-stage costs, then lambda_k per theta_k */
  private masterCost = new Float64Array(0);
  private cuts = 0;
  private feasibilityCuts = 0;
  /** where the time went (bench tables and diagnostics): rounds, master and recourse milliseconds */
  readonly profile = { rounds: 0, masterMs: 0, recourseMs: 0, recourseSolves: 0 };
  /** the master's cut rows, those queued for it and the log behind both */
  private readonly masterCuts: MasterCuts;
  /** ids of this session's own cuts: a random stem, so copies in other sessions are recognised */
  private readonly idStem = Math.floor(Math.random() * 2 ** 31) * 2 ** 21;
  /** the largest finite bound of the master's own rows it has had (with its cuts': the size of its round-off) */
  private largestBound = 1;
  /**
   * theta_k is solved for as theta_k - floor_k >= 0 (see open); each master row's
   * bounds move by its share of the floors
   */
  private readonly rowShift: Float64Array;
  /** the recourse LPs, their rows' bounds and the cuts they make */
  private readonly pass: ScenarioPass;

  private constructor(
    private readonly highs: Highs,
    private readonly lp: SparseLp,
    private readonly split: TwoStageSplit,
    private readonly weights: RecourseWeights,
    private readonly master: Model,
    private readonly recourse: RecourseModels,
  ) {
    this.cost = lp.cost.slice();
    this.lambda = new Float64Array(split.structure.blocks);
    this.rowShift = new Float64Array(split.master.numRows);
    this.pass = new ScenarioPass(split, lp.numCols, recourse, new CutMaker(split, highs.infinity));
    this.masterCuts = new MasterCuts(
      master,
      split.master.numRows,
      split.master.numCols,
      split.structure.blocks,
      highs.constants.basisStatus.basic,
      highs.infinity,
    );
    const { master: m, firstTheta } = split;
    split.recourse.forEach((r, k) => {
      for (let p = m.colStart[firstTheta + k]; p < m.colStart[firstTheta + k + 1]; p++)
        this.rowShift[m.rowIndex[p]] += m.value[p] * r.costFloor;
    });
    for (let i = 0; i < m.numRows; i++) {
      if (this.rowShift[i] === 0) continue;
      this.setMasterRowBounds(i, m.rowLower[i], m.rowUpper[i]);
    }
    for (const bounds of [split.master.rowLower, split.master.rowUpper]) for (const v of bounds) this.noteBound(v);
    this.setCost(lp.cost, lp.offset);
  }

  static async open(lp: SparseLp): Promise<BendersSession> {
    const highs = await loadHighsRuntime();
    const { weights, split } = splitOf(lp);
    // theta_k - floor_k from 0 up: costs near 1e9 (penalties moved out of the recourse) would otherwise
    // sit in every cut, where round-off alone exceeds HiGHS's feasibility tolerance
    const thetaLower = new Float64Array(split.master.numCols);
    thetaLower.set(split.master.colLower.subarray(0, split.firstTheta));
    let master: Model | null = null;
    try {
      master = createModel(highs, { ...split.master, colLower: thetaLower });
      master.options.set(DEVEX_PRICING);
      return new BendersSession(highs, lp, split, weights, master, new RecourseModels(highs, split.recourse));
    } catch (error) {
      master?.dispose();
      if (error instanceof SolverError) throw error;
      throw new SolverError(`HiGHS could not load the decomposed LP: ${(error as Error).message}`);
    }
  }

  setCost(cost: Float64Array, offset: number): void {
    this.lambda = recourseMultipliers(this.split, this.weights, (j) => cost[j], 'the objective');
    this.cost = cost.slice();
    this.offset = offset;
    const { masterCols, firstTheta } = this.split;
    const masterCost = new Float64Array(firstTheta + this.lambda.length);
    masterCols.forEach((j, i) => (masterCost[i] = cost[j]));
    masterCost.set(this.lambda, firstTheta);
    this.masterCost = masterCost;
    this.master.changeColsCost({ kind: 'range', from: 0, to: masterCost.length - 1 }, masterCost);
  }

  setRowBounds(row: number, lower: number, upper: number): void {
    const m = this.split.masterRow[row];
    if (m >= 0) {
      this.setMasterRowBounds(m, lower, upper);
      return;
    }
    // cuts derived under the old right-hand side may hold theta_k above the true recourse cost now
    if (this.pass.setRowBounds(row, lower, upper)) this.masterCuts.retireBlock(this.split.structure.rowBlock[row]);
  }

  /** Keeps largestBound up to date with a finite bound the master gets. */
  private noteBound(v: number): void {
    if (Math.abs(v) < this.highs.infinity) this.largestBound = Math.max(this.largestBound, Math.abs(v));
  }

  /** Bounds of master row i in the LP's terms, moved by the row's share of the theta floors. */
  private setMasterRowBounds(i: number, lower: number, upper: number): void {
    const inf = this.highs.infinity;
    const lo = lower === -Infinity ? -inf : lower - this.rowShift[i];
    const hi = upper === Infinity ? inf : upper - this.rowShift[i];
    this.noteBound(lo);
    this.noteBound(hi);
    this.master.changeRowBounds(i, lo, hi);
  }

  async solve(options: SolveOptions = {}): Promise<SolveResult> {
    const started = performance.now();
    const deadline = Number.isFinite(options.timeLimitSec)
      ? started + (options.timeLimitSec as number) * 1000
      : Infinity;
    const stopped = (): SolveStatus | null =>
      options.shouldStop?.() ? 'interrupted' : performance.now() > deadline ? 'time_limit' : null;
    const { firstTheta } = this.split;
    let iterations = 0;
    const end = (status: SolveStatus, message?: string): SolveResult => ({
      status,
      objective: NaN,
      x: new Float64Array(0),
      iterations,
      ms: performance.now() - started,
      backend: this.backend,
      method: 'l-shaped',
      ...(message ? { message } : {}),
    });

    // the centre of the in-out stabilisation: the best first-stage point evaluated in this solve
    let center: Float64Array | null = null as Float64Array | null;
    let centerValue = Infinity;
    // Mixing pays from a cold start (bench/large's point A: 8.3 s -> 5.9 s of CPU); from a
    // master that already holds cuts it took more rounds (10 -> 16 on the next frontier step).
    // After a round whose mix cut nothing off, the plan is near the optimum: plain rounds from then on.
    let mixing = this.masterCuts.everLogged < this.split.recourse.length ? this.stabilise : 0;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const halt = stopped();
      if (halt) return end(halt);
      this.masterCuts.flush();
      this.profile.rounds++;
      const masterStarted = performance.now();
      const masterRun = this.runModel(this.master, Math.max(this.largestBound, this.masterCuts.largestBound));
      this.profile.masterMs += performance.now() - masterStarted;
      iterations += masterRun.iterations;
      if (masterRun.status !== 'optimal')
        return end(
          masterRun.status,
          `the master LP ended with HiGHS model status ${masterRun.code} after ${round} rounds and ${this.cuts} cuts`,
        );
      const masterSolution = this.master.getSolution();
      const plan = masterSolution.colValue;
      // the master's duals must be read against the cut rows it held when solved, before pruning
      const cutRowsSolved = options.duals ? this.masterCuts.heldRows() : [];
      this.masterCuts.prune();
      const x = new Float64Array(plan);

      // At the mix of centre and plan first; where that cuts nothing off, at the plan itself.
      let full: Float64Array = new Float64Array(0);
      let added = 0;
      const recourseStarted = performance.now();
      const mixes: number[] = center && mixing ? [mixing, 0] : [0];
      for (const mix of mixes) {
        const at: Float64Array = mix === 0 || !center ? x : mixed(center, x, mix, firstTheta);
        const evaluated = this.pass.evaluate(at, x, this.masterCost, this.lambda, stopped);
        iterations += evaluated.iterations;
        this.profile.recourseSolves += evaluated.solves;
        // a halted pass's cuts are valid all the same: queued, they reach the warm start
        for (const { k, cut, feasibility } of evaluated.cuts) this.queueCut(k, cut, feasibility);
        if (evaluated.halt) return end(evaluated.halt, evaluated.message);
        added = evaluated.cuts.length;
        full = evaluated.full;
        if (evaluated.value < centerValue) {
          center = at;
          centerValue = evaluated.value;
        }
        if (added > 0) break;
        mixing = 0;
      }
      this.profile.recourseMs += performance.now() - recourseStarted;
      if (added === 0) {
        let objective = this.offset;
        for (let j = 0; j < full.length; j++) objective += this.cost[j] * full[j];
        const duals = options.duals
          ? extensiveDuals(
              this.lp,
              this.cost,
              this.masterRows(),
              masterSolution.rowDual,
              cutRowsSolved,
              this.masterCuts.origins(),
            )
          : null;
        return {
          ...(duals ? { duals } : {}),
          ...(options.duals && !duals
            ? { message: 'benders: no duals (a binding cut came from a warm start without its origin)' }
            : {}),
          status: 'optimal',
          objective,
          x: full.slice(),
          iterations,
          ms: performance.now() - started,
          backend: this.backend,
          method: 'l-shaped',
        };
      }
    }
    return end('error', `the L-shaped method did not converge in ${MAX_ROUNDS} rounds`);
  }

  /** In-out mix for solves that start cold (0 turns stabilisation off: tests and comparisons). */
  stabilise = IN_OUT_MIX;

  /** Slack before the log is compacted (0: at every round, as the tests do). */
  set compactLogFrom(slack: number) {
    this.masterCuts.compactFrom = slack;
  }

  /** Queues a cut of scenario k for the master, under this session's next id. */
  private queueCut(k: number, cut: MadeCut, feasibility: boolean): void {
    this.masterCuts.add(
      this.idStem + this.cuts,
      cut.lower,
      cut.upper,
      cut.indices,
      cut.values,
      k,
      cut.dualIndex,
      cut.dualValue,
    );
    this.cuts++;
    if (feasibility) this.feasibilityCuts++;
  }

  private runModel(model: Model, scale = 1): { status: SolveStatus; iterations: number; code?: number } {
    const s = this.highs.constants.modelStatus;
    model.zeroAllClocks();
    let code: number;
    try {
      code = runRestartingUnknown(this.highs, model);
      // Rows here carry costs near 1e9, where a double resolves about 1e-7 and HiGHS's absolute
      // feasibility tolerance is 1e-7: "unknown" with a dual-feasible basis and a primal
      // residual 1e-10 of the rows' magnitude is an optimum to within round-off (E moves
      // by about 1e-10 relative; the acceptance is 1e-6).
      if (code === s.unknown && nearlyOptimal(model, scale)) code = s.optimal;
    } catch {
      return { status: 'error', iterations: 0 };
    }
    const iterations = Number(model.info.get('simplex_iteration_count'));
    return { status: solveStatusOf(this.highs, code), iterations, code };
  }

  /** How many HiGHS models the recourse LPs share (one per distinct recourse matrix). */
  get recourseModelCount(): number {
    return this.recourse.modelCount;
  }

  /** How many cuts the log holds now (the master's, the queued, and pruned ones not yet compacted away). */
  get loggedCutCount(): number {
    return this.masterCuts.logged;
  }

  /** How many of them are feasibility cuts. */
  get feasibilityCutCount(): number {
    return this.feasibilityCuts;
  }

  /** How many cuts the master holds (diagnostics and tests). */
  get cutCount(): number {
    return this.cuts;
  }

  /** The cuts the master holds or has queued: those it pruned were idle near this session's last plans. */
  getWarmStart(): WarmStart | null {
    return this.masterCuts.warmStart();
  }

  /** The LP row of each of the master's own rows. */
  private masterRows(): Int32Array {
    const rows = new Int32Array(this.split.master.numRows);
    this.split.masterRow.forEach((m, r) => {
      if (m >= 0) rows[m] = r;
    });
    return rows;
  }

  /** Adds the cuts another session of this LP learnt (those this one has not got). */
  setWarmStart(start: WarmStart): void {
    if (start.backend !== 'benders') return;
    for (let i = 0; i < start.id.length; i++) {
      if (this.masterCuts.has(start.id[i])) continue;
      const range = { from: start.start[i], to: start.start[i + 1] };
      const o = start.origin;
      const dual = o ? { from: o.dualStart[i], to: o.dualStart[i + 1] } : { from: 0, to: 0 };
      this.masterCuts.add(
        start.id[i],
        start.lower[i],
        start.upper[i],
        start.index.subarray(range.from, range.to),
        start.value.subarray(range.from, range.to),
        o ? o.block[i] : -1,
        o ? o.dualIndex.subarray(dual.from, dual.to) : [],
        o ? o.dualValue.subarray(dual.from, dual.to) : [],
      );
    }
  }

  dispose(): void {
    this.master.dispose();
    this.recourse.dispose();
  }
}

/** mix * centre + (1 - mix) * plan over the first-stage columns; the thetas are the plan's. */
function mixed(center: Float64Array, plan: Float64Array, mix: number, firstTheta: number): Float64Array {
  const at = new Float64Array(plan);
  for (let i = 0; i < firstTheta; i++) at[i] = mix * center[i] + (1 - mix) * plan[i];
  return at;
}

/** Within round-off of optimal: dual feasible, primal residual at most 1e-10 of `scale` (1e-7 at the least). */
function nearlyOptimal(model: Model, scale: number): boolean {
  const info = model.info;
  return (
    Number(info.get('dual_solution_status')) === 2 &&
    Number(info.get('max_primal_infeasibility')) <= Math.max(1e-7, 1e-10 * scale)
  );
}

function failNoStructure(): never {
  throw new SolverError('the benders back-end needs a two-stage LP (one built with its scenario structure)');
}
