// How frontier steps get solved: in this thread on one warm session, or on a
// worker pool. The orchestration (solve-frontier.ts) only sees this interface.

import type { LpSize } from '../model/sparse-lp.js';
import type { FrontierStep, StepOutcome } from './steps.js';

export interface ExecutorInfo {
  backend: string;
  lp: LpSize;
  buildMs: number;
  workers: number;
}

export interface FrontierExecutor {
  /** How many runs it can solve at once: the orchestrator splits the epsilon grid into this many runs. */
  readonly parallelism: number;
  /** Solves each run in order on one warm session; runs may go in parallel. */
  solveRuns(runs: FrontierStep[][], signal?: AbortSignal): Promise<StepOutcome[][]>;
  info(): ExecutorInfo;
  close(): Promise<void>;
}
