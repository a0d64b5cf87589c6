// A FrontierExecutor whose runs are solved by `lodestone worker` processes over
// BullMQ (--remote on the CLI, LODESTONE_REMOTE_FRONTIERS in the service), so
// one large frontier can use the cores of many machines. solveFrontier sees
// the same interface as on the local pool: runs go in parallel, each on one
// worker's warm session, seeded with its warm start (packed with its typed
// arrays, remote-run.ts). Each finished step is reported as it is on the pool.
// MODEL.md section 9's analysis solves go to the workers too, split into as
// many runs as the frontier's.
//
// Cancelling drops the runs still waiting in Redis and announces the others,
// which their workers stop (frontier runs and analysis solves alike).

import { randomUUID } from 'node:crypto';
import type { LpSize } from '../../solver/lp.js';
import type { AnalysisTask, TaskOutcome } from '../analysis/analysis-types.js';
import type { Problem } from '../domain/problem.js';
import type { ExecutorInfo, FrontierExecutor, FrontierRun, OnStep, RunOutcome } from '../frontier/executor.js';
import type { FrontierResult } from '../frontier/solve-frontier.js';
import { FrontierSolveError } from '../frontier/steps.js';
import type { RemoteRunClient } from './remote-run-client.js';
import type { RemoteRunOutcome, WholeFrontier } from './remote-run.js';

export interface RemoteFrontierExecutorOptions {
  backend?: string;
  /** runs a frontier is split into; 0 or absent: the worker threads connected (at least 1) */
  parallelism?: number;
}

export class RemoteWorkerCrashError extends Error {
  constructor(message: string) {
    super(message);
    // The service's error table classifies it as it does a crash on its own pool (WORKER_CRASHED).
    this.name = 'WorkerCrashError';
  }
}

export class RemoteFrontierExecutor implements FrontierExecutor {
  readonly parallelism: number;
  private readonly key = randomUUID();
  private readonly backend: string;
  private calls = 0;
  private lastInfo: { lp: LpSize; buildMs: number } = { lp: { rows: 0, columns: 0, nonzeros: 0 }, buildMs: 0 };

  constructor(
    private readonly client: RemoteRunClient,
    private readonly problem: Problem,
    options: RemoteFrontierExecutorOptions = {},
  ) {
    this.backend = options.backend ?? 'auto';
    this.parallelism = Math.max(1, options.parallelism || client.workerThreads);
  }

  async solveRuns(runs: FrontierRun[], signal?: AbortSignal, onStep?: OnStep): Promise<RunOutcome[]> {
    signal?.throwIfAborted();
    const call = this.calls++;
    const ids = runs.map((_, r) => `${this.key}.${call}.${r}`);
    // Steps reported per run: an attempt on another worker counts again from 0, so only new highs count.
    const reported = runs.map(() => 0);
    const report = (r: number, stepsDone: number) => {
      // which step it was, so the orchestrator tells frontier points from min CVaR (points reach it with the run's result)
      for (; reported[r] < Math.min(stepsDone, runs[r].steps.length); reported[r]++)
        onStep?.({ run: r, step: reported[r] });
    };
    const outcomes = await this.client.submit(
      runs.map((run, r) => ({
        id: ids[r],
        run: { problemKey: this.key, problem: this.problem, run, backend: this.backend },
        onProgress: (stepsDone) => report(r, stepsDone),
      })),
    );
    const stopped = untilCancelled(signal);
    try {
      return await Promise.race([
        stopped.promise,
        Promise.all(
          outcomes.map(async (pending, r) => {
            const outcome = await answered(pending, 'the run');
            if (!('result' in outcome)) throw new Error('a worker answered frontier steps with analysis outcomes');
            this.lastInfo = { lp: outcome.lp, buildMs: outcome.buildMs };
            report(r, runs[r].steps.length);
            return outcome.result;
          }),
        ),
      ]);
    } catch (error) {
      // A frontier fails as a whole: the other runs are not needed any more.
      this.client.abandon(ids);
      if (signal?.aborted) throw new FrontierSolveError('the frontier was cancelled', 'interrupted');
      throw error;
    } finally {
      stopped.dispose();
    }
  }

