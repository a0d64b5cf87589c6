// Reading jobs without changing them: one job with its variations, a
// tenant's jobs page by page, the queued-variations quota, stored results a
// few at a time, the next job to run, and a job's progress (which the
// transitions also put in every event they write).

import type Database from 'better-sqlite3';
import type { JobProgress, JobStatus, JobView } from '../job-queue.js';
import type { JobListPage, JobListQuery, StoredResultRow } from '../job-store.js';
import { jobSummaryOf, progressOf, variationViewOf, type JobRow, type VariationRow } from './rows.js';

export class SqliteJobQueries {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    const s = (sql: string) => db.prepare(sql);
    this.statements = {
      job: s(`SELECT id, tenant, status, options, created_at, updated_at, finished_at FROM jobs WHERE id = ?`),
      list: s(`SELECT id, tenant, status, options, created_at, updated_at, finished_at, seq FROM jobs
               WHERE tenant = ? AND (? IS NULL OR status = ?) AND seq < ? ORDER BY seq DESC LIMIT ?`),
      unfinishedVariations: s(`SELECT count(*) AS n FROM variations v JOIN jobs j ON j.id = v.job_id
                               WHERE j.tenant = ? AND v.status IN ('queued', 'running')`),
      resultsPage: s(`SELECT idx, name, status, result, error FROM variations
                      WHERE job_id = ? AND idx >= ? ORDER BY idx LIMIT ?`),
      resultsSize:
        s(`SELECT coalesce(sum(length(result)), 0) + coalesce(sum(length(error)), 0) + 100 * count(*) AS bytes
                      FROM (SELECT result, error FROM variations WHERE job_id = ? AND idx >= ? ORDER BY idx LIMIT ?)`),
      variations:
        s(`SELECT idx, name, status, attempts, started_at, finished_at, CASE WHEN ? THEN result END AS result, error, solved_by
                     FROM variations WHERE job_id = ? ORDER BY idx`),
      counts: s(`SELECT status, count(*) AS n FROM variations WHERE job_id = ? GROUP BY status`),
      running: s(`SELECT idx FROM variations WHERE job_id = ? AND status = 'running' ORDER BY idx`).pluck(),
      runnable: s(`SELECT id FROM jobs WHERE status IN ('running', 'queued') ORDER BY status = 'running' DESC, seq`),
    };
  }

  job(id: string): JobRow | undefined {
    return this.statements.job.get(id) as JobRow | undefined;
  }

  progress(jobId: string): JobProgress {
    return progressOf(this.statements.counts.all(jobId) as { status: JobStatus; n: number }[]);
  }

  runningVariations(jobId: string): number[] {
    return this.statements.running.all(jobId) as number[];
  }

  getJob(id: string, options: { results?: boolean; tenant?: string } = {}): JobView | null {
    return this.db.transaction(() => {
      const job = this.job(id);
      if (!job || (options.tenant !== undefined && job.tenant !== options.tenant)) return null;
      const rows = this.statements.variations.all(options.results === false ? 0 : 1, id) as VariationRow[];
      const progress = progressOf(rows.map((r) => ({ status: r.status, n: 1 })));
      return { ...jobSummaryOf(job, progress), variations: rows.map(variationViewOf) };
    })();
  }

  listJobs(tenant: string, query: JobListQuery): JobListPage {
    const before = query.cursor === undefined ? Number.MAX_SAFE_INTEGER : query.cursor;
    const status = query.status ?? null;
    return this.db.transaction(() => {
      const rows = this.statements.list.all(tenant, status, status, before, query.limit + 1) as (JobRow & {
        seq: number;
      })[];
      const jobs = rows.slice(0, query.limit).map((job) => jobSummaryOf(job, this.progress(job.id)));
      const more = rows.length > query.limit;
      return { jobs, ...(more ? { nextCursor: rows[query.limit - 1].seq } : {}) };
    })();
  }

  unfinishedVariations(tenant: string): number {
    return (this.statements.unfinishedVariations.get(tenant) as { n: number }).n;
  }

  resultsSize(jobId: string, offset: number, limit: number): number {
    return (this.statements.resultsSize.get(jobId, offset, limit) as { bytes: number }).bytes;
  }

  *resultRows(jobId: string, offset: number, limit: number): Generator<StoredResultRow> {
    // Page by page: a statement's iterator would hold the connection (and the other writers) for the whole reply.
    const PAGE = 16;
    for (let from = offset, left = limit; left > 0;) {
      const rows = this.statements.resultsPage.all(jobId, from, Math.min(PAGE, left)) as {
        idx: number;
        name: string;
        status: JobStatus;
        result: string | null;
        error: string | null;
      }[];
      for (const row of rows)
        yield { index: row.idx, name: row.name, status: row.status, resultJson: row.result, errorJson: row.error };
      if (rows.length < Math.min(PAGE, left)) return;
      from = rows[rows.length - 1].idx + 1;
      left -= rows.length;
    }
  }

  nextJob(exclude: readonly string[]): string | null {
    for (const row of this.statements.runnable.iterate() as Iterable<{ id: string }>) {
      if (!exclude.includes(row.id)) return row.id;
    }
    return null;
  }
}
