// What travels through Redis when a frontier's runs are solved by `lodestone
// worker` processes (--remote, LODESTONE_REMOTE_FRONTIERS): a run to solve
// (frontier steps, MODEL.md section 9's analysis solves, or a whole frontier:
// `batch --remote` sends a variation as one run) and its outcome. BullMQ stores job data and return values as JSON, which
// loses typed arrays (warm starts: a basis is two Int32Arrays) and Infinity
// (free bounds); so both travel as msgpackr bytes (its typed-array types on),
// base64 in a JSON string.

import { Packr } from 'msgpackr';
import type { LpSize } from '../../solver/lp.js';
import type { SolveStatus } from '../../solver/types.js';
import type { AnalysisTask, TaskOutcome } from '../analysis/analysis-types.js';
import type { Problem } from '../domain/problem.js';
import type { InputWarning } from '../domain/warnings.js';
import type { FrontierResult } from '../frontier/solve-frontier.js';
import type { FrontierRun, RunOutcome } from '../frontier/executor.js';
import type { SolvedBy } from './job-queue.js';

/** The BullMQ queue of frontier runs; its keys are `lodestone:v<WIRE_VERSION>:frontier-runs:*` (redis-connection.ts). */
export const RUN_QUEUE = 'frontier-runs';

export type RemoteRun = {
  /** one per frontier: a worker builds the LP once for all the runs of a frontier it takes */
  problemKey: string;
  problem: Problem;
  backend: string;
} & ({ run: FrontierRun } | { tasks: AnalysisTask[] } | { frontier: WholeFrontier });

/** A whole frontier solved by one worker, its sweep unsplit, analysis included where the problem asks for it. */
export interface WholeFrontier {
  /** overrides problem.frontier.points */
  points?: number;
  /** the problem's warnings, reported with the result */
  warnings?: InputWarning[];
}

export type RemoteRunOutcome =
  | { ok: true; result: RunOutcome; lp: LpSize; buildMs: number; solvedBy: SolvedBy }
  | { ok: true; tasks: TaskOutcome[]; solvedBy: SolvedBy }
  | { ok: true; frontier: FrontierResult; solvedBy: SolvedBy }
  | { ok: false; name: string; message: string; status?: SolveStatus; solvedBy: SolvedBy };

/** BullMQ job data: the RemoteRun, packed. */
export interface RemoteRunJob {
  packed: string;
  /** readable in Redis and in logs without unpacking: the run's steps, or its analysis solves */
  steps: number;
  /** present on a run of analysis solves */
  analysis?: true;
  /** present on a whole frontier (`steps` is then its points) */
  frontier?: true;
}

const packr = new Packr({ moreTypes: true });

export function encodeRun(run: RemoteRun): RemoteRunJob {
  const packed = Buffer.from(packr.pack(run)).toString('base64');
  if ('run' in run) return { packed, steps: run.run.steps.length };
  if ('tasks' in run) return { packed, steps: run.tasks.length, analysis: true };
  if ('frontier' in run) return { packed, steps: run.frontier.points ?? run.problem.frontier.points, frontier: true };
  // a kind this version does not know (only a test sends one): its worker fails it by name
  return { packed, steps: 0 };
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
