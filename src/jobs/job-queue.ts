// What the HTTP layer (and any other front end) knows of batch jobs: submit,
// look up, cancel, and follow their events. LocalJobQueue implements it with
// SQLite and the in-process worker pool; a distributed queue (BullMQ on
// Redis, workers on other machines) would implement the same interface, and
// the routes would not change.

import type { FrontierResult } from '../frontier/solve-frontier.js';
import type { ErrorDetail, ServiceErrorCode } from '../service/errors.js';
import type { JobListPage, JobListQuery, JobSummary, StoredResultRow } from './job-store.js';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** The owner of jobs submitted without a key, when the service has none configured. */
export const NO_TENANT = '';
export type VariationStatus = JobStatus;

/** A job is finished in these; nothing about it changes any more. */
export const FINISHED_JOB_STATUSES: readonly JobStatus[] = ['done', 'failed', 'cancelled'];

export interface JobOptions {
  /** overrides every variation's frontier.points */
  points?: number;
  /** solver back-end name (solver/registry.ts); default auto */
  backend?: string;
  /** at submission only, not kept: every warning of a variation is an error (?strict=true) */
  strict?: boolean;
}

export interface JobFailure {
  code: ServiceErrorCode;
  message: string;
  errors?: ErrorDetail[];
}

export interface JobProgress {
  total: number;
  queued: number;
  running: number;
  done: number;
  failed: number;
  cancelled: number;
  /** (done + failed) / total */
  fraction: number;
}

export interface VariationView {
  index: number;
  name: string;
  status: VariationStatus;
  /** solves started for it; more than 1 only after a restart interrupted one */
  attempts: number;
  startedAt?: string;
  finishedAt?: string;
  result?: FrontierResult;
  error?: JobFailure;
  /** the process that solved it: the service itself, or a `lodestone worker` (docs/scale-out.md) */
  solvedBy?: SolvedBy;
}

export interface SolvedBy {
  host: string;
  pid: number;
}

export interface JobView {
  id: string;
  /**
   * queued (not started), running, done (every variation has a result),
   * failed (finished, and at least one variation failed; the others' results
   * are there), cancelled.
   */
  status: JobStatus;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  options: JobOptions;
  progress: JobProgress;
  variations: VariationView[];
}

export type JobEventType = 'status' | 'variation' | 'point';

/**
 * Something that happened to a job, persisted with an id that increases with
 * time (across jobs), so a client can resume after the last id it saw.
 * - status: the job's status changed: {status, progress}
 * - variation: a variation's status changed: {index, name, status, attempts, error?, progress}
 * - point: a frontier point of a running variation was solved: {index, name, done, total}
 */
export interface JobEvent {
  id: number;
  jobId: string;
  type: JobEventType;
  data: Record<string, unknown>;
  /** ISO 8601 */
  at: string;
}

/** A page of a job's variation outcomes, for a reply streamed one variation at a time. */
export interface JobResultsPage {
  job: JobSummary;
  /** variations in the job */
  total: number;
  /** about how many bytes the page takes as JSON, known before any of it is read */
  estimatedBytes: number;
  rows: Iterable<StoredResultRow>;
}

/**
 * Every job belongs to a tenant (an API key's name, NO_TENANT without keys).
 * A `tenant` argument scopes the call to that tenant's jobs: another tenant's
 * job is not found, exactly as a job that does not exist.
 */
export interface JobQueue {
  /**
   * Expands and validates a batch (src/batch/) and queues it. Rejects with a
   * ServiceError: INVALID_BATCH (every error, with its variation),
   * BATCH_TOO_LARGE (too many variations, or problems over the size limits),
   * or QUOTA_EXCEEDED (the tenant's queued variations would pass its quota).
   */
  submit(input: unknown, options: JobOptions, tenant?: string): Promise<{ id: string; status: JobStatus }>;
  /** null when there is no such job; `results: false` leaves the results out (a cheap poll). */
  get(id: string, options?: { results?: boolean; tenant?: string }): Promise<JobView | null>;
  /** The tenant's jobs, newest first, a page at a time. */
  list(tenant: string, query: JobListQuery): Promise<JobListPage>;
  /** Variations [offset, offset + limit) with their stored results; null when there is no such job. */
  results(id: string, page: { offset: number; limit: number; tenant?: string }): Promise<JobResultsPage | null>;
  /** Cancels what has not finished; rejects with JOB_NOT_FOUND or JOB_FINISHED (done or failed). */
  cancel(id: string, tenant?: string): Promise<JobView>;
  /** Events after `afterId`, oldest first, at most `limit`. */
  events(id: string, afterId: number, limit?: number): Promise<JobEvent[]>;
  /** Calls `listener` with each new event of the job; returns the unsubscribe function. */
  subscribe(id: string, listener: (event: JobEvent) => void): () => void;
  /** Resumes unfinished jobs and starts taking queued ones. */
  start(): Promise<void>;
  /** Takes no new variations; running ones get a grace period to finish, then are stopped and re-queued. */
  stop(): Promise<void>;
}
