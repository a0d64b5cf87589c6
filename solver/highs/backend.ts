// HiGHS (WebAssembly, the `highs` package) behind the LpSession interface.
// One persistent model per session: HiGHS keeps its basis across bound and
// cost changes, so consecutive frontier steps warm-start on their own.

import type { Highs, Model } from 'highs';
import type { SparseLp } from '../lp.js';
import type {
  LpMethod,
  LpSession,
  SessionOptions,
  SolveOptions,
  SolveResult,
  SolveStatus,
  SolverBackend,
  WarmStart,
} from '../types.js';
import { SolverError } from '../types.js';
import { chooseHighsMethod } from './method.js';
import { loadHighsRuntime, modelData } from './runtime.js';
import { solveStatusOf } from './status.js';

class HighsSession implements LpSession {
  readonly backend = 'highs';
  private solves = 0;

  constructor(
    private readonly highs: Highs,
    private readonly model: Model,
    private readonly method: Exclude<LpMethod, 'auto'>,
  ) {
    model.options.set({ output_flag: false });
  }

  setCost(cost: Float64Array, offset: number): void {
    this.model.changeColsCost({ kind: 'range', from: 0, to: cost.length - 1 }, cost);
    this.model.changeObjectiveOffset(offset);
  }

  setRowBounds(row: number, lower: number, upper: number): void {
    const inf = this.highs.infinity;
    this.model.changeRowBounds(row, lower === -Infinity ? -inf : lower, upper === Infinity ? inf : upper);
  }

  async solve(options: SolveOptions = {}): Promise<SolveResult> {
    const started = performance.now();
    // Interior point pays off on a cold start of a large model; once a basis
    // exists, simplex re-optimises from it far faster than a fresh IPM run.
    // Warm re-solves let HiGHS pick primal or dual simplex (strategy 0): after an
    // objective change the basis stays primal feasible and primal simplex took
    // 0.9 s where the default dual simplex took 21 s (bench/medium, end point A).
    // HiGHS measures time_limit on a clock that runs across runs of one model:
    // restart it, or a later step of a long frontier inherits the earlier steps' time.
    this.model.zeroAllClocks();
    const cold = this.solves === 0 || options.fresh === true;
    const method = cold ? this.method : 'simplex';
    this.model.options.set({
      solver: method,
      // 1 = dual, 4 = primal, 0 = HiGHS chooses
      simplex_strategy: cold ? 1 : options.primalFeasibleStart ? 4 : 0,
      presolve: options.presolve === false || (!cold && options.primalFeasibleStart) ? 'off' : 'choose',
      time_limit: Number.isFinite(options.timeLimitSec) ? (options.timeLimitSec as number) : 1e20,
    });
    this.solves++;
    const stop = options.shouldStop;
    const k = this.highs.constants.callbackType;
    const callbacks = stop
      ? {
          [k.simplexInterrupt]: (e: { interrupt(): void }) => {
            if (stop()) e.interrupt();
            return undefined;
          },
          [k.ipmInterrupt]: (e: { interrupt(): void }) => {
            if (stop()) e.interrupt();
            return undefined;
          },
        }
      : undefined;
    let status: SolveStatus;
    let message: string | undefined;
    try {
      const run = this.model.run(callbacks);
      status = solveStatusOf(this.highs, run.modelStatus);
      if (status === 'error') message = `HiGHS ended with model status ${run.modelStatus}`;
    } catch (error) {
      status = 'error';
      message = `HiGHS failed: ${(error as Error).message}`;
    }
    const ms = performance.now() - started;
    const iterations = this.iterationCount();
    if (status !== 'optimal')
      return { status, objective: NaN, x: new Float64Array(0), iterations, ms, backend: 'highs', method, message };
    const solution = this.model.getSolution();
    return {
      status,
      objective: this.model.getObjectiveValue(),
      x: solution.colValue,
      iterations,
      ms,
      backend: 'highs',
      method,
      ...(options.duals ? { duals: { rowDual: solution.rowDual, colDual: solution.colDual } } : {}),
    };
  }

  private iterationCount(): number {
    try {
      return (
        Number(this.model.info.get('simplex_iteration_count')) + Number(this.model.info.get('ipm_iteration_count'))
      );
    } catch {
      return 0;
    }
  }

  getWarmStart(): WarmStart | null {
    try {
      const basis = this.model.getBasis();
      return { backend: 'highs', colStatus: basis.colStatus, rowStatus: basis.rowStatus };
    } catch {
      return null;
    }
  }

  setWarmStart(start: WarmStart): void {
    if (start.backend !== 'highs') return;
    this.model.setBasis({ colStatus: start.colStatus, rowStatus: start.rowStatus });
    this.solves = Math.max(this.solves, 1);
  }

  dispose(): void {
    this.model.dispose();
  }
}

export const highsBackend: SolverBackend = {
  name: 'highs',
  supports: { duals: true },
  async open(lp: SparseLp, options: SessionOptions = {}): Promise<LpSession> {
    const highs = await loadHighsRuntime();
    const method = options.method && options.method !== 'auto' ? options.method : chooseHighsMethod(lp);
    let model: Model | null = null;
    try {
      model = highs.createModel(modelData(highs, lp, lp.offset));
      return new HighsSession(highs, model, method);
    } catch (error) {
      model?.dispose();
      throw new SolverError(`HiGHS could not load the LP: ${(error as Error).message}`);
    }
  },
};
