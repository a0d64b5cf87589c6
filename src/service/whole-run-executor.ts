// How a batch variation is solved where no interactive request can be waiting
// (`lodestone worker`): its runs go to the pool whole, each on one worker's
// warm session, instead of one LP step per task through the admission gate
// (yielding-executor.ts). Nothing is gained by yielding there, and the steps'
// round trips cost: bench/small, 5 points, one thread, 292 ms a frontier step
// by step against 233 ms in whole runs, the same answer. Parallelism 1, as
// for a yielding variation: a worker solves as many variations at once as it
// has threads, each on one.

import type { ExecutorInfo, FrontierExecutor, FrontierRun, OnStep, RunOutcome } from '../frontier/executor.js';

export class WholeRunExecutor implements FrontierExecutor {
  readonly parallelism = 1;

  constructor(private readonly inner: FrontierExecutor) {
    if (inner.runAnalysis) this.runAnalysis = inner.runAnalysis.bind(inner);
  }

  readonly runAnalysis?: FrontierExecutor['runAnalysis'];

  solveRuns(runs: FrontierRun[], signal?: AbortSignal, onStep?: OnStep): Promise<RunOutcome[]> {
    return this.inner.solveRuns(runs, signal, onStep);
  }

  info(): ExecutorInfo {
    return { ...this.inner.info(), workers: 1 };
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
