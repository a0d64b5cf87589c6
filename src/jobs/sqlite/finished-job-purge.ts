// The delete behind retention (job-retention.ts decides when and how old):
// jobs finished before a cutoff go, and ON DELETE CASCADE takes their
// variations and events with them. A job still queued or running has no
// finished_at and is never deleted, however old.

import type Database from 'better-sqlite3';

/** Returns the purge: deletes jobs finished before `cutoffMs` (ms since the epoch) and says how many. */
export function finishedJobPurge(db: Database.Database): (cutoffMs: number) => number {
  const purge = db.prepare(`DELETE FROM jobs WHERE finished_at IS NOT NULL AND finished_at < ?
                AND status IN ('done', 'failed', 'cancelled')`);
  return (cutoffMs) => purge.run(cutoffMs).changes;
}
