// The SQLite job store: transitions and their events, what a restart finds
// (recover), the result-with-status invariant, and one process per data dir.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { FrontierResult } from '../../src/frontier/solve-frontier.js';
import { openSqliteJobStore, type SqliteJobStore } from '../../src/jobs/sqlite-job-store.js';
import { DATABASE_FILE, JobStoreLockedError } from '../../src/jobs/sqlite/open-database.js';

const result = (name: string) => ({ status: 'optimal', name, frontier: [] }) as unknown as FrontierResult;

function newJob(store: SqliteJobStore, id: string, variations = 3) {
  return store.createJob({
    id,
    options: { points: 3 },
    documents: [{ name: 'base', periods: 2 }],
    variations: Array.from({ length: variations }, (_, i) => ({
      name: `v${i}`,
      document: 0,
      patch: [{ op: 'replace' as const, path: '/periods', value: i + 1 }],
    })),
  });
}

const stores: SqliteJobStore[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

function open(dir: string) {
  const store = openSqliteJobStore(dir);
  stores.push(store);
  return store;
}

describe('SqliteJobStore', () => {
  it('runs a job through its states, each change with one event, ids increasing', () => {
    const store = open(':memory:');
    const events = [...newJob(store, 'j1', 2)];
    expect(store.nextJob([])).toBe('j1');
    events.push(...store.startJob('j1'));
    const first = store.claimVariation('j1')!;
    expect(first.variation).toMatchObject({
      index: 0,
      name: 'v0',
      attempts: 1,
      document: 0,
      options: { points: 3 },
      documents: [{ name: 'base', periods: 2 }],
    });
    expect(first.variation.patch).toEqual([{ op: 'replace', path: '/periods', value: 1 }]);
    events.push(...first.events, ...store.completeVariation('j1', 0, result('v0')));
    const second = store.claimVariation('j1')!;
    events.push(...second.events, ...store.failVariation('j1', 1, { code: 'SOLVE_FAILED', message: 'no' }));
    expect(store.claimVariation('j1')).toBeNull();
    events.push(...store.finishJob('j1'));

    expect(events.map((e) => [e.type, e.data.status])).toEqual([
      ['status', 'queued'],
      ['status', 'running'],
      ['variation', 'running'],
      ['variation', 'done'],
      ['variation', 'running'],
      ['variation', 'failed'],
      ['status', 'failed'],
    ]);
    const ids = events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(store.eventsAfter('j1', ids[2], 100).map((e) => e.id)).toEqual(ids.slice(3));

    const job = store.getJob('j1')!;
    expect(job).toMatchObject({ status: 'failed', progress: { total: 2, done: 1, failed: 1, fraction: 1 } });
    expect(job.variations[0]).toMatchObject({ status: 'done', attempts: 1, result: result('v0') });
    expect(job.variations[1]).toMatchObject({ status: 'failed', error: { code: 'SOLVE_FAILED', message: 'no' } });
    expect(store.getJob('j1', { results: false })!.variations[0].result).toBeUndefined();
    expect(store.nextJob([])).toBeNull();
  });

  it("counts a job's variations by status as getJob does, without reading them", () => {
    const store = open(':memory:');
    newJob(store, 'j1', 3);
    store.startJob('j1');
    store.claimVariation('j1');
    store.claimVariation('j1');
    store.completeVariation('j1', 0, result('v0'));
    expect(store.progress('j1')).toEqual(store.getJob('j1', { results: false })!.progress);
    expect(store.progress('j1')).toMatchObject({ total: 3, queued: 1, running: 1, done: 1, fraction: 1 / 3 });
    expect(store.progress('nobody')).toMatchObject({ total: 0, running: 0 });
  });

  it("lists a job's running variations as getJob shows them", () => {
    const store = open(':memory:');
    newJob(store, 'j1', 4);
    newJob(store, 'j2', 2);
    store.startJob('j1');
    store.startJob('j2');
    for (let i = 0; i < 3; i++) store.claimVariation('j1');
    store.claimVariation('j2');
    store.completeVariation('j1', 1, result('v1'));
    const running = (id: string) =>
      store
        .getJob(id, { results: false })!
        .variations.filter((v) => v.status === 'running')
        .map((v) => v.index);
    expect(store.runningVariations('j1')).toEqual([0, 2]);
    expect(store.runningVariations('j1')).toEqual(running('j1'));
    expect(store.runningVariations('j2')).toEqual([0]);
    expect(store.runningVariations('nobody')).toEqual([]);
  });

  it('takes interrupted jobs before queued ones, then queued ones in submission order', () => {
    const store = open(':memory:');
    newJob(store, 'a');
    newJob(store, 'b');
    newJob(store, 'c');
    store.startJob('b');
    expect(store.nextJob([])).toBe('b');
    expect(store.nextJob(['b'])).toBe('a');
    expect(store.nextJob(['b', 'a'])).toBe('c');
  });

  it('accepts a result only for a running variation, and only with the status done', () => {
    const store = open(':memory:');
    newJob(store, 'j');
    store.startJob('j');
    expect(store.completeVariation('j', 0, result('x'))).toEqual([]);
    const { variation } = store.claimVariation('j')!;
    store.cancelJob('j');
    // The result of a solve that ends after the cancel is not recorded.
    expect(store.completeVariation('j', variation.index, result('late'))).toEqual([]);
    expect(store.getJob('j')!.variations[0]).toMatchObject({ status: 'cancelled' });
    expect(store.getJob('j')!.variations[0].result).toBeUndefined();
  });

  it('cancels every unfinished variation at once, and leaves a finished job alone', () => {
    const store = open(':memory:');
    newJob(store, 'j');
    store.startJob('j');
    store.claimVariation('j');
    const { events, status } = store.cancelJob('j')!;
    expect(status).toBe('cancelled');
    expect(events.map((e) => [e.type, e.data.status])).toEqual([
      ['variation', 'cancelled'],
      ['status', 'cancelled'],
    ]);
    expect(store.getJob('j')!.progress).toMatchObject({ cancelled: 3, queued: 0, running: 0 });
    expect(store.claimVariation('j')).toBeNull();
    expect(store.cancelJob('j')).toEqual({ events: [], status: 'cancelled' });
    expect(store.cancelJob('nope')).toBeNull();
  });

  it('re-queues on recover exactly what was running, keeping its attempts, across a reopen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lodestone-store-'));
    const before = open(dir);
    newJob(before, 'j');
    before.startJob('j');
    before.claimVariation('j');
    before.completeVariation('j', 0, result('v0'));
    before.claimVariation('j');
    // What a kill -9 leaves: nothing more is written. (Closing only releases the lock.)
    before.close();

    const after = open(dir);
    const requeued = after.recover();
    expect(requeued.map((e) => e.data)).toEqual([
      expect.objectContaining({ index: 1, status: 'queued', reason: 'interrupted', attempts: 1 }),
    ]);
    expect(after.nextJob([])).toBe('j');
    expect(after.startJob('j')[0].data).toMatchObject({ status: 'running', resumed: true });
    const again = after.claimVariation('j')!;
    expect(again.variation).toMatchObject({ index: 1, attempts: 2 });
    const job = after.getJob('j')!;
    expect(job.variations.map((v) => [v.status, v.attempts])).toEqual([
      ['done', 1],
      ['running', 2],
      ['queued', 0],
    ]);
  });

  it('keeps the database in WAL mode, and enforces "a result exactly when done" in the schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lodestone-store-'));
    open(dir).close();
    const db = new Database(join(dir, DATABASE_FILE));
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.prepare(
        `INSERT INTO jobs (id, seq, status, options, documents, created_at, updated_at) VALUES ('x', 1, 'running', '{}', x'90', 0, 0)`,
      ).run();
      expect(() =>
        db
          .prepare(
            `INSERT INTO variations (job_id, idx, name, document, patch, status) VALUES ('x', 0, 'v', 0, '[]', 'done')`,
          )
          .run(),
      ).toThrow(/CHECK/);
      expect(() =>
        db
          .prepare(
            `INSERT INTO variations (job_id, idx, name, document, patch, status, result) VALUES ('x', 0, 'v', 0, '[]', 'running', '{}')`,
          )
          .run(),
      ).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });

  it('refuses a second process on the same data directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lodestone-store-'));
    open(dir);
    expect(() => openSqliteJobStore(dir)).toThrow(JobStoreLockedError);
  });
});
