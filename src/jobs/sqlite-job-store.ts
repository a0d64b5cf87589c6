// The job store in one SQLite file (better-sqlite3), `lodestone.db` under
// LODESTONE_DATA_DIR:
//
//   jobs        id (random UUID), seq (submission order), status, options (JSON),
//               documents (MessagePack: the base problem, or each problem of a list),
//               created_at, updated_at, started_at, finished_at (ms since the epoch),
//               tenant (the API key's name; '' without keys; schema version 2)
//   variations  (job_id, idx), name, document, patch (JSON, RFC 6902), status,
//               attempts (solves started), started_at, finished_at,
//               result (FrontierResult JSON; present exactly when status = 'done'),
//               error (JSON {code, message, errors?})
//   events      id (AUTOINCREMENT: increasing, never reused), job_id, type, data (JSON), created_at
//
// WAL mode with synchronous=NORMAL: a commit is in the WAL before it returns,
// so a killed process (kill -9) loses nothing committed; a power cut may lose
// the last commits, whose variations are then solved again, never twice
// recorded. The file is opened in exclusive locking mode: a second service on
// the same data directory is refused instead of running the same jobs twice.

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Packr, Unpackr } from 'msgpackr';
import type { PatchOperation } from '../batch/expand.js';
import type { FrontierResult } from '../frontier/solve-frontier.js';
import {
  NO_TENANT,
  type JobEvent,
  type JobFailure,
  type JobOptions,
  type JobProgress,
  type JobStatus,
  type JobView,
  type SolvedBy,
  type VariationView,
} from './job-queue.js';
import type {
  ClaimedVariation,
  JobListPage,
  JobListQuery,
  JobStore,
  JobSummary,
  NewJob,
  StoredResultRow,
} from './job-store.js';

export const DATABASE_FILE = 'lodestone.db';

const SCHEMA_VERSION = 2;

const SCHEMA = `
CREATE TABLE jobs (
  id          TEXT PRIMARY KEY,
  seq         INTEGER NOT NULL UNIQUE,
  status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  options     TEXT NOT NULL,
  documents   BLOB NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  started_at  INTEGER,
  finished_at INTEGER
) STRICT;
CREATE INDEX jobs_by_status ON jobs (status, seq);

CREATE TABLE variations (
  job_id      TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  idx         INTEGER NOT NULL,
  name        TEXT NOT NULL,
  document    INTEGER NOT NULL,
  patch       TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  started_at  INTEGER,
  finished_at INTEGER,
  result      TEXT,
  error       TEXT,
  PRIMARY KEY (job_id, idx),
  CHECK ((status = 'done') = (result IS NOT NULL))
) STRICT;
CREATE INDEX variations_by_status ON variations (status);

CREATE TABLE events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id      TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  type        TEXT NOT NULL CHECK (type IN ('status', 'variation', 'point')),
  data        TEXT NOT NULL,
  created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX events_by_job ON events (job_id, id);
`;

/** Each step takes the schema from version i + 1 to i + 2; a database of any older version is brought up in order. */
const MIGRATIONS = [
  // 2: jobs belong to a tenant (an API key's name); jobs from before keys belong to '' (no key).
  `ALTER TABLE jobs ADD COLUMN tenant TEXT NOT NULL DEFAULT '';
   CREATE INDEX jobs_by_tenant ON jobs (tenant, seq);
   CREATE INDEX jobs_by_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL;`,
];

/** The data directory is used by another process (another service, or a stale one still running). */
export class JobStoreLockedError extends Error {
  override readonly name = 'JobStoreLockedError';
}

// Plain MessagePack (no msgpackr records), so any decoder can read the stored problems.
const packr = new Packr({ useRecords: false, moreTypes: false });
const unpackr = new Unpackr({ mapsAsObjects: true, int64AsType: 'number' });

