// Where jobs live between restarts. Every state change is one transaction
// that also appends the event announcing it, and returns the events written,
// so what a client is told and what a restart finds always agree. The job
// runner is the only writer of variation state; the store enforces the
// transitions (a result is only accepted for a running variation, and only
// together with the status "done").

import type { FrontierResult } from '../frontier/solve-frontier.js';
import type { PatchOperation } from '../batch/expand.js';
import type { JobEvent, JobFailure, JobOptions, JobView, SolvedBy } from './job-queue.js';

export interface NewJob {
  id: string;
  options: JobOptions;
  documents: unknown[];
  variations: { name: string; document: number; patch: PatchOperation[] }[];
}

export interface ClaimedVariation {
  jobId: string;
  index: number;
  name: string;
  attempts: number;
  /** the job's base documents and this variation's patch (materialise() makes the problem) */
  documents: unknown[];
  document: number;
  patch: PatchOperation[];
  options: JobOptions;
}

export interface JobStore {
  createJob(job: NewJob): JobEvent[];
  getJob(id: string, options?: { results?: boolean }): JobView | null;
  /** The next job to run, not among `exclude`: interrupted (running) jobs first, then queued ones in submission order. */
  nextJob(exclude: readonly string[]): string | null;
  /** queued -> running (running stays running: a resumed job). */
  startJob(id: string): JobEvent[];
  /** The job's next queued variation, now running with one more attempt; null when none is left or the job is no longer running. */
  claimVariation(jobId: string): { variation: ClaimedVariation; events: JobEvent[] } | null;
  /** running -> done, with its result, in one transaction; nothing if it is no longer running (cancelled meanwhile). */
  completeVariation(jobId: string, index: number, result: FrontierResult, solvedBy?: SolvedBy): JobEvent[];
  /** running -> failed. */
  failVariation(jobId: string, index: number, error: JobFailure): JobEvent[];
  /** running -> queued: stopped by a shutdown, to be solved again. */
  requeueVariation(jobId: string, index: number): JobEvent[];
  /** A running job with nothing queued or running left -> done, or failed if a variation failed. */
  finishJob(id: string): JobEvent[];
  /** queued/running -> cancelled, with every unfinished variation; null if no such job. */
  cancelJob(id: string): { events: JobEvent[]; status: JobView['status'] } | null;
  /** At start-up: variations left running by a crash are queued again. */
  recover(): JobEvent[];
  appendEvent(jobId: string, type: JobEvent['type'], data: Record<string, unknown>): JobEvent;
  eventsAfter(jobId: string, afterId: number, limit: number): JobEvent[];
  close(): void;
}
