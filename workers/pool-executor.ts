// A FrontierExecutor that sends each run to the worker pool: runs go in
// parallel, each on one worker's warm session; MODEL.md section 9's solves
// go one task per worker at a time. Cancelling stops both as task-stop.ts
// says, so the workers stay alive.

import { randomUUID } from 'node:crypto';
import { MessageChannel } from 'node:worker_threads';
import { pack } from 'msgpackr';
import type { Problem } from '../src/domain/problem.js';
import type { ExecutorInfo, FrontierExecutor, FrontierRun, OnStep, RunOutcome } from '../src/frontier/executor.js';
import { FrontierSolveError } from '../src/frontier/steps.js';
import { analysisCancelled, type AnalysisTask, type TaskOutcome } from '../src/analysis/vss-evpi.js';
import type { SolveRunTask, StepMessage } from './protocol.js';
import { isPoolQueueFull } from './queue-full.js';
import type { TaskPool } from './task-pool.js';
import { TaskStop } from './task-stop.js';

export class WorkerCrashError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerCrashError';
  }
}

export class PoolExecutor implements FrontierExecutor {
  private readonly packed: Uint8Array;
  private readonly key = randomUUID();
  private lastInfo: { lp: ExecutorInfo['lp']; buildMs: number } = {
    lp: { rows: 0, columns: 0, nonzeros: 0 },
    buildMs: 0,
  };

  constructor(
    private readonly pool: TaskPool,
    problem: Problem,
    private readonly backend: string,
  ) {
    this.packed = pack(problem);
  }

  get parallelism(): number {
    return this.pool.size;
  }

  async solveRuns(runs: FrontierRun[], signal?: AbortSignal, onStep?: OnStep): Promise<RunOutcome[]> {
    signal?.throwIfAborted();
    const stop = new TaskStop(signal);
    try {
      return await Promise.all(runs.map((run, r) => this.solveRun(run, r, stop.buffer, stop.terminate, onStep)));
    } catch (error) {
      // Let the other runs stop too: a request fails as a whole.
      stop.raise();
      if (signal?.aborted) throw new FrontierSolveError('the frontier was cancelled', 'interrupted');
      throw error;
    } finally {
      stop.dispose();
    }
  }

  private async solveRun(
    run: FrontierRun,
    r: number,
    stop: SharedArrayBuffer,
    hardStop: AbortSignal,
    onStep?: OnStep,
  ): Promise<RunOutcome> {
    // Each task gets its own copy of the packed problem, moved (not cloned) to the worker.
    const problem = new Uint8Array(this.packed);
    const channel = new MessageChannel();
    const reported = new Set<number>();
    channel.port1.on('message', ({ step, point }: StepMessage) => {
      reported.add(step);
      onStep?.({ run: r, step, ...(point ? { point } : {}) });
    });
    const task: SolveRunTask = {
      kind: 'run',
      problemKey: this.key,
      problem,
      run,
      backend: this.backend,
      solveTimeLimitSec: this.pool.options.solveTimeLimitSec,
      stop,
      progress: channel.port2,
    };
    try {
      const reply = await this.pool.runTask(task, [problem.buffer, channel.port2], hardStop);
      if (!reply.ok) {
        if (reply.status) throw new FrontierSolveError(reply.message, reply.status);
        const error = new Error(reply.message);
        error.name = reply.name;
        throw error;
      }
      this.lastInfo = { lp: reply.lp, buildMs: reply.buildMs };
      // The reply can overtake the last progress messages on their port; every step is done now.
      reply.result.outcomes.forEach(({ point }, step) => {
        if (!reported.has(step)) onStep?.({ run: r, step, ...(run.reportPoints && point ? { point } : {}) });
      });
      return reply.result;
    } catch (error) {
      const message = (error as Error).message;
      if (error instanceof FrontierSolveError || hardStop.aborted || isPoolQueueFull(error)) throw error;
      throw new WorkerCrashError(`worker crashed while solving: ${message}`);
    } finally {
      channel.port1.close();
    }
  }

  /**
   * MODEL.md section 9's solves, one task each, at most as many at once as the
   * pool has workers: hundreds of scenario solves queued at once would sit
   * ahead of every other request's runs, and would all still run after a
   * cancel. Cancelling starts no more tasks and stops those under way as runs
   * are stopped (the shared flag, then termination after the grace period).
   */
  async runAnalysis(_problem: Problem, tasks: AnalysisTask[], signal?: AbortSignal): Promise<TaskOutcome[]> {
    signal?.throwIfAborted();
    const stop = new TaskStop(signal);
    const out: TaskOutcome[] = new Array<TaskOutcome>(tasks.length);
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < tasks.length) {
        if (stop.raised) throw analysisCancelled();
        const i = next++;
        const problem = new Uint8Array(this.packed);
        const reply = await this.pool.runAnalysisTask(
          {
            kind: 'analysis',
            problem,
            problemKey: this.key,
            task: tasks[i],
            solveTimeLimitSec: this.pool.options.solveTimeLimitSec,
            stop: stop.buffer,
          },
          [problem.buffer],
          stop.terminate,
        );
        if (!reply.ok) {
          const error = new Error(reply.message);
          error.name = reply.name;
          throw error;
        }
        out[i] = reply.outcome;
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.pool.size, tasks.length) }, lane));
      return out;
    } catch (error) {
      // one failed solve fails the analysis: the other lanes stop too
      stop.raise();
      throw error;
    } finally {
      stop.dispose();
    }
  }

  info(): ExecutorInfo {
    return { backend: this.backend, lp: this.lastInfo.lp, buildMs: this.lastInfo.buildMs, workers: this.pool.size };
  }

  async close(): Promise<void> {
    // The pool outlives its executors; nothing to free per request.
  }
}
