// Solves every frontier step in this thread on one LP session, so each step
// warm-starts from the previous one's basis. Used by the CLI without
// --workers, by tests, and inside each pool worker.

import type { Problem } from '../domain/problem.js';
import { buildSourcingLp, type SourcingLp } from '../model/build-sourcing-lp.js';
import { lpSize } from '../model/sparse-lp.js';
import { getBackend } from '../../solver/registry.js';
import type { LpMethod, LpSession } from '../../solver/types.js';
import type { ExecutorInfo, FrontierExecutor } from './executor.js';
import { runStep, type FrontierStep, type StepOutcome } from './steps.js';

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

  static create(problem: Problem, options: LocalExecutorOptions = {}): LocalExecutor {
    const started = performance.now();
    const model = buildSourcingLp(problem);
    return new LocalExecutor(problem, model, performance.now() - started, options);
  }

  async solveRuns(runs: FrontierStep[][], signal?: AbortSignal): Promise<StepOutcome[][]> {
    this.session ??= await getBackend(this.options.backend ?? 'auto').open(this.model.lp, { method: this.options.method });
    const out: StepOutcome[][] = [];
    for (const run of runs) {
      const outcomes: StepOutcome[] = [];
      for (const step of run) {
        signal?.throwIfAborted();
        outcomes.push(
          await runStep(this.problem, this.model, this.session, step, {
            timeLimitSec: this.options.solveTimeLimitSec,
            shouldStop: signal ? () => signal.aborted : undefined,
          }),
        );
      }
      out.push(outcomes);
    }
    return out;
  }

  info(): ExecutorInfo {
    return { backend: this.options.backend ?? 'auto', lp: lpSize(this.model.lp), buildMs: this.buildMs, workers: 1 };
  }

  async close(): Promise<void> {
    this.session?.dispose();
    this.session = null;
  }
}
