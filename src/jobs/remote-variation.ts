// What travels through Redis between the service and `lodestone worker`: a
// variation to solve (the problem already materialised from its patch, so a
// worker needs nothing of the job store) and its outcome. A BullMQ job's id
// is the job id and the variation index, so a variation is in the queue at
// most once however often the service hands it out again.

import type { FrontierResult } from '../frontier/solve-frontier.js';
import type { JobFailure, SolvedBy } from './job-queue.js';

export interface RemoteVariation {
  jobId: string;
  index: number;
  name: string;
  /** the variation's raw problem */
  input: unknown;
  points?: number;
  backend?: string;
}

export type RemoteOutcome =
  { ok: true; result: FrontierResult; solvedBy: SolvedBy } | { ok: false; error: JobFailure; solvedBy: SolvedBy };

export function remoteJobId(jobId: string, index: number): string {
  return `${jobId}.${index}`;
}

/** The job id and index of a BullMQ job id made by remoteJobId, or null. */
export function parseRemoteJobId(id: string | undefined): { jobId: string; index: number } | null {
  const match = id ? /^(.+)\.(\d+)$/.exec(id) : null;
  return match ? { jobId: match[1], index: Number(match[2]) } : null;
}
