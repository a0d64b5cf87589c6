// One frontier step (MODEL.md section 4) on an open LP session: set the
// objective and the two budget rows, solve, decode, verify and describe the
// plan. Every step sets both budget rows itself, so steps can run in any
// order on one session, which is what makes warm-started sweeps possible.

import type { Problem } from '../domain/problem.js';
import type { SourcingLp } from '../model/build-sourcing-lp.js';
import { decodePlan } from '../model/plan.js';
import { explainPoint, scenarioUnmet } from '../model/marginal-values.js';
import { describePlan, type FrontierPoint } from '../model/plan-report.js';
import { PlanVerificationError, verifyPlan } from '../model/verify-plan.js';
import type { LpSession, SolveOptions, SolveResult, WarmStart } from '../../solver/types.js';

export type FrontierStep =
  /** point A: min E, then min CVaR s.t. E <= E_A + tol */
  | { kind: 'cheapest' }
  /**
   * point B: min CVaR, then min E s.t. CVaR <= CVaR_B + tol. Given `cvarMin`
   * (from a 'min-cvar' step) only the second solve runs, from the basis `from`;
   * right after a 'min-cvar' step of the same run, that step's optimum is its
   * cvarMin (stepAfter).
   */
  | { kind: 'safest'; cvarMin?: number; from?: WarmStart }
  /** point B's first half: min CVaR alone; its value sets the epsilon grid */
  | { kind: 'min-cvar' }
  /** interior point: min E s.t. CVaR <= cvarBound */
  | { kind: 'epsilon'; cvarBound: number }
  /** repair of a dominated point: min CVaR s.t. E <= expectedBound, CVaR <= cvarBound */
  | { kind: 'tighten'; cvarBound: number; expectedBound: number };

export interface SolveStats {
  ms: number;
  iterations: number;
  backend: string;
  method: string;
  message?: string;
}

export interface StepOutcome {
  /**
   * The verified plan, described. Only a 'min-cvar' step can lack one: its plan
   * is not a frontier point but a candidate for CVaR_B, dropped when it fails
   * verification (jsLPSolver has returned one that broke bounds by 5 units,
   * with an optimum below the true one).
   */
  point?: FrontierPoint;
  /** the LP objective of the step's last solve (for 'min-cvar': CVaR_B itself, as the solver has it) */
  objective: number;
  solves: SolveStats[];
  /**
   * Where an epsilon sweep should start: for the cheapest point, the basis of
   * "min E" before the CVaR hold. It is optimal for the sweep's objective, so
   * each tightened CVaR bound is a short dual-simplex re-solve from it.
   */
  sweepStart?: WarmStart;
}

export class FrontierSolveError extends Error {
  constructor(
    message: string,
    readonly status: SolveResult['status'],
  ) {
    super(message);
    this.name = 'FrontierSolveError';
  }
}

/** Lexicographic tolerance of MODEL.md section 4. */
export const lexTolerance = (v: number) => 1e-9 * Math.max(1, Math.abs(v));

type Objective = 'expected' | 'cvar';
type SolveHow = Pick<SolveOptions, 'fresh' | 'presolve' | 'primalFeasibleStart' | 'duals'>;

/**
 * A solve's options in one object shape whatever was asked: spread together,
 * each mix of keys was a new shape, and V8 dropped the optimised code of the
 * session's solve loop at each new one (14-17 compilations of it in a 2-worker
 * bench/medium frontier).
 */
function solveOptions(base: SolveOptions, how: SolveHow): SolveOptions {
  return {
    timeLimitSec: base.timeLimitSec,
    shouldStop: base.shouldStop,
    fresh: how.fresh ?? base.fresh,
    presolve: how.presolve ?? base.presolve,
    primalFeasibleStart: how.primalFeasibleStart ?? base.primalFeasibleStart,
    duals: how.duals ?? base.duals,
  };
}

