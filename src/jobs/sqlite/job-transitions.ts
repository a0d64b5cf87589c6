// A job's and its variations' status changes: submit, start, claim, complete,
// fail, requeue, finish, cancel, and the re-queueing of what a crash left
// running. Each is one immediate transaction that checks the state it starts
// from, writes the change and appends its event(s) (event-log.ts), and
// returns the events written; a change that no longer applies writes nothing.

import type Database from 'better-sqlite3';
import type { FrontierResult } from '../../frontier/solve-frontier.js';
import {
  NO_TENANT,
  type JobEvent,
  type JobFailure,
  type JobProgress,
  type JobStatus,
  type SolvedBy,
} from '../job-queue.js';
import type { ClaimedVariation, NewJob } from '../job-store.js';
import type { SqliteEventLog } from './event-log.js';
import type { SqliteJobQueries } from './job-queries.js';
import { claimedVariationOf, packDocuments, type ClaimRow } from './rows.js';

export class SqliteJobTransitions {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
    private readonly queries: SqliteJobQueries,
    private readonly events: SqliteEventLog,
  ) {
    const s = (sql: string) => db.prepare(sql);
    this.statements = {
      insertJob: s(`INSERT INTO jobs (id, seq, status, options, documents, created_at, updated_at, tenant)
                    VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM jobs), 'queued', ?, ?, ?, ?, ?)`),
      insertVariation: s(
        `INSERT INTO variations (job_id, idx, name, document, patch, status) VALUES (?, ?, ?, ?, ?, 'queued')`,
      ),
      jobDocuments: s(`SELECT documents, options FROM jobs WHERE id = ?`),
      variation: s(`SELECT idx, name, status, attempts, document, patch FROM variations WHERE job_id = ? AND idx = ?`),
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
    };
  }

  createJob(job: NewJob): JobEvent[] {
    return this.db
      .transaction(() => {
        const now = this.now();
        this.statements.insertJob.run(
          job.id,
          JSON.stringify(job.options),
          packDocuments(job.documents),
          now,
          now,
          job.tenant ?? NO_TENANT,
        );
        job.variations.forEach((v, i) =>
          this.statements.insertVariation.run(job.id, i, v.name, v.document, JSON.stringify(v.patch)),
        );
        return [
          this.events.append(job.id, 'status', { status: 'queued', progress: this.queries.progress(job.id) }, now),
        ];
      })
      .immediate();
  }

  startJob(id: string): JobEvent[] {
    return this.db
      .transaction(() => {
        const job = this.queries.job(id);
        if (!job || (job.status !== 'queued' && job.status !== 'running')) return [];
        const now = this.now();
        this.statements.setJobStatus.run('running', now, now, null, id);
        const resumed = job.status === 'running' ? { resumed: true } : {};
        const data = { status: 'running', ...resumed, progress: this.queries.progress(id) };
        return [this.events.append(id, 'status', data, now)];
      })
      .immediate();
  }

  claimVariation(jobId: string): { variation: ClaimedVariation; events: JobEvent[] } | null {
    return this.db
      .transaction(() => {
        const job = this.queries.job(jobId);
        if (!job || job.status !== 'running') return null;
        const next = this.statements.nextQueued.get(jobId) as { idx: number } | undefined;
        if (!next) return null;
        const now = this.now();
        this.statements.claim.run(now, jobId, next.idx);
        this.statements.touchJob.run(now, jobId);
        const row = this.statements.variation.get(jobId, next.idx) as ClaimRow;
        const documents = this.statements.jobDocuments.get(jobId) as { documents: Buffer; options: string };
        const event = this.variationEvent(jobId, row.idx, row, 'running', this.queries.progress(jobId), now);
        return { variation: claimedVariationOf(jobId, row, documents), events: [event] };
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
        const job = this.queries.job(id);
        if (!job || job.status !== 'running') return [];
        const progress = this.queries.progress(id);
        if (progress.queued > 0 || progress.running > 0) return [];
        const status: JobStatus = progress.failed > 0 ? 'failed' : 'done';
        const now = this.now();
        this.statements.setJobStatus.run(status, now, now, now, id);
        return [this.events.append(id, 'status', { status, progress }, now)];
      })
      .immediate();
  }

  cancelJob(id: string): { events: JobEvent[]; status: JobStatus } | null {
    return this.db
      .transaction(() => {
        const job = this.queries.job(id);
        if (!job) return null;
        if (job.status !== 'queued' && job.status !== 'running') return { events: [], status: job.status };
        const now = this.now();
        const running = (this.statements.runningOf.all(id) as { idx: number }[]).map((r) => r.idx);
        this.statements.cancelUnfinished.run(now, id);
        this.statements.setJobStatus.run('cancelled', now, null, now, id);
        const progress = this.queries.progress(id);
        const events = running.map((idx) => {
          const row = this.statements.variation.get(id, idx) as { name: string; attempts: number };
          return this.variationEvent(id, idx, row, 'cancelled', progress, now);
        });
        events.push(this.events.append(id, 'status', { status: 'cancelled', progress }, now));
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
        return [this.variationEvent(jobId, index, row, status, this.queries.progress(jobId), now, extra)];
      })
      .immediate();
  }

  /** The event announcing a variation's new status. */
  private variationEvent(
    jobId: string,
    index: number,
    row: { name: string; attempts: number },
    status: JobStatus,
    progress: JobProgress,
    now: number,
    extra: Record<string, unknown> = {},
  ): JobEvent {
    const data = { index, name: row.name, status, attempts: row.attempts, ...extra, progress };
    return this.events.append(jobId, 'variation', data, now);
  }
}
