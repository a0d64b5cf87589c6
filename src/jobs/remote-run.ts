// What travels through Redis when a frontier's runs are solved by `lodestone
// worker` processes (--remote, LODESTONE_REMOTE_FRONTIERS): a run to solve
// (frontier steps, or MODEL.md section 9's analysis solves) and its outcome. BullMQ stores job data and return values as JSON, which
// loses typed arrays (warm starts: a basis is two Int32Arrays) and Infinity
// (free bounds); so both travel as msgpackr bytes (its typed-array types on),
// base64 in a JSON string.

import { Packr } from 'msgpackr';
import type { LpSize } from '../../solver/lp.js';
import type { SolveStatus } from '../../solver/types.js';
import type { AnalysisTask, TaskOutcome } from '../analysis/analysis-types.js';
import type { Problem } from '../domain/problem.js';
import type { FrontierRun, RunOutcome } from '../frontier/executor.js';
import type { SolvedBy } from './job-queue.js';

/** The BullMQ queue of frontier runs; its keys are `lodestone:frontier-runs:*`. */
export const RUN_QUEUE = 'frontier-runs';

export type RemoteRun = {
  /** one per frontier: a worker builds the LP once for all the runs of a frontier it takes */
  problemKey: string;
  problem: Problem;
  backend: string;
} & ({ run: FrontierRun } | { tasks: AnalysisTask[] });

export type RemoteRunOutcome =
  | { ok: true; result: RunOutcome; lp: LpSize; buildMs: number; solvedBy: SolvedBy }
  | { ok: true; tasks: TaskOutcome[]; solvedBy: SolvedBy }
  | { ok: false; name: string; message: string; status?: SolveStatus; solvedBy: SolvedBy };

/** BullMQ job data: the RemoteRun, packed. */
export interface RemoteRunJob {
  packed: string;
  /** readable in Redis and in logs without unpacking: the run's steps, or its analysis solves */
  steps: number;
  /** present on a run of analysis solves */
  analysis?: true;
}

const packr = new Packr({ moreTypes: true });

export function encodeRun(run: RemoteRun): RemoteRunJob {
  const packed = Buffer.from(packr.pack(run)).toString('base64');
  return 'run' in run ? { packed, steps: run.run.steps.length } : { packed, steps: run.tasks.length, analysis: true };
}

export function decodeRun(job: RemoteRunJob): RemoteRun {
  return packr.unpack(Buffer.from(job.packed, 'base64')) as RemoteRun;
}

export function encodeRunOutcome(outcome: RemoteRunOutcome): string {
  return Buffer.from(packr.pack(outcome)).toString('base64');
}

export function decodeRunOutcome(encoded: string): RemoteRunOutcome {
  return packr.unpack(Buffer.from(encoded, 'base64')) as RemoteRunOutcome;
}

/** A run worker's BullMQ name: its threads first, so the service can count the threads it may spread runs over. */
export function runWorkerName(threads: number, solvedBy: SolvedBy): string {
  return `${threads}x${solvedBy.host}.${solvedBy.pid}`.replace(/[^\w.-]/g, '_');
}

/** The threads of a worker from its Redis client name (`...:w:<runWorkerName>`), 1 when the name says nothing. */
export function threadsOfWorker(rawName: string | undefined): number {
  const match = rawName ? /:w:(\d+)x/.exec(rawName) : null;
  return match ? Math.max(1, Number(match[1])) : 1;
}