  /** The analysis solves in contiguous slices, a run each on the workers; outcomes in task order. */
  async runAnalysis(problem: Problem, tasks: AnalysisTask[], signal?: AbortSignal): Promise<TaskOutcome[]> {
    signal?.throwIfAborted();
    if (tasks.length === 0) return [];
    const call = this.calls++;
    const runs = Math.min(this.parallelism, tasks.length);
    const slices = Array.from({ length: runs }, (_, r) =>
      tasks.slice(Math.floor((r * tasks.length) / runs), Math.floor(((r + 1) * tasks.length) / runs)),
    );
    const ids = slices.map((_, r) => `${this.key}.${call}.a${r}`);
    const outcomes = await this.client.submit(
      slices.map((slice, r) => ({
        id: ids[r],
        run: { problemKey: this.key, problem, tasks: slice, backend: this.backend },
        onProgress: () => undefined,
      })),
    );
    const stopped = untilCancelled(signal);
    try {
      const answers = await Promise.race([
        stopped.promise,
        Promise.all(
          outcomes.map(async (pending) => {
            const outcome = await answered(pending, 'the analysis run');
            if (!('tasks' in outcome)) throw new Error('a worker answered analysis solves with frontier steps');
            return outcome.tasks;
          }),
        ),
      ]);
      return answers.flat();
    } catch (error) {
      this.client.abandon(ids);
      throw error;
    } finally {
      stopped.dispose();
    }
  }

  info(): ExecutorInfo {
    return { backend: this.backend, lp: this.lastInfo.lp, buildMs: this.lastInfo.buildMs, workers: this.parallelism };
  }

  async close(): Promise<void> {
    // The client outlives its executors.
  }
}

/** What a whole remote frontier is sent with. */
export type WholeFrontierOptions = { backend: string; signal?: AbortSignal } & WholeFrontier;

/**
 * A whole frontier as one run on one worker, its sweep unsplit (`batch --remote`: a
 * variation is one BullMQ job, as the service sends it, instead of a run for
 * each of its phases, each shipping the problem). Cancelling stops it on its
 * worker as a frontier's runs are.
 */
export async function solveWholeFrontier(
  client: RemoteRunClient,
  problem: Problem,
  options: WholeFrontierOptions,
): Promise<FrontierResult> {
  options.signal?.throwIfAborted();
  const id = `${randomUUID()}.whole`;
  const { backend, signal, ...whole } = options;
  const [pending] = await client.submit([
    {
      id,
      run: { problemKey: id, problem, backend, frontier: whole },
      onProgress: () => undefined,
    },
  ]);
  const stopped = untilCancelled(signal);
  try {
    const outcome = await Promise.race([stopped.promise, answered(pending, 'the frontier')]);
    if (!('frontier' in outcome)) throw new Error('a worker answered a whole frontier with something else');
    return outcome.frontier;
  } catch (error) {
    client.abandon([id]);
    if (signal?.aborted) throw new FrontierSolveError('the frontier was cancelled', 'interrupted');
    throw error;
  } finally {
    stopped.dispose();
  }
}

/**
 * Rejects once `signal` fires (never without one); the caller's catch then
 * abandons its runs in Redis. dispose() stops listening.
 */
function untilCancelled(signal?: AbortSignal): { promise: Promise<never>; dispose: () => void } {
  let onAbort: (() => void) | undefined;
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(new FrontierSolveError('the frontier was cancelled', 'interrupted'));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  // a race that settled otherwise leaves this one pending, never rejected unobserved
  promise.catch(() => undefined);
  return { promise, dispose: () => onAbort && signal?.removeEventListener('abort', onAbort) };
}

/** A run's answer, or the error it stands for: its workers vanished on every attempt, or its own failure. */
async function answered(
  pending: Promise<RemoteRunOutcome>,
  what: string,
): Promise<Extract<RemoteRunOutcome, { ok: true }>> {
  let outcome;
  try {
    outcome = await pending;
  } catch (error) {
    throw new RemoteWorkerCrashError(
      `${what}'s workers stopped (killed or unreachable) on every attempt: ${(error as Error).message}`,
    );
  }
  if (!outcome.ok) {
    if (outcome.status) throw new FrontierSolveError(outcome.message, outcome.status);
    const error = new Error(outcome.message);
    error.name = outcome.name;
    throw error;
  }
  return outcome;
}
