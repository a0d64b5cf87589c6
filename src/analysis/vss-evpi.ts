// MODEL.md section 9: what the stochastic model is worth. rp (E at point A)
// against the expected-value plan (ev, eev, vss) and against perfect
// information (ws, evpi). The solves are independent tasks, so a runner can
// put them on the worker pool; the default runs them in this thread.

import type { Problem } from '../domain/problem.js';
import { computeScenarioEffects, type ScenarioEffects } from '../domain/scenario-effects.js';
import { buildSourcingLp } from '../model/build-sourcing-lp.js';
import type { SparseLp } from '../../solver/lp.js';
import { getBackend } from '../../solver/registry.js';
import { FrontierSolveError } from '../frontier/steps.js';
import { eevLp, expectedValueLp, fixedPlanInScenario, scenarioAloneLp } from './analysis-lps.js';

export { ANALYSIS_KINDS } from './analysis-types.js';
export type { AnalysisKind, AnalysisResult, AnalysisRunner, AnalysisTask, TaskOutcome } from './analysis-types.js';
import type { AnalysisKind, AnalysisResult, AnalysisRunner, AnalysisTask, TaskOutcome } from './analysis-types.js';

/**
 * A difference that must be >= 0 (vss, evpi): round-off below 1e-7 of the
 * costs' size reads as 0; anything more negative is reported as it is, so a
 * fault shows instead of hiding behind a clamp.
 */
function nonNegative(v: number, scale: number): number {
  return v < 0 && v > -1e-7 * Math.max(1, Math.abs(scale)) ? 0 : v;
}

/** The EEV hold of MODEL.md section 9: the EV cost kept within this of its optimum. */
export const evHold = (ev: number) => ev * (1 + 1e-9) + 1e-9;

/** How an analysis solve may be stopped: the per-solve time limit, and a cancel test polled inside the solver. */
export interface AnalysisLimits {
  timeLimitSec?: number;
  shouldStop?: () => boolean;
}

/** How a cancelled analysis fails, wherever its solves run. */
export const analysisCancelled = () => new FrontierSolveError('the analysis was cancelled', 'interrupted');

async function solveLp(lp: SparseLp, limits: AnalysisLimits): Promise<{ objective: number | null; x: Float64Array }> {
  const session = await getBackend('highs').open(lp);
  try {
    const result = await session.solve({
      ...(limits.timeLimitSec ? { timeLimitSec: limits.timeLimitSec } : {}),
      ...(limits.shouldStop ? { shouldStop: limits.shouldStop } : {}),
    });
    if (result.status === 'infeasible') return { objective: null, x: new Float64Array(0) };
    // stopped by its caller: a cancel, whichever runner ran the solve (not a solver fault)
    if (result.status === 'interrupted' && limits.shouldStop?.()) throw analysisCancelled();
    if (result.status !== 'optimal')
      throw new Error(`an analysis solve ended ${result.status}${result.message ? `: ${result.message}` : ''}`);
    return { objective: result.objective, x: result.x };
  } finally {
    session.dispose();
  }
}

/** One task, on this thread (workers call this too, passing the effects they keep for the problem's next tasks). */
export async function runAnalysisTask(
  problem: Problem,
  task: AnalysisTask,
  limits: AnalysisLimits = {},
  effects: ScenarioEffects = computeScenarioEffects(problem),
): Promise<TaskOutcome> {
  switch (task.kind) {
    case 'ev':
      return { objective: (await solveLp(expectedValueLp(problem, effects).lp, limits)).objective };
    case 'ws':
      return {
        objective: (await solveLp(scenarioAloneLp(problem, task.scenario, effects).lp, limits)).objective,
      };
    case 'eev': {
      const lp = eevLp(buildSourcingLp(problem, effects), expectedValueLp(problem, effects), evHold(task.ev));
      return { objective: (await solveLp(lp, limits)).objective };
    }
    case 'ev-plan-in': {
      const ev = expectedValueLp(problem, effects);
      const plan = await solveLp(ev.lp, limits);
      if (plan.objective === null) return { objective: null };
      return {
        objective: (await solveLp(fixedPlanInScenario(problem, task.scenario, ev, plan.x), limits)).objective,
      };
    }
  }
}

export const runInThread: AnalysisRunner = async (problem, tasks, signal) => {
  const out: TaskOutcome[] = [];
  const shouldStop = signal ? () => signal.aborted : undefined;
  for (const task of tasks) {
    signal?.throwIfAborted();
    out.push(await runAnalysisTask(problem, task, { shouldStop }));
  }
  return out;
};

/**
 * rp, ev, eev, vss, ws, evpi as asked: ["vss"] gives rp, ev, eev and vss;
 * ["evpi"] rp, ws and evpi. `rp` is E at the frontier's point A.
 */
export async function analyse(
  problem: Problem,
  kinds: readonly AnalysisKind[],
  rp: number,
  runner: AnalysisRunner = runInThread,
  signal?: AbortSignal,
): Promise<AnalysisResult> {
  signal?.throwIfAborted();
  const result: AnalysisResult = { rp, notes: [] };
  const K = problem.scenarios.length;
  const wantVss = kinds.includes('vss');
  const wantEvpi = kinds.includes('evpi');
  // the EV problem and every scenario alone are independent: one batch
  const first: AnalysisTask[] = [
    ...(wantVss ? [{ kind: 'ev' } as const] : []),
    ...(wantEvpi ? problem.scenarios.map((_, k) => ({ kind: 'ws', scenario: k }) as const) : []),
  ];
  const outcomes = await runner(problem, first, signal);
  if (wantEvpi) {
    const z = outcomes.slice(wantVss ? 1 : 0);
    let ws = 0;
    z.forEach((o, k) => {
      if (o.objective === null)
        throw new Error(`internal error: scenario ${problem.scenarios[k].id} alone is infeasible`);
      ws += problem.scenarios[k].probability * o.objective;
    });
    result.ws = ws;
    result.evpi = nonNegative(rp - ws, rp);
    // Not a relaxation when policy rules bind: scenario k alone weighs its shares by a[k], not by abar.
    if (result.evpi < 0)
      result.notes.push(
        'evpi is negative: each scenario solved alone weighs its policy shares by its own availabilities (MODEL.md section 9), which binds harder than the expected availabilities the plan is held to',
      );
    result.notes.push(
      `evpi: what knowing the outcome before committing would save in expected cost (${K} scenario${K === 1 ? '' : 's'} solved alone)`,
    );
  }
  if (wantVss) {
    const ev = outcomes[0].objective;
    if (ev === null) throw new Error('internal error: the expected-value problem is infeasible');
    result.ev = ev;
    const [eev] = await runner(problem, [{ kind: 'eev', ev }], signal);
    if (eev.objective === null) {
      result.eev = null;
      result.vss = null;
      const checks = await runner(
        problem,
        problem.scenarios.map((_, k) => ({ kind: 'ev-plan-in', scenario: k }) as const),
        signal,
      );
      const failing = checks.findIndex((c, k) => c.objective === null && problem.scenarios[k].probability > 0);
      result.notes.push(
        `eev and vss: no plan optimal for the expected-value problem has a feasible second stage in every scenario` +
          (failing >= 0 ? ` (scenario ${problem.scenarios[failing].id} fails: stock would overflow its maximum)` : ''),
      );
    } else {
      result.eev = eev.objective;
      result.vss = nonNegative(eev.objective - rp, rp);
      result.notes.push('vss: what planning for the scenarios saves over planning for the average scenario');
    }
  }
  return result;
}
