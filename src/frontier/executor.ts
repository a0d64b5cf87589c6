// How frontier steps get solved: in this thread on one warm session, or on a
// worker pool. The orchestration (solve-frontier.ts) only sees this interface.

import type { LpSize } from '../../solver/lp.js';
import type { WarmStart } from '../../solver/types.js';
import type { AnalysisRunner } from '../analysis/analysis-types.js';
import type { FrontierPoint } from '../model/plan-report.js';
import type { FrontierStep, StepOutcome } from './steps.js';

/** A run of steps solved in order on one session, optionally seeded with a basis. */
export interface FrontierRun {
  steps: FrontierStep[];
  /** basis to start from, where the executor's session is not already warm */
  warmStart?: WarmStart;
  /** return the session's basis after the last step (to seed other runs) */
  wantWarmStart?: boolean;
  /** solve on a session of its own, as if cold (nothing to gain from where others stand) */
  freshSession?: boolean;
  /** send each step's verified point with its StepDone (point A is streamed before the frontier is done) */
  reportPoints?: boolean;
}

/** One step of a run solved: its place, and its point where the run asked for it (reportPoints). */
export interface StepDone {
  run: number;
  step: number;
  point?: FrontierPoint;
}

/** Called as steps are solved; the event is absent where an executor cannot say which step it was. */
export type OnStep = (done?: StepDone) => void;

export interface RunOutcome {
  outcomes: StepOutcome[];
  warmStart?: WarmStart;
}

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
  solveRuns(runs: FrontierRun[], signal?: AbortSignal, onStep?: OnStep): Promise<RunOutcome[]>;
  info(): ExecutorInfo;
  close(): Promise<void>;
  /** MODEL.md section 9's independent solves, in parallel where the executor can (default: in this thread) */
  runAnalysis?: AnalysisRunner;
}
