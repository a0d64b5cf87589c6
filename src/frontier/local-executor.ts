// Solves every frontier step in this thread on one LP session, so each step
// warm-starts from the previous one's basis. Used by the CLI without
// --workers, by tests, and inside each pool worker.

import type { Problem } from '../domain/problem.js';
import { buildSourcingLp, type SourcingLp } from '../model/build-sourcing-lp.js';
import { lpSize } from '../../solver/lp.js';
import { getBackend } from '../../solver/registry.js';
import type { LpMethod, LpSession } from '../../solver/types.js';
import type { ExecutorInfo, FrontierExecutor, FrontierRun, OnStep, RunOutcome } from './executor.js';
import { FrontierSolveError, runStep, stepAfter, type StepOutcome } from './steps.js';

export interface LocalExecutorOptions {
  backend?: string;
  method?: LpMethod;
  solveTimeLimitSec?: number;
}

export class LocalExecutor implements FrontierExecutor {
  readonly parallelism = 1;
  private session: LpSession | null = null;

  private constructor(
    private readonly problem: Problem,
    readonly model: SourcingLp,
    private readonly buildMs: number,
    private readonly options: LocalExecutorOptions,
  ) {}

  /** Builds the LP unless the caller already has it (prepareProblem builds one to measure it). */
  static create(
    problem: Problem,
    options: LocalExecutorOptions = {},
    prebuilt?: { model: SourcingLp; buildMs: number },
  ): LocalExecutor {
    if (prebuilt) return new LocalExecutor(problem, prebuilt.model, prebuilt.buildMs, options);
    const started = performance.now();
    const model = buildSourcingLp(problem);
    return new LocalExecutor(problem, model, performance.now() - started, options);
  }

  /** Runs go one after another on the one session, which is therefore always warm; a run's own warm start takes precedence. */
  solveRuns(runs: FrontierRun[], signal?: AbortSignal, onStep?: OnStep): Promise<RunOutcome[]> {
    return this.solveRunsUntil(runs, signal ? () => signal.aborted : () => false, onStep);
  }

  /** As solveRuns, with a stop test that can also be a flag another thread sets. */
  async solveRunsUntil(runs: FrontierRun[], stopRequested: () => boolean, onStep?: OnStep): Promise<RunOutcome[]> {
    const out: RunOutcome[] = [];
    for (const [r, run] of runs.entries()) {
      // A fresh-session run leaves the shared warm session where it stands.
      const session = run.freshSession ? await this.newSession() : await this.openSession();
      try {
        if (run.warmStart) session.setWarmStart(run.warmStart);
        const outcomes: StepOutcome[] = [];
        for (const [i, step] of run.steps.entries()) {
          if (stopRequested()) throw new FrontierSolveError('the frontier was cancelled', 'interrupted');
          const outcome = await runStep(
            this.problem,
            this.model,
            session,
            stepAfter(step, run.steps[i - 1], outcomes[i - 1]),
            { timeLimitSec: this.options.solveTimeLimitSec, shouldStop: stopRequested },
          );
          outcomes.push(outcome);
          onStep?.({ run: r, step: i, ...(run.reportPoints && outcome.point ? { point: outcome.point } : {}) });
        }
        const warmStart = run.wantWarmStart
          ? (outcomes.at(-1)?.sweepStart ?? session.getWarmStart() ?? undefined)
          : undefined;
        out.push({ outcomes: outcomes.map(({ sweepStart: _, ...o }) => o), ...(warmStart ? { warmStart } : {}) });
      } finally {
        if (run.freshSession) session.dispose();
      }
    }
    return out;
  }

  private newSession(): Promise<LpSession> {
    return getBackend(this.options.backend ?? 'auto').open(this.model.lp, { method: this.options.method });
  }

  /** The session, opened on first use (runs seed it with their own warm start). */
  private async openSession(): Promise<LpSession> {
    this.session ??= await this.newSession();
    return this.session;
  }

  info(): ExecutorInfo {
    return { backend: this.options.backend ?? 'auto', lp: lpSize(this.model.lp), buildMs: this.buildMs, workers: 1 };
  }

  async close(): Promise<void> {
    this.session?.dispose();
    this.session = null;
  }
}
