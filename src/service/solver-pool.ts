// What the service needs of a worker pool. workers/frontier-pool.ts's
// FrontierPool fits it; tests may pass an in-process stand-in.

import type { Problem } from '../domain/problem.js';
import type { FrontierExecutor } from '../frontier/executor.js';
import type { PoolStats } from '../../workers/frontier-pool.js';

export type { PoolStats };

export interface SolverPool {
  executorFor(problem: Problem, options?: { backend?: string }): FrontierExecutor;
  stats(): PoolStats;
}
