// Jobs survive a crash: the service as a real process on a real socket is
// killed with SIGKILL mid-batch, started again on the same data directory,
// and finishes the job. What the database held at the crash is the ground
// truth: the variations done then are not solved again (same result, same
// finish time, one attempt), those running then are solved once more, and
// every variation ends with exactly one result and one "done" event.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/jobs/sqlite/open-database.js';
import { fixture, postJson } from '../helpers/http-server.js';
import { getJob, readSse, waitForJob } from '../helpers/jobs.js';

const root = new URL('../../', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'lodestone-restart-'));
const children = new Set<ChildProcess>();

interface Service {
  url: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  log: string[];
}

/** `npm start` from source: the service on a free port, one worker, our data directory. */
async function startService(): Promise<Service> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/http/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LODESTONE_DATA_DIR: dataDir,
      LODESTONE_POOL_SIZE: '1',
      LODESTONE_MAX_CONCURRENT_JOBS: '1',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  const log: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the service did not start:\n${log.join('')}`)), 30_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      log.push(line);
      const listening = /listening on (http:\/\/[^"\s]+)/.exec(line);
      if (listening) {
        clearTimeout(timer);
        resolve(listening[1]);
      }
    });
    void exited.then(() => reject(new Error(`the service exited:\n${log.join('\n')}`)));
  });
  return { url, child, exited, log };
}

interface VariationRow {
  idx: number;
  status: string;
  attempts: number;
  finished_at: number | null;
  result: string | null;
}

function readVariations(): VariationRow[] {
  const db = new Database(join(dataDir, DATABASE_FILE));
  try {
    return db
      .prepare('SELECT idx, status, attempts, finished_at, result FROM variations ORDER BY idx')
      .all() as VariationRow[];
  } finally {
    db.close();
  }
}

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

describe('a batch job across kill -9 and a restart', () => {
  it('completes with nothing lost or duplicated, and re-solves only what was running', async () => {
    const first = await startService();
    const alphas = [0.8, 0.85, 0.9, 0.92, 0.95, 0.97];
    const submitted = await postJson(`${first.url}/v1/jobs?points=5`, {
      base: fixture('bench/small.json'),
      sweep: { grid: { '/risk/alpha': alphas } },
    });
    expect(submitted.status).toBe(202);
    const { id } = (await submitted.json()) as { id: string };

    await waitForJob(first.url, id, (job) => job.progress.done >= 1 && job.progress.running === 1, 60_000, 20);
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    // What the crash left behind.
    const atCrash = readVariations();
    const doneAtCrash = atCrash.filter((v) => v.status === 'done');
    const runningAtCrash = atCrash.filter((v) => v.status === 'running');
    expect(doneAtCrash.length).toBeGreaterThanOrEqual(1);
    expect(doneAtCrash.length).toBeLessThan(alphas.length);
    expect(runningAtCrash).toHaveLength(1);
    console.log(
      `restart: at the kill -9, ${doneAtCrash.length} of ${alphas.length} variations done, variation ${runningAtCrash[0].idx} running`,
    );

    const second = await startService();
    const job = await waitForJob(second.url, id, (j) => j.status === 'done', 90_000, 100);
    expect(job.progress).toMatchObject({ total: alphas.length, done: alphas.length, failed: 0 });

    const full = await getJob(second.url, id, true);
    expect(full.variations.map((v) => v.name)).toEqual(alphas.map((a) => `risk.alpha=${a}`));
    for (const v of full.variations) {
      expect(v.status).toBe('done');
      expect(v.result!.risk.alpha).toBe(alphas[v.index]);
      expect(v.result!.frontier).toHaveLength(5);
    }

    // The event log tells the same story, each variation done exactly once, resumable across the crash.
    const { events } = await readSse(`${second.url}/v1/jobs/${id}/events`);
    const doneEvents = events
      .filter((e) => e.event === 'variation' && e.data.status === 'done')
      .map((e) => e.data.index as number);
    expect([...doneEvents].sort((a, b) => a - b)).toEqual(alphas.map((_, i) => i));
    expect(
      events.filter((e) => e.event === 'variation' && e.data.reason === 'interrupted').map((e) => e.data.index),
    ).toEqual(runningAtCrash.map((v) => v.idx));
    expect(events).toContainEqual(
      expect.objectContaining({ event: 'status', data: expect.objectContaining({ status: 'running', resumed: true }) }),
    );
    const ids = events.map((e) => e.id!);
    expect(ids.every((n, i) => i === 0 || n > ids[i - 1])).toBe(true);

    // A graceful stop exits 0 (and releases the database, held exclusively while running).
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });

    const after = readVariations();
    expect(after.every((v) => v.status === 'done' && v.result !== null)).toBe(true);
    for (const before of doneAtCrash) {
      // Not solved again: the same result, written at the same time, by its only attempt.
      const now = after.find((v) => v.idx === before.idx)!;
      expect(now).toEqual(before);
      expect(now.attempts).toBe(1);
    }
    for (const interrupted of runningAtCrash) expect(after.find((v) => v.idx === interrupted.idx)!.attempts).toBe(2);
    const untouched = after.filter((v) => atCrash.find((c) => c.idx === v.idx)!.status === 'queued');
    expect(untouched.every((v) => v.attempts === 1)).toBe(true);
    expect(after.reduce((n, v) => n + v.attempts, 0)).toBe(alphas.length + runningAtCrash.length);
  });
});