interface JobRow {
  id: string;
  tenant: string;
  status: JobStatus;
  options: string;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

interface VariationRow {
  solved_by: string | null;
  idx: number;
  name: string;
  status: JobStatus;
  attempts: number;
  started_at: number | null;
  finished_at: number | null;
  result: string | null;
  error: string | null;
}

const iso = (ms: number | null) => (ms === null ? undefined : new Date(ms).toISOString());

/** Opens (creating if need be) the store in `dataDir`; ':memory:' for a store that lives and dies with the process. */
export function openSqliteJobStore(dataDir: string, options: { now?: () => number } = {}): SqliteJobStore {
  const file = dataDir === ':memory:' ? ':memory:' : join(resolve(dataDir), DATABASE_FILE);
  if (file !== ':memory:') mkdirSync(resolve(dataDir), { recursive: true });
  const db = new Database(file, { timeout: 250 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    addSolvedByColumn(db);
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new JobStoreLockedError(
        `the job database ${file} is in use by another process (is another Lodestone service using LODESTONE_DATA_DIR=${dataDir}?)`,
      );
    }
    throw error;
  }
  return new SqliteJobStore(db, options.now);
}

/**
 * Which worker (host, process) solved a variation: a column added in place
 * when missing, so it rides along whatever schema version the file has.
 */
function addSolvedByColumn(db: Database.Database): void {
  const columns = db.pragma('table_info(variations)') as { name: string }[];
  if (!columns.some((column) => column.name === 'solved_by'))
    db.exec('ALTER TABLE variations ADD COLUMN solved_by TEXT');
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === SCHEMA_VERSION) return;
  if (version > SCHEMA_VERSION)
    throw new Error(
      `the job database has schema version ${version}; this Lodestone knows versions up to ${SCHEMA_VERSION} only`,
    );
  db.transaction(() => {
    if (version === 0) db.exec(SCHEMA);
    for (const step of MIGRATIONS.slice(Math.max(0, version - 1))) db.exec(step);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

export class SqliteJobStore implements JobStore {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    /** the clock of every timestamp (tests move it to check retention) */
    private readonly now: () => number = Date.now,
  ) {
    const s = (sql: string) => db.prepare(sql);
    this.statements = {
      insertJob: s(`INSERT INTO jobs (id, seq, status, options, documents, created_at, updated_at, tenant)
                    VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM jobs), 'queued', ?, ?, ?, ?, ?)`),
      insertVariation: s(
        `INSERT INTO variations (job_id, idx, name, document, patch, status) VALUES (?, ?, ?, ?, ?, 'queued')`,
      ),
      insertEvent: s(`INSERT INTO events (job_id, type, data, created_at) VALUES (?, ?, ?, ?)`),
      job: s(`SELECT id, tenant, status, options, created_at, updated_at, finished_at FROM jobs WHERE id = ?`),
      list: s(`SELECT id, tenant, status, options, created_at, updated_at, finished_at, seq FROM jobs
               WHERE tenant = ? AND (? IS NULL OR status = ?) AND seq < ? ORDER BY seq DESC LIMIT ?`),
      unfinishedVariations: s(`SELECT count(*) AS n FROM variations v JOIN jobs j ON j.id = v.job_id
                               WHERE j.tenant = ? AND v.status IN ('queued', 'running')`),
      purge: s(`DELETE FROM jobs WHERE finished_at IS NOT NULL AND finished_at < ?
                AND status IN ('done', 'failed', 'cancelled')`),
      resultsPage: s(`SELECT idx, name, status, result, error FROM variations
                      WHERE job_id = ? AND idx >= ? ORDER BY idx LIMIT ?`),
      resultsSize:
        s(`SELECT coalesce(sum(length(result)), 0) + coalesce(sum(length(error)), 0) + 100 * count(*) AS bytes
                      FROM (SELECT result, error FROM variations WHERE job_id = ? AND idx >= ? ORDER BY idx LIMIT ?)`),
      jobDocuments: s(`SELECT documents, options FROM jobs WHERE id = ?`),
      variations:
        s(`SELECT idx, name, status, attempts, started_at, finished_at, CASE WHEN ? THEN result END AS result, error, solved_by
                     FROM variations WHERE job_id = ? ORDER BY idx`),
      variation: s(`SELECT idx, name, status, attempts, document, patch FROM variations WHERE job_id = ? AND idx = ?`),
      counts: s(`SELECT status, count(*) AS n FROM variations WHERE job_id = ? GROUP BY status`),
      runnable: s(`SELECT id FROM jobs WHERE status IN ('running', 'queued') ORDER BY status = 'running' DESC, seq`),
      setJobStatus: s(
        `UPDATE jobs SET status = ?, updated_at = ?, started_at = coalesce(started_at, ?), finished_at = ? WHERE id = ?`,
      ),
      nextQueued: s(`SELECT idx FROM variations WHERE job_id = ? AND status = 'queued' ORDER BY idx LIMIT 1`),
      claim: s(
        `UPDATE variations SET status = 'running', attempts = attempts + 1, started_at = ?, finished_at = NULL WHERE job_id = ? AND idx = ? AND status = 'queued'`,
      ),
      complete: s(
        `UPDATE variations SET status = 'done', result = ?, error = NULL, solved_by = ?, finished_at = ? WHERE job_id = ? AND idx = ? AND status = 'running'`,
      ),
      fail: s(
        `UPDATE variations SET status = 'failed', error = ?, finished_at = ? WHERE job_id = ? AND idx = ? AND status = 'running'`,
      ),
      requeue: s(
        `UPDATE variations SET status = 'queued', started_at = NULL WHERE job_id = ? AND idx = ? AND status = 'running'`,
      ),
      runningOf: s(`SELECT idx FROM variations WHERE job_id = ? AND status = 'running' ORDER BY idx`),
      cancelUnfinished: s(
        `UPDATE variations SET status = 'cancelled', finished_at = ? WHERE job_id = ? AND status IN ('queued', 'running')`,
      ),
      interrupted: s(`SELECT v.job_id AS jobId, v.idx AS idx FROM variations v JOIN jobs j ON j.id = v.job_id
                      WHERE v.status = 'running' AND j.status IN ('queued', 'running') ORDER BY j.seq, v.idx`),
      touchJob: s(`UPDATE jobs SET updated_at = ? WHERE id = ?`),
      eventsAfter: s(
        `SELECT id, job_id, type, data, created_at FROM events WHERE job_id = ? AND id > ? ORDER BY id LIMIT ?`,
      ),
    };
  }

  createJob(job: NewJob): JobEvent[] {
    return this.db
      .transaction(() => {
        const now = this.now();
        this.statements.insertJob.run(
          job.id,
          JSON.stringify(job.options),
          packr.pack(job.documents),
          now,
          now,
          job.tenant ?? NO_TENANT,
        );
        job.variations.forEach((v, i) =>
          this.statements.insertVariation.run(job.id, i, v.name, v.document, JSON.stringify(v.patch)),
        );
        return [this.event(job.id, 'status', { status: 'queued', progress: this.progress(job.id) }, now)];
      })
      .immediate();
  }

  getJob(id: string, options: { results?: boolean; tenant?: string } = {}): JobView | null {
    return this.db.transaction(() => {
      const job = this.statements.job.get(id) as JobRow | undefined;
      if (!job || (options.tenant !== undefined && job.tenant !== options.tenant)) return null;
      const rows = this.statements.variations.all(options.results === false ? 0 : 1, id) as VariationRow[];
      const variations = rows.map((row): VariationView => ({
        index: row.idx,
        name: row.name,
        status: row.status,
        attempts: row.attempts,
        ...(row.started_at !== null ? { startedAt: iso(row.started_at) } : {}),
        ...(row.finished_at !== null ? { finishedAt: iso(row.finished_at) } : {}),
        ...(row.result !== null ? { result: JSON.parse(row.result) as FrontierResult } : {}),
        ...(row.error !== null ? { error: JSON.parse(row.error) as JobFailure } : {}),
        ...(row.solved_by !== null ? { solvedBy: JSON.parse(row.solved_by) as SolvedBy } : {}),
      }));
      return {
        id: job.id,
        status: job.status,
        createdAt: iso(job.created_at)!,
        updatedAt: iso(job.updated_at)!,
        ...(job.finished_at !== null ? { finishedAt: iso(job.finished_at) } : {}),
        options: JSON.parse(job.options) as JobOptions,
        progress: progressOf(rows.map((r) => ({ status: r.status, n: 1 }))),
        variations,
      };
    })();
  }

  nextJob(exclude: readonly string[]): string | null {
    for (const row of this.statements.runnable.iterate() as Iterable<{ id: string }>) {
      if (!exclude.includes(row.id)) return row.id;
    }
    return null;
  }

  startJob(id: string): JobEvent[] {
    return this.db
      .transaction(() => {
        const job = this.statements.job.get(id) as JobRow | undefined;
        if (!job || (job.status !== 'queued' && job.status !== 'running')) return [];
        const now = this.now();
        this.statements.setJobStatus.run('running', now, now, null, id);
        return [
          this.event(
            id,
            'status',
            { status: 'running', ...(job.status === 'running' ? { resumed: true } : {}), progress: this.progress(id) },
            now,
          ),
        ];
      })
      .immediate();
  }

  claimVariation(jobId: string): { variation: ClaimedVariation; events: JobEvent[] } | null {
    return this.db
      .transaction(() => {
        const job = this.statements.job.get(jobId) as JobRow | undefined;
        if (!job || job.status !== 'running') return null;
        const next = this.statements.nextQueued.get(jobId) as { idx: number } | undefined;
        if (!next) return null;
        const now = this.now();
        this.statements.claim.run(now, jobId, next.idx);
        this.statements.touchJob.run(now, jobId);
        const row = this.statements.variation.get(jobId, next.idx) as {
          idx: number;
          name: string;
          attempts: number;
          document: number;
          patch: string;
        };
        const { documents, options } = this.statements.jobDocuments.get(jobId) as {
          documents: Buffer;
          options: string;
        };
        const event = this.event(
          jobId,
          'variation',
          { index: row.idx, name: row.name, status: 'running', attempts: row.attempts, progress: this.progress(jobId) },
          now,
        );
        const variation: ClaimedVariation = {
          jobId,
          index: row.idx,
          name: row.name,
          attempts: row.attempts,
          documents: unpackr.unpack(documents) as unknown[],
          document: row.document,
          patch: JSON.parse(row.patch) as PatchOperation[],
          options: JSON.parse(options) as JobOptions,
        };
        return { variation, events: [event] };
      })
      .immediate();
  }

  completeVariation(jobId: string, index: number, result: FrontierResult, solvedBy?: SolvedBy): JobEvent[] {
    return this.transition(
      jobId,
      index,
      (now) =>
        this.statements.complete.run(
          JSON.stringify(result),
          solvedBy ? JSON.stringify(solvedBy) : null,
          now,
          jobId,
          index,
        ).changes,
      'done',
    );
  }

  failVariation(jobId: string, index: number, error: JobFailure): JobEvent[] {
    return this.transition(
      jobId,
      index,
      (now) => this.statements.fail.run(JSON.stringify(error), now, jobId, index).changes,
      'failed',
      { error },
    );
  }

  requeueVariation(jobId: string, index: number): JobEvent[] {
    return this.transition(jobId, index, () => this.statements.requeue.run(jobId, index).changes, 'queued', {
      reason: 'interrupted',
    });
  }

  finishJob(id: string): JobEvent[] {
    return this.db
      .transaction(() => {
        const job = this.statements.job.get(id) as JobRow | undefined;
        if (!job || job.status !== 'running') return [];
        const progress = this.progress(id);
        if (progress.queued > 0 || progress.running > 0) return [];
        const status: JobStatus = progress.failed > 0 ? 'failed' : 'done';
        const now = this.now();
        this.statements.setJobStatus.run(status, now, now, now, id);
        return [this.event(id, 'status', { status, progress }, now)];
      })
      .immediate();
  }

  cancelJob(id: string): { events: JobEvent[]; status: JobStatus } | null {
    return this.db
      .transaction(() => {
        const job = this.statements.job.get(id) as JobRow | undefined;
        if (!job) return null;
        if (job.status !== 'queued' && job.status !== 'running') return { events: [], status: job.status };
        const now = this.now();
        const running = (this.statements.runningOf.all(id) as { idx: number }[]).map((r) => r.idx);
        this.statements.cancelUnfinished.run(now, id);
        this.statements.setJobStatus.run('cancelled', now, null, now, id);
        const progress = this.progress(id);
        const events = running.map((idx) => {
          const row = this.statements.variation.get(id, idx) as { name: string; attempts: number };
          return this.event(
            id,
            'variation',
            { index: idx, name: row.name, status: 'cancelled', attempts: row.attempts, progress },
            now,
          );
        });
        events.push(this.event(id, 'status', { status: 'cancelled', progress }, now));
        return { events, status: 'cancelled' as const };
      })
      .immediate();
  }

  recover(): JobEvent[] {
    return this.db
      .transaction(() => {
        const interrupted = this.statements.interrupted.all() as { jobId: string; idx: number }[];
        return interrupted.flatMap(({ jobId, idx }) => this.requeueVariation(jobId, idx));
      })
      .immediate();
  }

  appendEvent(jobId: string, type: JobEvent['type'], data: Record<string, unknown>): JobEvent {
    return this.event(jobId, type, data, this.now());
  }

  eventsAfter(jobId: string, afterId: number, limit: number): JobEvent[] {
    return (this.statements.eventsAfter.all(jobId, afterId, limit) as EventRow[]).map(toEvent);
  }

  listJobs(tenant: string, query: JobListQuery): JobListPage {
    const before = query.cursor === undefined ? Number.MAX_SAFE_INTEGER : query.cursor;
    const status = query.status ?? null;
    return this.db.transaction(() => {
      const rows = this.statements.list.all(tenant, status, status, before, query.limit + 1) as (JobRow & {
        seq: number;
      })[];
      const jobs = rows.slice(0, query.limit).map((job): JobSummary => ({
        id: job.id,
        status: job.status,
        createdAt: iso(job.created_at)!,
        updatedAt: iso(job.updated_at)!,
        ...(job.finished_at !== null ? { finishedAt: iso(job.finished_at) } : {}),
        options: JSON.parse(job.options) as JobOptions,
        progress: this.progress(job.id),
      }));
      const more = rows.length > query.limit;
      return { jobs, ...(more ? { nextCursor: rows[query.limit - 1].seq } : {}) };
    })();
  }

  unfinishedVariations(tenant: string): number {
    return (this.statements.unfinishedVariations.get(tenant) as { n: number }).n;
  }

  purgeFinishedBefore(cutoffMs: number): number {
    return this.statements.purge.run(cutoffMs).changes;
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

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** A variation's status change and its event, in one transaction; no event if the update matched nothing. */
  private transition(
    jobId: string,
    index: number,
    update: (now: number) => number,
    status: JobStatus,
    extra: Record<string, unknown> = {},
  ): JobEvent[] {
    return this.db
      .transaction(() => {
        const now = this.now();
        if (update(now) === 0) return [];
        this.statements.touchJob.run(now, jobId);
        const row = this.statements.variation.get(jobId, index) as { name: string; attempts: number };
        return [
          this.event(
            jobId,
            'variation',
            { index, name: row.name, status, attempts: row.attempts, ...extra, progress: this.progress(jobId) },
            now,
          ),
        ];
      })
      .immediate();
  }

  private progress(jobId: string): JobProgress {
    return progressOf(this.statements.counts.all(jobId) as { status: JobStatus; n: number }[]);
  }

  private event(jobId: string, type: JobEvent['type'], data: Record<string, unknown>, now: number): JobEvent {
    const id = Number(this.statements.insertEvent.run(jobId, type, JSON.stringify(data), now).lastInsertRowid);
    return { id, jobId, type, data, at: new Date(now).toISOString() };
  }
}

interface EventRow {
  id: number;
  job_id: string;
  type: JobEvent['type'];
  data: string;
  created_at: number;
}

function toEvent(row: EventRow): JobEvent {
  return {
    id: row.id,
    jobId: row.job_id,
    type: row.type,
    data: JSON.parse(row.data) as Record<string, unknown>,
    at: new Date(row.created_at).toISOString(),
  };
}

function progressOf(counts: { status: JobStatus; n: number }[]): JobProgress {
  const progress: JobProgress = { total: 0, queued: 0, running: 0, done: 0, failed: 0, cancelled: 0, fraction: 0 };
  for (const { status, n } of counts) {
    progress[status] += n;
    progress.total += n;
  }
  progress.fraction = progress.total === 0 ? 1 : (progress.done + progress.failed) / progress.total;
  return progress;
}