/** Why a point has no marginal values: the one back-end without duals. */
export const NO_DUALS_NOTE =
  'marginal values and riskPrice need duals, which javascript-lp-solver does not give: solve with highs, benders or auto';

/**
 * Relative slacks tried, in order, for the second step of a lexicographic end
 * point. MODEL.md's 1e-9 is tighter than a simplex solver's own feasibility
 * tolerance (1e-7), so on some LPs the bounded re-solve is "infeasible" by
 * round-off; the slack then widens, and the point says so in its notes.
 */
export const LEX_SLACKS = [1e-9, 1e-7, 1e-6];

export async function runStep(
  problem: Problem,
  model: SourcingLp,
  session: LpSession,
  step: FrontierStep,
  options: SolveOptions,
): Promise<StepOutcome> {
  const solves: SolveStats[] = [];
  // MODEL.md section 8 explains every point from its LP's duals; jsLPSolver has none (auto moves to HiGHS).
  const explain = session.backend !== 'jslp';
  const attempt = async (
    objective: Objective,
    expectedBound: number,
    cvarBound: number,
    how: SolveHow = {},
  ): Promise<SolveResult> => {
    if (objective === 'expected') session.setCost(model.expectedObjective, model.constantCost);
    else session.setCost(model.cvarObjective, 0);
    // E = expected . x + constant, so its row bound is the budget less the constant
    session.setRowBounds(model.layout.expectedRow, -Infinity, expectedBound - model.constantCost);
    session.setRowBounds(model.layout.cvarRow, -Infinity, cvarBound);
    const result = await session.solve(solveOptions(options, how));
    solves.push({
      ms: result.ms,
      iterations: result.iterations,
      backend: result.backend,
      method: result.method,
      ...(result.message ? { message: result.message } : {}),
    });
    return result;
  };
  const solve = async (
    objective: Objective,
    expectedBound: number,
    cvarBound: number,
    how: SolveHow = {},
  ): Promise<SolveResult> => {
    const result = await attempt(objective, expectedBound, cvarBound, how);
    if (result.status !== 'optimal') throw failure(step, objective, result);
    return result;
  };
  /** min CVaR, cold, on a session of its own */
  const minCvar = async (): Promise<SolveResult> =>
    // Presolve off: on bench/medium 4.2 s against 9.6 s with presolve (whose
    // clean-up after interior point took 54,724 simplex iterations) and 36 s
    // warm from point A's basis.
    solve('cvar', Infinity, Infinity, { fresh: true, presolve: false });
  /** minimise `second` with `first` held at its optimum `best` (plus slack), from the current basis */
  const hold = async (first: Objective, second: Objective, best: number): Promise<SolveResult> => {
    let last: SolveResult | null = null;
    for (const slack of LEX_SLACKS) {
      const bound = best + slack * Math.max(1, Math.abs(best));
      // The first optimum satisfies the held bound, so primal simplex starts feasible (B's hold: 1.1 s).
      const expectedBound = first === 'expected' ? bound : Infinity;
      const cvarBound = first === 'cvar' ? bound : Infinity;
      // B's hold is "min E s.t. CVaR <= CVaR_B + hold", the point's LP of MODEL.md section 8
      const duals = explain && second === 'expected';
      last = await attempt(second, expectedBound, cvarBound, { primalFeasibleStart: true, duals });
      // A solver error (HiGHS run status -1, as a batch variation's warm
      // session once returned) says nothing about this bound: the same bound
      // again, cold, before any widening. Widening on an error had made a batch's
      // safest point 0.67% cheaper than a direct solve of the same problem (issue 11).
      if (last.status === 'error') last = await attempt(second, expectedBound, cvarBound, { fresh: true, duals });
      if (last.status === 'optimal') {
        if (slack !== LEX_SLACKS[0])
          solves[solves.length - 1].message =
            `${step.kind} point: lexicographic slack widened to ${slack} (relative) for the solver's tolerance`;
        return last;
      }
      if (last.status === 'time_limit' || last.status === 'interrupted') break;
    }
    throw failure(step, second, last!);
  };

  let sweepStart: WarmStart | undefined;
  let final: SolveResult;
  /** the solve of the point's LP "min E s.t. CVaR <= bound", whose duals explain it */
  let pointLp: SolveResult | undefined;
  switch (step.kind) {
    case 'cheapest': {
      pointLp = await solve('expected', Infinity, Infinity, { duals: explain });
      const best = pointLp.objective;
      sweepStart = session.getWarmStart() ?? undefined;
      final = await hold('expected', 'cvar', best);
      break;
    }
    case 'min-cvar':
      final = await minCvar();
      break;
    case 'safest':
      if (step.from) session.setWarmStart(step.from);
      final = pointLp = await hold('cvar', 'expected', step.cvarMin ?? (await minCvar()).objective);
      break;
    case 'epsilon':
      final = pointLp = await solve('expected', Infinity, step.cvarBound, { duals: explain });
      break;
    case 'tighten':
      final = await solve('cvar', step.expectedBound, step.cvarBound);
      // its plan is optimal in "min E s.t. CVaR <= cvarBound" too: one more solve for that LP's duals
      if (explain)
        pointLp = await solve('expected', Infinity, step.cvarBound, { duals: true, primalFeasibleStart: true });
      break;
  }

  const reported = { objective: final.objective, solves, ...(sweepStart ? { sweepStart } : {}) };
  const designs = model.layout.designs;
  const plan = decodePlan(problem, model.layout, final.x);
  try {
    verifyPlan(problem, model.effects, designs, plan);
  } catch (error) {
    if (step.kind === 'min-cvar' && error instanceof PlanVerificationError) return reported;
    throw error;
  }
  const point = describePlan(problem, model.effects, designs, plan);
  const duals = pointLp?.duals;
  if (!duals && step.kind !== 'min-cvar' && solves.length > 0)
    solves[solves.length - 1].message ??= explain ? 'the solver returned no duals for this point' : NO_DUALS_NOTE;
  const explanation = duals
    ? explainPoint(problem, model, plan, duals, point.expectedCost)
    : { scenarioUnmet: scenarioUnmet(problem, plan) };
  return { point: { ...point, ...explanation }, ...reported };
}

