// The CLI's --workers: a pool of its own behind one executor, closed with it.
// Kept apart from pool-executor.ts, which must not import the pool that
// creates its executors.

import type { Problem } from '../src/domain/problem.js';
import type { FrontierExecutor } from '../src/frontier/executor.js';
import { FrontierPool } from './frontier-pool.js';

export async function createPoolExecutor(
  problem: Problem,
  options: { workers: number; backend: string; solveTimeLimitSec: number },
): Promise<FrontierExecutor> {
  const pool = await FrontierPool.start({ size: options.workers, solveTimeLimitSec: options.solveTimeLimitSec });
  const executor = pool.executorFor(problem, { backend: options.backend });
  return {
    get parallelism() {
      return executor.parallelism;
    },
    solveRuns: (runs, signal, onStep) => executor.solveRuns(runs, signal, onStep),
    // MODEL.md section 9's solves on the pool too (this wrapper had dropped them to the main thread)
    ...(executor.runAnalysis ? { runAnalysis: executor.runAnalysis.bind(executor) } : {}),
    info: () => executor.info(),
    close: () => pool.close(),
  };
}
