// FrontierService with in-process stand-ins for the worker pool: what each
// failure becomes, how the time-out and the caller's signal stop a solve,
// and when the admission slot is given back.

import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/domain/limits.js';
import type { Problem } from '../../src/domain/problem.js';
import type { FrontierExecutor, RunOutcome } from '../../src/frontier/executor.js';
import { LocalExecutor } from '../../src/frontier/local-executor.js';
import { FrontierSolveError } from '../../src/frontier/steps.js';
import { PlanVerificationError } from '../../src/model/verify-plan.js';
import { BoundedAdmissionGate } from '../../src/service/admission-gate.js';
import { ServiceError } from '../../src/service/errors.js';
import { FrontierService } from '../../src/service/frontier-service.js';
import { ServiceMetrics } from '../../src/service/metrics.js';
import type { SolverPool } from '../../src/service/solver-pool.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

type SolveRuns = FrontierExecutor['solveRuns'];

/** A pool whose executors solve in this thread, or do whatever `solveRuns` says. */
function fakePool(solveRuns?: SolveRuns): SolverPool & { executors: number } {
  const pool = {
    executors: 0,
    executorFor(problem: Problem): FrontierExecutor {
      pool.executors++;
      const local = LocalExecutor.create(problem, { backend: 'highs' });
      if (!solveRuns) return local;
      return { parallelism: 1, solveRuns, info: () => local.info(), close: () => local.close() };
    },
    stats: () => ({ size: 1, busy: 0, queued: 0, workerRestarts: 0, completedTasks: 0 }),
  };
  return pool;
}

function serviceWith(
  pool: SolverPool,
  options: { requestTimeoutMs?: number; queueLength?: number; maxScenarios?: number } = {},
) {
  const gate = new BoundedAdmissionGate(1, options.queueLength ?? 4);
  const metrics = new ServiceMetrics({ pool: () => pool.stats(), gate }, { defaultMetrics: false });
  const service = new FrontierService({
    pool,
    gate,
    metrics,
    limits: { ...DEFAULT_LIMITS, maxScenarios: options.maxScenarios ?? DEFAULT_LIMITS.maxScenarios },
    requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
  });
  return { service, gate, metrics };
}

async function failure(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

/** Runs until the signal fires, then stop after `stopMs` (a worker noticing its stop flag). */
const untilAborted =
  (stopMs = 0): SolveRuns =>
  (_runs, signal) =>
    new Promise<RunOutcome[]>((_, reject) => {
      signal?.addEventListener(
        'abort',
        () => setTimeout(() => reject(new FrontierSolveError('the frontier was cancelled', 'interrupted')), stopMs),
        { once: true },
      );
    });

describe('FrontierService', () => {
  it('solves a valid problem and counts it', async () => {
    const { service, metrics, gate } = serviceWith(fakePool());
    const result = await service.solve({ input: sampleProblemInput(), points: 3 });
    expect(result.status).toBe('optimal');
    expect(gate.stats().running).toBe(0);
    expect(await metrics.registry.getSingleMetricAsString('lodestone_frontier_solves_total')).toContain(
      'outcome="ok"} 1',
    );
  });

  it('reports every input error, or the size limit, without touching the pool', async () => {
    const pool = fakePool();
    const { service } = serviceWith(pool, { maxScenarios: 1 });
    const invalid = await failure(service.solve({ input: { ...sampleProblemInput(), periods: 0 } }));
    expect(invalid.code).toBe('INVALID_PROBLEM');
    expect(invalid.extra.errors!.map((e) => e.path)).toContain('$.periods');
    const tooLarge = await failure(service.solve({ input: sampleProblemInput() }));
    expect(tooLarge.code).toBe('PROBLEM_TOO_LARGE');
    expect(tooLarge.extra.errors).toHaveLength(1);
    const badOptions = await failure(service.solve({ input: sampleProblemInput(), points: 1, backend: 'cplex' }));
    expect(badOptions.extra.errors!.map((e) => e.path)).toEqual(['points', 'backend']);
    expect(pool.executors).toBe(0);
  });

  it.each([
    ['PLAN_VERIFICATION_FAILED', () => new PlanVerificationError([{ constraint: 'stock[ndfeb,1,base]', amount: 0.5 }])],
    [
      'SOLVE_TIME_LIMIT',
      () => new FrontierSolveError('the cheapest step hit the per-solve time limit after 300.0 s', 'time_limit'),
    ],
    ['SOLVE_FAILED', () => new FrontierSolveError('the solver failed on the safest step: numerical trouble', 'error')],
    [
      'WORKER_CRASHED',
      () =>
        Object.assign(new Error('worker crashed while solving: Worker exited with code 1'), {
          name: 'WorkerCrashError',
        }),
    ],
    ['WORKER_CRASHED', () => new Error('Worker terminated due to reaching memory limit: JS heap out of memory')],
    ['INTERNAL_ERROR', () => new TypeError('x is undefined')],
  ] as const)('maps a solve failure to %s, keeping its message', async (code, makeError) => {
    const { service, gate } = serviceWith(fakePool(async () => Promise.reject(makeError())));
    const error = await failure(service.solve({ input: sampleProblemInput() }));
    expect(error.code).toBe(code);
    expect(error.message).toContain(makeError().message);
    await new Promise((r) => setTimeout(r, 0));
    expect(gate.stats().running).toBe(0);
  });

  it('times out: answers TIMEOUT at once, and gives the slot back only when the solve has stopped', async () => {
    const { service, gate } = serviceWith(fakePool(untilAborted(200)), { requestTimeoutMs: 100 });
    const started = performance.now();
    const error = await failure(service.solve({ input: sampleProblemInput() }));
    expect(error.code).toBe('TIMEOUT');
    expect(performance.now() - started).toBeLessThan(180);
    expect(gate.stats().running).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(gate.stats().running).toBe(0);
  });

  it("stops the solve when the caller's signal fires", async () => {
    const { service, gate, metrics } = serviceWith(fakePool(untilAborted()));
    const caller = new AbortController();
    const solving = service.solve({ input: sampleProblemInput(), signal: caller.signal });
    setTimeout(() => caller.abort(), 50);
    expect((await failure(solving)).code).toBe('CANCELLED');
    await new Promise((r) => setTimeout(r, 10));
    expect(gate.stats().running).toBe(0);
    expect(await metrics.registry.getSingleMetricAsString('lodestone_frontier_solves_total')).toContain(
      'outcome="cancelled"} 1',
    );
  });

  it('refuses with QUEUE_FULL and a retry delay when the line is full, and SHUTTING_DOWN after close', async () => {
    const pool = fakePool(untilAborted());
    const { service } = serviceWith(pool, { queueLength: 0 });
    const caller = new AbortController();
    const running = service.solve({ input: sampleProblemInput(), signal: caller.signal }).catch(() => null);
    await new Promise((r) => setTimeout(r, 0));
    const full = await failure(service.solve({ input: sampleProblemInput() }));
    expect(full.code).toBe('QUEUE_FULL');
    expect(full.extra.retryAfterSec).toBeGreaterThanOrEqual(1);
    expect(pool.executors).toBe(1);
    service.close();
    expect((await failure(service.solve({ input: sampleProblemInput() }))).code).toBe('SHUTTING_DOWN');
    caller.abort();
    await running;
  });
});
