// The job queue and runner with a stand-in solver (no LPs): scheduling
// (jobs at once, variations of a job at once), failures, cancellation, and a
// stop that re-queues the running variation for the next start.

import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/domain/limits.js';
import type { FrontierResult } from '../../src/frontier/solve-frontier.js';
import type { JobEvent } from '../../src/jobs/job-queue.js';
import { LocalJobQueue } from '../../src/jobs/local-job-queue.js';
import { openSqliteJobStore, type SqliteJobStore } from '../../src/jobs/sqlite-job-store.js';
import { ServiceError } from '../../src/service/errors.js';
import type { VariationRequest } from '../../src/service/frontier-service.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

/** A solver whose solves finish when the test says so. */
class ControlledSolver {
  readonly calls: { request: VariationRequest; finish: (error?: unknown) => void }[] = [];
  running = 0;
  maxRunning = 0;

  solve = (request: VariationRequest): Promise<FrontierResult> =>
    new Promise<FrontierResult>((resolve, reject) => {
      this.running++;
      this.maxRunning = Math.max(this.maxRunning, this.running);
      const done = () => this.running--;
      const finish = (error?: unknown) => {
        done();
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the reason as the test gave it
        if (error) reject(error);
        else
          resolve({
            status: 'optimal',
            name: (request.input as { name: string }).name,
            frontier: [],
          } as unknown as FrontierResult);
      };
      request.signal.addEventListener('abort', () => finish(request.signal.reason), { once: true });
      request.onProgress?.(1, 2);
      this.calls.push({ request, finish });
    });

  async next(count = this.calls.length + 1): Promise<void> {
    for (let i = 0; i < 200 && this.calls.length < count; i++) await new Promise((r) => setTimeout(r, 5));
    if (this.calls.length < count) throw new Error(`only ${this.calls.length} solves started, expected ${count}`);
  }
}

const stores: SqliteJobStore[] = [];
const queues: LocalJobQueue[] = [];
afterEach(async () => {
  await Promise.all(queues.splice(0).map((q) => q.stop()));
  stores.splice(0).forEach((s) => s.close());
});

function makeQueue(
  solver: ControlledSolver,
  options: { maxConcurrentJobs?: number; variationsAtOnce?: number; store?: SqliteJobStore; stopGraceMs?: number } = {},
) {
  const store = options.store ?? openSqliteJobStore(':memory:');
  if (!options.store) stores.push(store);
  const queue = new LocalJobQueue({
    store,
    solve: solver.solve,
    limits: DEFAULT_LIMITS,
    maxVariations: 100,
    maxConcurrentJobs: options.maxConcurrentJobs ?? 1,
    variationsAtOnce: options.variationsAtOnce,
    stopGraceMs: options.stopGraceMs ?? 50,
  });
  queues.push(queue);
  return { queue, store };
}

const sweep = (names: string[]) => ({
  base: sampleProblemInput(),
  sweep: { variations: names.map((name) => ({ name, patch: [{ op: 'replace', path: '/name', value: name }] })) },
});

async function until(condition: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('condition not met');
}