/**
 * The step as it runs after `previous` on the same session: B's hold right
 * after min CVaR holds that optimum, from where the session stands, instead
 * of solving min CVaR again.
 */
export function stepAfter(step: FrontierStep, previous?: FrontierStep, outcome?: StepOutcome): FrontierStep {
  if (step.kind === 'safest' && step.cvarMin === undefined && previous?.kind === 'min-cvar' && outcome)
    return { ...step, cvarMin: outcome.objective };
  return step;
}

/** The point of a step that has one (every kind but 'min-cvar'). */
export function pointOf(outcome: StepOutcome | undefined): FrontierPoint {
  if (!outcome?.point) throw new Error('internal error: a frontier step came back without its point');
  return outcome.point;
}

function failure(step: FrontierStep, objective: Objective, result: SolveResult): FrontierSolveError {
  const what = `${step.kind} step (minimising ${objective === 'expected' ? 'expected cost' : 'CVaR'})`;
  switch (result.status) {
    case 'time_limit':
      return new FrontierSolveError(
        `the ${what} hit the per-solve time limit after ${(result.ms / 1000).toFixed(1)} s`,
        result.status,
      );
    case 'interrupted':
      return new FrontierSolveError(`the ${what} was cancelled`, result.status);
    case 'infeasible':
    case 'unbounded':
      // A valid problem always has a feasible, bounded plan (order nothing).
      return new FrontierSolveError(
        `internal error: the solver called the ${what} ${result.status}, which a valid problem cannot be; please report it with the problem file`,
        result.status,
      );
    default:
      return new FrontierSolveError(
        `the solver failed on the ${what}: ${result.message ?? result.status}`,
        result.status,
      );
  }
}
