// Where jobs live between restarts. Every state change is one transaction
// that also appends the event announcing it, and returns the events written,
// so what a client is told and what a restart finds always agree. The job
// runner is the only writer of variation state; the store enforces the
// transitions (a result is only accepted for a running variation, and only
// together with the status "done").

import type { FrontierResult } from '../frontier/solve-frontier.js';
import type { PatchOperation } from '../batch/json-patch.js';
import type { JobEvent, JobFailure, JobOptions, JobProgress, JobStatus, JobView, SolvedBy } from './job-queue.js';

export interface NewJob {
  id: string;
  /** the owner: an API key's name, '' without keys (default) */
  tenant?: string;
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

/** One page of a tenant's jobs, newest first. */
export interface JobListQuery {
  status?: JobStatus;
  limit: number;
  /** from a previous page's nextCursor: only jobs older than that page */
  cursor?: number;
}

export type JobSummary = Omit<JobView, 'variations'>;

export interface JobListPage {
  jobs: JobSummary[];
  /** present when older jobs remain */
  nextCursor?: number;
}

/** A variation's outcome as stored: the result still as JSON text, so a reply can carry it without parsing it. */
export interface StoredResultRow {
  index: number;
  name: string;
  status: JobStatus;
  resultJson: string | null;
  errorJson: string | null;
}

export interface JobStore {
  createJob(job: NewJob): JobEvent[];
  /** `tenant` given: null unless the job is that tenant's (a job of another tenant does not exist for it). */
  getJob(id: string, options?: { results?: boolean; tenant?: string }): JobView | null;
  /** The job's variations counted by status, without reading them (all zero for a job that does not exist). */
  progress(jobId: string): JobProgress;
  /** The indices of the job's running variations, ascending, without reading the rest of the job. */
  runningVariations(jobId: string): number[];
  listJobs(tenant: string, query: JobListQuery): JobListPage;
  /** The tenant's variations queued or running, over all its jobs (the queued-variations quota). */
  unfinishedVariations(tenant: string): number;
  /** Deletes jobs finished before the cutoff (ms since the epoch), with their variations and events; returns how many. */
  purgeFinishedBefore(cutoffMs: number): number;
  /** About how many bytes variations [offset, offset + limit) take as JSON, from the stored lengths, without reading them. */
  resultsSize(jobId: string, offset: number, limit: number): number;
  /** Variations [offset, offset + limit) in index order, read a few at a time. */
  resultRows(jobId: string, offset: number, limit: number): Iterable<StoredResultRow>;
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
