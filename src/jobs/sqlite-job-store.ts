// The job store in one SQLite file (better-sqlite3), `lodestone.db` under
// LODESTONE_DATA_DIR. This file puts the parts in sqlite/ together behind
// the JobStore interface, on one connection and one clock:
//
//   open-database.ts      the file, its pragmas (WAL, exclusive lock), JobStoreLockedError
//   schema.ts             the tables, their migrations
//   rows.ts               row <-> JobView / VariationView / ClaimedVariation mapping
//   event-log.ts          the events table
//   job-queries.ts        the reads
//   job-transitions.ts    the status changes, each with its events in one transaction
//   finished-job-purge.ts the retention delete

import type Database from 'better-sqlite3';
import type { FrontierResult } from '../frontier/solve-frontier.js';
import type { JobEvent, JobFailure, JobProgress, JobStatus, JobView, SolvedBy } from './job-queue.js';
import type { ClaimedVariation, JobListPage, JobListQuery, JobStore, NewJob, StoredResultRow } from './job-store.js';
import { SqliteEventLog } from './sqlite/event-log.js';
import { finishedJobPurge } from './sqlite/finished-job-purge.js';
import { SqliteJobQueries } from './sqlite/job-queries.js';
import { SqliteJobTransitions } from './sqlite/job-transitions.js';
import { openJobDatabase } from './sqlite/open-database.js';

/** Opens (creating if need be) the store in `dataDir`; ':memory:' for a store that lives and dies with the process. */
export function openSqliteJobStore(dataDir: string, options: { now?: () => number } = {}): SqliteJobStore {
  return new SqliteJobStore(openJobDatabase(dataDir), options.now);
}

export class SqliteJobStore implements JobStore {
  private readonly events: SqliteEventLog;
  private readonly queries: SqliteJobQueries;
  private readonly transitions: SqliteJobTransitions;
  private readonly purge: (cutoffMs: number) => number;

  constructor(
    private readonly db: Database.Database,
    /** the clock of every timestamp (tests move it to check retention) */
    private readonly now: () => number = Date.now,
  ) {
    this.events = new SqliteEventLog(db);
    this.queries = new SqliteJobQueries(db);
    this.transitions = new SqliteJobTransitions(db, now, this.queries, this.events);
    this.purge = finishedJobPurge(db);
  }

  createJob(job: NewJob): JobEvent[] {
    return this.transitions.createJob(job);
  }

  getJob(id: string, options: { results?: boolean; tenant?: string } = {}): JobView | null {
    return this.queries.getJob(id, options);
  }

  progress(jobId: string): JobProgress {
    return this.queries.progress(jobId);
  }

  runningVariations(jobId: string): number[] {
    return this.queries.runningVariations(jobId);
  }

  nextJob(exclude: readonly string[]): string | null {
    return this.queries.nextJob(exclude);
  }

  startJob(id: string): JobEvent[] {
    return this.transitions.startJob(id);
  }

  claimVariation(jobId: string): { variation: ClaimedVariation; events: JobEvent[] } | null {
    return this.transitions.claimVariation(jobId);
  }

  completeVariation(jobId: string, index: number, result: FrontierResult, solvedBy?: SolvedBy): JobEvent[] {
    return this.transitions.completeVariation(jobId, index, result, solvedBy);
  }

  failVariation(jobId: string, index: number, error: JobFailure): JobEvent[] {
    return this.transitions.failVariation(jobId, index, error);
  }

  requeueVariation(jobId: string, index: number): JobEvent[] {
    return this.transitions.requeueVariation(jobId, index);
  }

  finishJob(id: string): JobEvent[] {
    return this.transitions.finishJob(id);
  }

  cancelJob(id: string): { events: JobEvent[]; status: JobStatus } | null {
    return this.transitions.cancelJob(id);
  }

  recover(): JobEvent[] {
    return this.transitions.recover();
  }

  appendEvent(jobId: string, type: JobEvent['type'], data: Record<string, unknown>): JobEvent {
    return this.events.append(jobId, type, data, this.now());
  }

  eventsAfter(jobId: string, afterId: number, limit: number): JobEvent[] {
    return this.events.after(jobId, afterId, limit);
  }

  listJobs(tenant: string, query: JobListQuery): JobListPage {
    return this.queries.listJobs(tenant, query);
  }

  unfinishedVariations(tenant: string): number {
    return this.queries.unfinishedVariations(tenant);
  }

  purgeFinishedBefore(cutoffMs: number): number {
    return this.purge(cutoffMs);
  }

  resultsSize(jobId: string, offset: number, limit: number): number {
    return this.queries.resultsSize(jobId, offset, limit);
  }

  resultRows(jobId: string, offset: number, limit: number): Generator<StoredResultRow> {
    return this.queries.resultRows(jobId, offset, limit);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
