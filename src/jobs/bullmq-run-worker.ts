// The worker's side of remote frontier runs (--remote, LODESTONE_REMOTE_FRONTIERS):
// takes runs of frontier steps from BullMQ and solves each on this process's
// own pool, warm start included, reporting each finished step as the BullMQ
// job's progress (the service turns it into point events). A run may instead
// hold analysis solves (MODEL.md section 9), solved on the same pool, or a
// whole frontier (`batch --remote`'s variations), solved as the service's
// variations are: its sweep unsplit.
//
// A run's own failure (infeasible, interrupted, time limit) is its outcome,
// returned, not retried. A pool thread that died is retried, up to the
// configured attempts. A worker killed mid-run stops renewing its lock, and
// another worker's stalled-job check hands the run on. On stop, running runs
// get the grace period, then go back to the queue without using an attempt.
// A run its caller gave up on (announced on RUN_CANCEL_CHANNEL) is stopped
// and failed without a retry.

import { UnrecoverableError, Worker, WaitingError, type Job } from 'bullmq';
import type { RemoteQueueConfig } from '../config.js';
import { runInThread } from '../analysis/vss-evpi.js';
import type { Problem } from '../domain/problem.js';
import type { LpSize } from '../../solver/lp.js';
import type { FrontierExecutor, FrontierRun, RunOutcome } from '../frontier/executor.js';
import { solveFrontier, type FrontierResult } from '../frontier/solve-frontier.js';
import { FrontierSolveError } from '../frontier/steps.js';
import { WholeRunExecutor } from '../service/whole-run-executor.js';
import type { SolverPool } from '../service/solver-pool.js';
import type { SolvedBy } from './job-queue.js';
import type { JobLogger } from './job-runner.js';
import { CancellationListener, RUN_CANCEL_CHANNEL } from './cancellation-channel.js';
import { KEY_PREFIX, redisConnection } from './redis-connection.js';
import {
  decodeRun,
  encodeRunOutcome,
  RUN_QUEUE,
  runWorkerName,
  type RemoteRunJob,
  type RemoteRunOutcome,
  type WholeFrontier,
} from './remote-run.js';

export interface RunWorkerOptions {
  redisUrl: string;
  pool: SolverPool;
  /** runs solved at once by this process (its pool's threads) */
  concurrency: number;
  remote: RemoteQueueConfig;
  solvedBy: SolvedBy;
  stopGraceMs: number;
  log?: JobLogger;
}

/** Frontiers whose executor (and so the LP each pool thread built) this process keeps for their next runs. */
const EXECUTORS_KEPT = 4;

const silent: JobLogger = { info() {}, warn() {}, error() {} };

export class RunWorker {
  private readonly worker: Worker<RemoteRunJob, string>;
  private readonly log: JobLogger;
  private readonly executors = new Map<string, FrontierExecutor>();
  private handingBack = false;
  private stopping: Promise<void> | null = null;
  /** hears which runs their callers gave up on */
  private readonly cancellations: CancellationListener;

  constructor(private readonly options: RunWorkerOptions) {
    this.log = options.log ?? silent;
    const { remote } = options;
    this.worker = new Worker<RemoteRunJob, string>(
      RUN_QUEUE,
      (job, token, signal) => this.process(job, token, signal),
      {
        connection: redisConnection(options.redisUrl),
        prefix: KEY_PREFIX,
        concurrency: options.concurrency,
        name: runWorkerName(options.concurrency, options.solvedBy),
        lockDuration: remote.lockMs,
        stalledInterval: remote.stalledIntervalMs,
        maxStalledCount: remote.attempts - 1,
        autorun: true,
      },
    );
    this.worker.on('error', (error) => this.log.warn({ err: error }, `redis: ${error.message}`));
    this.cancellations = new CancellationListener(
      options.redisUrl,
      RUN_CANCEL_CHANNEL,
      this.worker,
      'the run was cancelled by its caller',
      this.log,
    );
  }

  async ready(): Promise<void> {
    await Promise.all([this.worker.waitUntilReady(), this.cancellations.ready()]);
  }

