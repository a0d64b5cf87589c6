// The job store's tenancy and retention: jobs are owned by a tenant and
// looked up only within it, listed newest first with a cursor, counted for
// the queued-variations quota; finished jobs are purged after the retention
// period (an injected clock stands in for the days); a version-1 database
// (before tenants) is migrated in place, its jobs kept as the keyless tenant's.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { FrontierResult } from '../../src/frontier/solve-frontier.js';
import { NO_TENANT } from '../../src/jobs/job-queue.js';
import { DAY_MS, JobRetention } from '../../src/jobs/job-retention.js';
import { openSqliteJobStore, type SqliteJobStore } from '../../src/jobs/sqlite-job-store.js';
import { DATABASE_FILE } from '../../src/jobs/sqlite/open-database.js';

const result = (name: string) => ({ status: 'optimal', name, frontier: [] }) as unknown as FrontierResult;

let clock = Date.UTC(2026, 0, 1);
const stores: SqliteJobStore[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

function open(dir = ':memory:') {
  const store = openSqliteJobStore(dir, { now: () => clock });
  stores.push(store);
  return store;
}

function newJob(store: SqliteJobStore, id: string, tenant: string, variations = 2) {
  store.createJob({
    id,
    tenant,
    options: {},
    documents: [{ name: 'base' }],
    variations: Array.from({ length: variations }, (_, i) => ({ name: `v${i}`, document: 0, patch: [] })),
  });
}

/** Runs every variation of the job to done, then finishes it. */
function finish(store: SqliteJobStore, id: string) {
  store.startJob(id);
  for (let claimed = store.claimVariation(id); claimed; claimed = store.claimVariation(id))
    store.completeVariation(id, claimed.variation.index, result(claimed.variation.name));
  store.finishJob(id);
}

describe('tenancy', () => {
  it('finds a job only within its tenant', () => {
    const store = open();
    newJob(store, 'a1', 'alice');
    expect(store.getJob('a1', { tenant: 'alice' })?.id).toBe('a1');
    expect(store.getJob('a1', { tenant: 'bob' })).toBeNull();
    expect(store.getJob('a1', { tenant: NO_TENANT })).toBeNull();
    // Without a tenant (the runner's own lookups) it is found.
    expect(store.getJob('a1')?.id).toBe('a1');
  });

  it("lists a tenant's jobs newest first, by status, a page at a time", () => {
    const store = open();
    for (let i = 0; i < 5; i++) {
      newJob(store, `a${i}`, 'alice');
      newJob(store, `b${i}`, 'bob');
      clock += 1000;
    }
    finish(store, 'a1');
    finish(store, 'a3');
    const first = store.listJobs('alice', { limit: 2 });
    expect(first.jobs.map((j) => j.id)).toEqual(['a4', 'a3']);
    const second = store.listJobs('alice', { limit: 2, cursor: first.nextCursor });
    expect(second.jobs.map((j) => j.id)).toEqual(['a2', 'a1']);
    const third = store.listJobs('alice', { limit: 2, cursor: second.nextCursor });
    expect(third.jobs.map((j) => j.id)).toEqual(['a0']);
    expect(third.nextCursor).toBeUndefined();
    expect(store.listJobs('alice', { limit: 10, status: 'done' }).jobs.map((j) => j.id)).toEqual(['a3', 'a1']);
    expect(store.listJobs('alice', { limit: 10, status: 'queued' }).jobs).toHaveLength(3);
    expect(store.listJobs('carol', { limit: 10 }).jobs).toEqual([]);
    expect(store.listJobs('alice', { limit: 1 }).jobs[0]).toMatchObject({
      id: 'a4',
      progress: { total: 2, queued: 2 },
    });
  });

  it("counts a tenant's queued and running variations, not its finished ones nor another's", () => {
    const store = open();
    newJob(store, 'a1', 'alice', 3);
    newJob(store, 'a2', 'alice', 2);
    newJob(store, 'b1', 'bob', 4);
    expect(store.unfinishedVariations('alice')).toBe(5);
    store.startJob('a1');
    store.claimVariation('a1');
    expect(store.unfinishedVariations('alice')).toBe(5);
    finish(store, 'a2');
    expect(store.unfinishedVariations('alice')).toBe(3);
    store.cancelJob('a1');
    expect(store.unfinishedVariations('alice')).toBe(0);
    expect(store.unfinishedVariations('bob')).toBe(4);
  });
});

describe('retention', () => {
  it('purges jobs finished more than the retention period ago, at start and on its timer, never unfinished ones', async () => {
    const store = open();
    newJob(store, 'old-done', 'alice');
    finish(store, 'old-done');
    newJob(store, 'old-cancelled', 'alice');
    store.cancelJob('old-cancelled');
    newJob(store, 'old-queued', 'alice');
    clock += 5 * DAY_MS;
    newJob(store, 'recent-done', 'alice');
    finish(store, 'recent-done');
    const events = store.eventsAfter('old-done', 0, 100).length;
    expect(events).toBeGreaterThan(0);

    clock += 2 * DAY_MS; // the old ones finished 7 days ago, the recent one 2 days ago
    const retention = new JobRetention({ store, retentionDays: 7, intervalMs: 20, now: () => clock });
    retention.start(); // purges at once
    try {
      expect(store.getJob('old-done')).not.toBeNull(); // exactly 7 days: not yet past
      clock += 1;
      await new Promise((r) => setTimeout(r, 100)); // the timer's round
      expect(store.getJob('old-done')).toBeNull();
      expect(store.getJob('old-cancelled')).toBeNull();
      expect(store.eventsAfter('old-done', 0, 100)).toEqual([]); // variations and events go with the job
      expect(store.getJob('old-queued')).not.toBeNull(); // unfinished: kept however old
      expect(store.getJob('recent-done')).not.toBeNull();
      clock += 5 * DAY_MS;
      expect(retention.purge()).toBe(1);
      expect(store.getJob('recent-done')).toBeNull();
    } finally {
      retention.stop();
    }
  });

  it('keeps everything when the retention is 0', () => {
    const store = open();
    newJob(store, 'j', 'alice');
    finish(store, 'j');
    clock += 10_000 * DAY_MS;
    expect(new JobRetention({ store, retentionDays: 0, now: () => clock }).purge()).toBe(0);
    expect(store.getJob('j')).not.toBeNull();
  });
});

describe('migration', () => {
  it('brings a version-1 database (before tenants) to the current schema, its jobs kept as the keyless tenant’s', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lodestone-v1-'));
    const db = new Database(join(dir, DATABASE_FILE));
    // The version-1 schema, as the first release wrote it.
    db.exec(`
      CREATE TABLE jobs (id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, status TEXT NOT NULL, options TEXT NOT NULL,
        documents BLOB NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, started_at INTEGER, finished_at INTEGER) STRICT;
      CREATE TABLE variations (job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE, idx INTEGER NOT NULL, name TEXT NOT NULL,
        document INTEGER NOT NULL, patch TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
        started_at INTEGER, finished_at INTEGER, result TEXT, error TEXT, PRIMARY KEY (job_id, idx)) STRICT;
      CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        type TEXT NOT NULL, data TEXT NOT NULL, created_at INTEGER NOT NULL) STRICT;
      INSERT INTO jobs VALUES ('old', 1, 'queued', '{}', x'91c0', 1, 1, NULL, NULL);
      INSERT INTO variations (job_id, idx, name, document, patch, status) VALUES ('old', 0, 'v0', 0, '[]', 'queued');
      PRAGMA user_version = 1;
    `);
    db.close();
    const store = open(dir);
    expect(store.getJob('old', { tenant: NO_TENANT })).toMatchObject({ id: 'old', status: 'queued' });
    expect(store.getJob('old', { tenant: 'alice' })).toBeNull();
    expect(store.listJobs(NO_TENANT, { limit: 10 }).jobs.map((j) => j.id)).toEqual(['old']);
    newJob(store, 'new', 'alice');
    expect(store.listJobs('alice', { limit: 10 }).jobs.map((j) => j.id)).toEqual(['new']);
    store.close();
    const reopened = new Database(join(dir, DATABASE_FILE), { readonly: true });
    expect(reopened.pragma('user_version', { simple: true })).toBe(2);
    reopened.close();
  });
});
