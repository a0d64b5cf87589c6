// How a batch variation shares the pool with interactive requests: its
// frontier is solved one LP step at a time, each step a pool task of its own
// taken through the admission gate at batch priority, so between any two of
// its steps an interactive request goes first. It never uses more than one
// worker (parallelism 1), and it carries the basis from step to step, as the
// in-process LocalExecutor does on its one session, so the steps stay
// warm-started wherever they land.

import { runInThread, type AnalysisTask, type TaskOutcome } from '../analysis/vss-evpi.js';
import type { Problem } from '../domain/problem.js';
import type { ExecutorInfo, FrontierExecutor, FrontierRun, OnStep, RunOutcome } from '../frontier/executor.js';
import { stepAfter, type StepOutcome } from '../frontier/steps.js';
import type { WarmStart } from '../../solver/types.js';
import type { AdmissionGate } from './admission-gate.js';

export class YieldingExecutor implements FrontierExecutor {
  readonly parallelism = 1;

  constructor(
    private readonly inner: FrontierExecutor,
    private readonly gate: AdmissionGate,
  ) {}

  async solveRuns(runs: FrontierRun[], signal?: AbortSignal, onStep?: OnStep): Promise<RunOutcome[]> {
    const out: RunOutcome[] = [];
    let basis: WarmStart | undefined;
    for (const [r, run] of runs.entries()) {
      // A run's own warm start takes precedence; else it goes on from where the last one ended.
      basis = run.warmStart ?? basis;
      const outcomes: StepOutcome[] = [];
      for (const [i, step] of run.steps.entries()) {
        const release = await this.gate.acquire(signal, { priority: 'batch' });
        let solved: RunOutcome;
        try {
          [solved] = await this.inner.solveRuns(
            [
              {
                steps: [stepAfter(step, run.steps[i - 1], outcomes[i - 1])],
                warmStart: basis,
                wantWarmStart: true,
                ...(run.freshSession ? { freshSession: true } : {}),
              },
            ],
            signal,
          );
        } finally {
          release();
        }
        // Counted here, once per step solved, whatever the inner executor reports.
        const point = run.reportPoints ? solved.outcomes[0]?.point : undefined;
        onStep?.({ run: r, step: i, ...(point ? { point } : {}) });
        outcomes.push(...solved.outcomes);
        basis = solved.warmStart ?? basis;
      }
      out.push({ outcomes, ...(run.wantWarmStart && basis ? { warmStart: basis } : {}) });
    }
    return out;
  }

  /** MODEL.md section 9's solves, one at a time, each through the gate at batch priority like a step. */
  async runAnalysis(problem: Problem, tasks: AnalysisTask[], signal?: AbortSignal): Promise<TaskOutcome[]> {
    const run = this.inner.runAnalysis?.bind(this.inner) ?? runInThread;
    const out: TaskOutcome[] = [];
    for (const task of tasks) {
      const release = await this.gate.acquire(signal, { priority: 'batch' });
      try {
        out.push(...(await run(problem, [task], signal)));
      } finally {
        release();
      }
    }
    return out;
  }

  info(): ExecutorInfo {
    return { ...this.inner.info(), workers: 1 };
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
