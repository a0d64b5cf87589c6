// A bench-only FrontierExecutor that solves every step on a fresh LP session,
// so nothing is warm-started: the baseline the warm-started sweeps are
// measured against. The LP is built once, as LocalExecutor does.

import type { Problem } from '../../src/domain/problem.js';
import type { ExecutorInfo, FrontierExecutor, FrontierRun, OnStep, RunOutcome } from '../../src/frontier/executor.js';
import { FrontierSolveError, runStep, stepAfter, type StepOutcome } from '../../src/frontier/steps.js';
import { buildSourcingLp, type SourcingLp } from '../../src/model/build-sourcing-lp.js';
import { lpSize } from '../../solver/lp.js';
import { getBackend } from '../../solver/registry.js';

export class ColdExecutor implements FrontierExecutor {
  readonly parallelism = 1;
  private readonly model: SourcingLp;
  private readonly buildMs: number;

  constructor(
    private readonly problem: Problem,
    private readonly options: { backend: string; solveTimeLimitSec: number },
  ) {
    const started = performance.now();
    this.model = buildSourcingLp(problem);
    this.buildMs = performance.now() - started;
  }

  async solveRuns(runs: FrontierRun[], signal?: AbortSignal, onStep?: OnStep): Promise<RunOutcome[]> {
    const stop = () => signal?.aborted ?? false;
    const out: RunOutcome[] = [];
    for (const run of runs) {
      const outcomes: StepOutcome[] = [];
      for (const [i, step] of run.steps.entries()) {
        if (stop()) throw new FrontierSolveError('the frontier was cancelled', 'interrupted');
        const session = await getBackend(this.options.backend).open(this.model.lp);
        try {
          outcomes.push(
            await runStep(this.problem, this.model, session, stepAfter(step, run.steps[i - 1], outcomes[i - 1]), {
              timeLimitSec: this.options.solveTimeLimitSec,
              shouldStop: stop,
            }),
          );
        } finally {
          session.dispose();
        }
        onStep?.();
      }
      // No warm start to hand on: the next run starts cold anyway.
      out.push({ outcomes });
    }
    return out;
  }

  info(): ExecutorInfo {
    return { backend: this.options.backend, lp: lpSize(this.model.lp), buildMs: this.buildMs, workers: 1 };
  }

  async close(): Promise<void> {}
}
