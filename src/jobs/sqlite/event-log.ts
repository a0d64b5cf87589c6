// The events table: what happened to each job, in order. Every state change
// appends its event inside the change's own transaction (the caller's), so a
// client reading from an event id on sees exactly what a restart finds.

import type Database from 'better-sqlite3';
import type { JobEvent } from '../job-queue.js';

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

export class SqliteEventLog {
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      insertEvent: db.prepare(`INSERT INTO events (job_id, type, data, created_at) VALUES (?, ?, ?, ?)`),
      eventsAfter: db.prepare(
        `SELECT id, job_id, type, data, created_at FROM events WHERE job_id = ? AND id > ? ORDER BY id LIMIT ?`,
      ),
    };
  }

  append(jobId: string, type: JobEvent['type'], data: Record<string, unknown>, now: number): JobEvent {
    const id = Number(this.statements.insertEvent.run(jobId, type, JSON.stringify(data), now).lastInsertRowid);
    return { id, jobId, type, data, at: new Date(now).toISOString() };
  }

  after(jobId: string, afterId: number, limit: number): JobEvent[] {
    return (this.statements.eventsAfter.all(jobId, afterId, limit) as EventRow[]).map(toEvent);
  }
}