describe('LocalJobQueue', () => {
  it('solves one variation at a time, jobs up to the limit at once, and records each result', async () => {
    const solver = new ControlledSolver();
    const { queue } = makeQueue(solver, { maxConcurrentJobs: 2 });
    const a = await queue.submit(sweep(['a1', 'a2']), { points: 3 });
    const b = await queue.submit(sweep(['b1']), {});
    const c = await queue.submit(sweep(['c1']), {});
    expect((await queue.get(a.id))!.status).toBe('queued');
    await queue.start();
    await solver.next(2);
    expect(solver.calls.map((c) => (c.request.input as { name: string }).name)).toEqual(['a1', 'b1']);
    expect(solver.calls[0].request.points).toBe(3);
    solver.calls[1].finish();
    await solver.next(3);
    // b done: c starts (two jobs at once), never a2 alongside a1.
    expect((solver.calls[2].request.input as { name: string }).name).toBe('c1');
    solver.calls[0].finish();
    await solver.next(4);
    solver.calls[2].finish();
    solver.calls[3].finish();
    await until(async () => (await queue.get(a.id))!.status === 'done' && (await queue.get(c.id))!.status === 'done');
    expect(solver.maxRunning).toBe(2);
    const job = (await queue.get(a.id))!;
    expect(job.variations.map((v) => [v.name, v.status, v.attempts, v.result?.name])).toEqual([
      ['a1', 'done', 1, 'a1'],
      ['a2', 'done', 1, 'a2'],
    ]);
    expect((await queue.get(b.id))!.status).toBe('done');
  });

  it('solves up to variationsAtOnce variations of one job at once, each once, the job done after the last', async () => {
    const solver = new ControlledSolver();
    const { queue } = makeQueue(solver, { variationsAtOnce: 2 });
    await queue.start();
    const { id } = await queue.submit(sweep(['v1', 'v2', 'v3']), {});
    await solver.next(2);
    const names = () => solver.calls.map((c) => (c.request.input as { name: string }).name);
    expect(names()).toEqual(['v1', 'v2']);
    await new Promise((r) => setTimeout(r, 30));
    expect(solver.calls).toHaveLength(2); // v3 waits for a lane
    solver.calls[1].finish();
    await solver.next(3);
    expect(names()).toEqual(['v1', 'v2', 'v3']);
    solver.calls[2].finish();
    await new Promise((r) => setTimeout(r, 30));
    // v1 still runs, so the job is not finished
    expect((await queue.get(id))!.status).toBe('running');
    solver.calls[0].finish();
    await until(async () => (await queue.get(id))!.status === 'done');
    expect(solver.maxRunning).toBe(2);
    expect(solver.calls).toHaveLength(3);
    expect((await queue.get(id))!.variations.map((v) => [v.name, v.status, v.attempts])).toEqual([
      ['v1', 'done', 1],
      ['v2', 'done', 1],
      ['v3', 'done', 1],
    ]);
  });

  it('cancelling a job aborts every variation it is running', async () => {
    const solver = new ControlledSolver();
    const { queue } = makeQueue(solver, { variationsAtOnce: 2 });
    await queue.start();
    const { id } = await queue.submit(sweep(['w1', 'w2', 'w3']), {});
    await solver.next(2);
    await queue.cancel(id);
    expect(solver.calls.map((c) => (c.request.signal.reason as ServiceError).code)).toEqual(['CANCELLED', 'CANCELLED']);
    await until(() => solver.running === 0);
    await new Promise((r) => setTimeout(r, 30));
    expect(solver.calls).toHaveLength(2);
    expect((await queue.get(id))!.variations.map((v) => v.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });

  it('on stop re-queues every variation a job is running, and the next start solves each once more', async () => {
    const solver = new ControlledSolver();
    const store = openSqliteJobStore(':memory:');
    stores.push(store);
    const { queue } = makeQueue(solver, { store, stopGraceMs: 20, variationsAtOnce: 2 });
    await queue.start();
    const { id } = await queue.submit(sweep(['s1', 's2', 's3']), {});
    await solver.next(2);
    await queue.stop();
    expect(solver.calls.map((c) => (c.request.signal.reason as ServiceError).code)).toEqual([
      'SHUTTING_DOWN',
      'SHUTTING_DOWN',
    ]);
    expect((await queue.get(id))!.variations.map((v) => [v.status, v.attempts])).toEqual([
      ['queued', 1],
      ['queued', 1],
      ['queued', 0],
    ]);

    const { queue: restarted } = makeQueue(solver, { store, variationsAtOnce: 2 });
    await restarted.start();
    await solver.next(4);
    solver.calls[2].finish();
    solver.calls[3].finish();
    await solver.next(5);
    solver.calls[4].finish();
    await until(async () => (await restarted.get(id))!.status === 'done');
    expect((await restarted.get(id))!.variations.map((v) => [v.name, v.status, v.attempts])).toEqual([
      ['s1', 'done', 2],
      ['s2', 'done', 2],
      ['s3', 'done', 1],
    ]);
    expect(solver.calls).toHaveLength(5);
  });

  it('records a failed variation with its code, goes on, and marks the job failed', async () => {
    const solver = new ControlledSolver();
    const { queue } = makeQueue(solver);
    await queue.start();
    const { id } = await queue.submit(sweep(['x', 'y']), {});
    await solver.next(1);
    solver.calls[0].finish(new ServiceError('SOLVE_TIME_LIMIT', 'an LP hit the time limit'));
    await solver.next(2);
    solver.calls[1].finish();
    await until(async () => (await queue.get(id))!.status === 'failed');
    const job = (await queue.get(id))!;
    expect(job.variations[0]).toMatchObject({
      status: 'failed',
      error: { code: 'SOLVE_TIME_LIMIT', message: 'an LP hit the time limit' },
    });
    expect(job.variations[1]).toMatchObject({ status: 'done' });
    expect(job.progress).toMatchObject({ done: 1, failed: 1, fraction: 1 });
  });

  it('cancels: queued variations never start, the running one is aborted', async () => {
    const solver = new ControlledSolver();
    const { queue } = makeQueue(solver);
    await queue.start();
    const { id } = await queue.submit(sweep(['p', 'q', 'r']), {});
    await solver.next(1);
    const view = await queue.cancel(id);
    expect(view.status).toBe('cancelled');
    expect(solver.calls[0].request.signal.aborted).toBe(true);
    expect((solver.calls[0].request.signal.reason as ServiceError).code).toBe('CANCELLED');
    await until(() => solver.running === 0);
    await new Promise((r) => setTimeout(r, 30));
    expect(solver.calls).toHaveLength(1);
    expect((await queue.get(id))!.variations.map((v) => v.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    // Again is harmless; a finished job cannot be cancelled.
    expect((await queue.cancel(id)).status).toBe('cancelled');
    const other = await queue.submit(sweep(['s']), {});
    await solver.next(2);
    solver.calls[1].finish();
    await until(async () => (await queue.get(other.id))!.status === 'done');
    await expect(queue.cancel(other.id)).rejects.toMatchObject({ code: 'JOB_FINISHED' });
    await expect(queue.cancel('nope')).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
  });

  it('on stop re-queues the running variation after the grace period, and the next start solves it again', async () => {
    const solver = new ControlledSolver();
    const store = openSqliteJobStore(':memory:');
    stores.push(store);
    const { queue } = makeQueue(solver, { store, stopGraceMs: 20 });
    await queue.start();
    const { id } = await queue.submit(sweep(['one', 'two']), {});
    await solver.next(1);
    solver.calls[0].finish();
    await solver.next(2);
    await queue.stop();
    expect((solver.calls[1].request.signal.reason as ServiceError).code).toBe('SHUTTING_DOWN');
    const stopped = (await queue.get(id))!;
    expect(stopped.status).toBe('running');
    expect(stopped.variations.map((v) => [v.status, v.attempts])).toEqual([
      ['done', 1],
      ['queued', 1],
    ]);

    const { queue: restarted } = makeQueue(solver, { store });
    await restarted.start();
    await solver.next(3);
    solver.calls[2].finish();
    await until(async () => (await restarted.get(id))!.status === 'done');
    expect((await restarted.get(id))!.variations.map((v) => [v.status, v.attempts])).toEqual([
      ['done', 1],
      ['done', 2],
    ]);
  });

  it('lets a running variation finish within the grace period', async () => {
    const solver = new ControlledSolver();
    const { queue } = makeQueue(solver, { stopGraceMs: 5_000 });
    await queue.start();
    const { id } = await queue.submit(sweep(['only', 'next']), {});
    await solver.next(1);
    const stopping = queue.stop();
    setTimeout(() => solver.calls[0].finish(), 20);
    await stopping;
    expect(solver.calls).toHaveLength(1);
    expect((await queue.get(id))!.variations.map((v) => v.status)).toEqual(['done', 'queued']);
  });

  it('publishes every event to subscribers, as persisted', async () => {
    const solver = new ControlledSolver();
    const { queue } = makeQueue(solver);
    const { id } = await queue.submit(sweep(['e']), {});
    const seen: JobEvent[] = [];
    const unsubscribe = queue.subscribe(id, (event) => seen.push(event));
    await queue.start();
    await solver.next(1);
    solver.calls[0].finish();
    await until(async () => (await queue.get(id))!.status === 'done');
    unsubscribe();
    expect(seen.map((e) => [e.type, e.data.status ?? `${String(e.data.done)}/${String(e.data.total)}`])).toEqual([
      ['status', 'running'],
      ['variation', 'running'],
      ['point', '1/2'],
      ['variation', 'done'],
      ['status', 'done'],
    ]);
    expect(await queue.events(id, 0)).toEqual([
      expect.objectContaining({ type: 'status', data: expect.objectContaining({ status: 'queued' }) }),
      ...seen,
    ]);
  });

  it('refuses an invalid batch whole, with every invalid variation', async () => {
    const { queue } = makeQueue(new ControlledSolver());
    const input = {
      base: sampleProblemInput(),
      sweep: {
        variations: [{ name: 'good' }, { name: 'bad', patch: [{ op: 'replace', path: '/periods', value: 0 }] }],
      },
    };
    await expect(queue.submit(input, {})).rejects.toMatchObject({
      code: 'INVALID_BATCH',
      extra: { errors: [expect.objectContaining({ variation: 1, name: 'bad', path: '$.periods' })] },
    });
    await expect(queue.submit({ problems: [sampleProblemInput()] }, { points: 10_000 })).rejects.toMatchObject({
      code: 'BATCH_TOO_LARGE',
    });
  });
});