  /** No new runs; running ones get the grace period, then go back to the queue. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const closed = this.worker.close();
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<'grace over'>(
        (resolve) => (timer = setTimeout(resolve, this.options.stopGraceMs, 'grace over')),
      );
      if ((await Promise.race([closed, graceOver])) === 'grace over') {
        this.handingBack = true;
        this.worker.cancelAllJobs('the worker is stopping');
      }
      clearTimeout(timer);
      await closed;
      this.cancellations.close();
      await Promise.all([...this.executors.values()].map((executor) => executor.close()));
    })();
    return this.stopping;
  }

  private async process(job: Job<RemoteRunJob, string>, token?: string, signal?: AbortSignal): Promise<string> {
    const { solvedBy } = this.options;
    const attempts = job.opts.attempts ?? 1;
    this.log.info(
      { run: job.id, steps: job.data.steps, attempt: job.attemptsMade + 1 },
      `solving run ${job.id} (${job.data.steps} ${job.data.analysis ? 'analysis solves' : job.data.frontier ? 'points, a whole frontier' : 'steps'})`,
    );
    try {
      const remote = decodeRun(job.data);
      // a sender of a later build of the same wire format: its own failure, not retried
      if (!('tasks' in remote || 'frontier' in remote || 'run' in remote))
        throw new FrontierSolveError(
          `this worker does not know the kind of run it was sent (fields ${Object.keys(remote).join(', ')}): run the same Lodestone version as the command or service that sent it`,
          'error',
        );
      const { problemKey, problem, backend } = remote;
      const executor = this.executorFor(problemKey, problem, backend);
      const outcome: RemoteRunOutcome =
        'tasks' in remote
          ? {
              ok: true,
              tasks: await (executor.runAnalysis?.bind(executor) ?? runInThread)(problem, remote.tasks, signal),
              solvedBy,
            }
          : 'frontier' in remote
            ? { ok: true, frontier: await this.solveWhole(executor, problem, remote.frontier, signal), solvedBy }
            : { ok: true, ...(await this.solveRun(executor, remote.run, job, signal)), solvedBy };
      this.cancellations.settle(job.id);
      this.log.info({ run: job.id }, `solved run ${job.id}`);
      return encodeRunOutcome(outcome);
    } catch (error) {
      if (this.cancellations.settle(job.id)) {
        this.log.info({ run: job.id }, `cancelled run ${job.id}`);
        // nobody waits for it: failed at once, never retried
        throw new UnrecoverableError('the run was cancelled by its caller');
      }
      if (this.handingBack && signal?.aborted) {
        await job.moveToWait(token);
        this.log.info({ run: job.id }, `handed run ${job.id} back`);
        throw new WaitingError();
      }
      const e = error as Error;
      const lastAttempt = job.attemptsMade + 1 >= attempts;
      this.log.warn({ run: job.id, lastAttempt }, `run ${job.id} failed: ${e.name}: ${e.message}`);
      // The run's own failure is final; a dead thread (WorkerCrashError) may pass on another try.
      if (!(error instanceof FrontierSolveError) && !lastAttempt) throw error;
      const outcome: RemoteRunOutcome = {
        ok: false,
        name: e.name,
        message: e.message,
        ...(error instanceof FrontierSolveError ? { status: error.status } : {}),
        solvedBy,
      };
      return encodeRunOutcome(outcome);
    }
  }

  /** A run of frontier steps, each finished step reported as the job's progress. */
  private async solveRun(
    executor: FrontierExecutor,
    run: FrontierRun,
    job: Job<RemoteRunJob, string>,
    signal?: AbortSignal,
  ): Promise<{ result: RunOutcome; lp: LpSize; buildMs: number }> {
    let done = 0;
    const [result] = await executor.solveRuns([run], signal, () => {
      // Progress is advisory: a lost update only delays a point event.
      void job.updateProgress(++done).catch(() => undefined);
    });
    const { lp, buildMs } = executor.info();
    return { result, lp, buildMs };
  }

  /**
   * A whole frontier, its sweep in one run (as a service's batch variation
   * is solved). No progress is written to Redis: its sender waits for the
   * result only.
   */
  private solveWhole(
    executor: FrontierExecutor,
    problem: Problem,
    whole: WholeFrontier,
    signal?: AbortSignal,
  ): Promise<FrontierResult> {
    return solveFrontier(problem, new WholeRunExecutor(executor), {
      ...(whole.points !== undefined ? { points: whole.points } : {}),
      ...(whole.warnings ? { warnings: whole.warnings } : {}),
      ...(signal ? { signal } : {}),
    });
  }

  /** One executor per frontier, so its runs on this process reuse the LP its pool threads built. */
  private executorFor(problemKey: string, problem: Problem, backend: string): FrontierExecutor {
    const key = `${problemKey}/${backend}`;
    let executor = this.executors.get(key);
    if (executor) this.executors.delete(key);
    else executor = this.options.pool.executorFor(problem, { backend });
    this.executors.set(key, executor);
    while (this.executors.size > EXECUTORS_KEPT) {
      const [oldest, evicted] = this.executors.entries().next().value as [string, FrontierExecutor];
      this.executors.delete(oldest);
      void evicted.close();
    }
    return executor;
  }
}
