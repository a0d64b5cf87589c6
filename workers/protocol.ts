// Messages between the pool (main thread) and a frontier worker.

import type { MessagePort } from 'node:worker_threads';
import type { AnalysisTask, TaskOutcome } from '../src/analysis/vss-evpi.js';
import type { FrontierRun, RunOutcome } from '../src/frontier/executor.js';
import type { FrontierPoint } from '../src/model/plan-report.js';
import type { LpSize } from '../solver/lp.js';
import type { SolveStatus } from '../solver/types.js';

export interface WarmupTask {
  kind: 'warmup';
  /** also run a few small solves, so V8 has optimised HiGHS before the first request */
  solve?: boolean;
}

export interface SolveRunTask {
  kind: 'run';
  /** one key per problem per request: a worker reuses the LP it built for it */
  problemKey: string;
  /** the normalised Problem, packed with msgpackr; its buffer is transferred, not copied */
  problem: Uint8Array;
  run: FrontierRun;
  backend: string;
  solveTimeLimitSec: number;
  /** Int32Array view, slot 0: set to 1 by the main thread to stop the run */
  stop: SharedArrayBuffer;
  /** receives a StepMessage per finished step (progress, and point A early) */
  progress?: MessagePort;
}

/** What a worker posts on the progress port as each step of its run is solved. */
export interface StepMessage {
  step: number;
  /** the step's verified point, when the run asked for it (FrontierRun.reportPoints) */
  point?: FrontierPoint;
}

/** One independent solve of MODEL.md section 9 (src/analysis/vss-evpi.ts). */
export interface AnalysisRunTask {
  kind: 'analysis';
  /** the normalised Problem, packed with msgpackr */
  problem: Uint8Array;
  /** the same for every task of one problem: a worker unpacks it once for all of them */
  problemKey: string;
  task: AnalysisTask;
  solveTimeLimitSec: number;
  /** Int32Array view, slot 0: set to 1 by the main thread to stop the solve (as SolveRunTask's) */
  stop?: SharedArrayBuffer;
}

export type AnalysisReply = { ok: true; outcome: TaskOutcome } | { ok: false; name: string; message: string };

export type WorkerTask = WarmupTask | SolveRunTask | AnalysisRunTask;

/** Failures inside a run come back as values; a rejected task therefore always means the worker itself died. */
export type SolveRunReply =
  | { ok: true; result: RunOutcome; lp: LpSize; buildMs: number }
  | { ok: false; name: string; message: string; status?: SolveStatus };

export interface WarmupReply {
  ready: true;
  highs: string;
  /** how long the warm-up solves took (0 when none were asked for) */
  warmUpMs: number;
}
