// Runs jobs from the store: at most `maxConcurrentJobs` at once (oldest
// first, interrupted ones before new ones), and within a job up to
// `variationsAtOnce` variations at a time (the batch slots of the service's
// admission gate, so a job can fill them), each through the service at batch
// priority. Crash safety comes from the store: a variation is marked running
// (attempts + 1) before it is solved and done together with its result, so
// after a kill -9 the store's recover() re-queues exactly the variations that
// were running, and nothing done is solved again.

import { hostname } from 'node:os';
import { PatchError } from '../batch/json-patch.js';
import { materialise } from '../batch/variations.js';
import type { FrontierResult } from '../frontier/solve-frontier.js';
import { isServiceError, ServiceError } from '../service/errors.js';
import type { VariationRequest } from '../service/frontier-service.js';
import type { JobEvent, SolvedBy } from './job-queue.js';
import type { ClaimedVariation, JobStore } from './job-store.js';

export type VariationSolver = (request: VariationRequest) => Promise<FrontierResult>;

/** pino's shape (fastify's logger fits), so the runner needs no logging library of its own. */
export interface JobLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface JobRunnerOptions {
  store: JobStore;
  solve: VariationSolver;
  /** called with every event the runner's transitions write */
  publish: (events: JobEvent[]) => void;
  maxConcurrentJobs: number;
  /** variations of one job solved at once (default 1) */
  variationsAtOnce?: number;
  /** on stop, how long running variations may go on before they are stopped and re-queued */
  stopGraceMs: number;
  log?: JobLogger;
}

interface ActiveJob {
  controller: AbortController;
  finished: Promise<void>;
}

const silent: JobLogger = { info() {}, warn() {}, error() {} };

/** Variations solved here were solved by the service's own process. */
const THIS_PROCESS: SolvedBy = { host: hostname(), pid: process.pid };

/** What a job queue needs of whatever runs its jobs: JobRunner here, BullMqDispatcher with LODESTONE_REDIS_URL. */
export interface JobDriver {
  start(): void | Promise<void>;
  wake(): void;
  cancel(jobId: string): void;
  stop(): Promise<void>;
}

export class JobRunner implements JobDriver {
  private readonly active = new Map<string, ActiveJob>();
  /** jobs whose run failed on something other than a solve (the store itself): not retried until a restart */
  private readonly broken = new Set<string>();
  private state: 'idle' | 'running' | 'stopping' | 'stopped' = 'idle';
  private stopped: Promise<void> | null = null;
  private readonly log: JobLogger;
  /** variations of one job solved at once */
  private readonly lanes: number;

  constructor(private readonly options: JobRunnerOptions) {
    if (!Number.isInteger(options.maxConcurrentJobs) || options.maxConcurrentJobs < 1)
      throw new RangeError(`maxConcurrentJobs must be an integer >= 1, got ${options.maxConcurrentJobs}`);
    this.lanes = options.variationsAtOnce ?? 1;
    if (!Number.isInteger(this.lanes) || this.lanes < 1)
      throw new RangeError(`variationsAtOnce must be an integer >= 1, got ${this.lanes}`);
    this.log = options.log ?? silent;
  }

  /** Re-queues what a crash left running, then starts taking jobs. */
  start(): void {
    if (this.state !== 'idle') return;
    const requeued = this.options.store.recover();
    this.options.publish(requeued);
    if (requeued.length)
      this.log.info(
        { variations: requeued.length },
        `re-queued ${requeued.length} variation(s) interrupted by the last stop`,
      );
    this.state = 'running';
    this.fill();
  }

  /** Something may have become runnable (a job was submitted, a job slot freed). */
  wake(): void {
    if (this.state === 'running') this.fill();
  }

  /** Stops the job's running variations, if this runner is running it (the store has already marked it cancelled). */
  cancel(jobId: string): void {
    this.active.get(jobId)?.controller.abort(new ServiceError('CANCELLED', 'the job was cancelled'));
  }

  stats(): { activeJobs: number } {
    return { activeJobs: this.active.size };
  }

  /** No new variations; running ones get the grace period, then are stopped and re-queued. */
  stop(): Promise<void> {
    if (this.stopped) return this.stopped;
    if (this.state === 'idle') {
      this.state = 'stopped';
      return (this.stopped = Promise.resolve());
    }
    this.state = 'stopping';
    this.stopped = (async () => {
      const all = Promise.all([...this.active.values()].map((job) => job.finished));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([all, new Promise((resolve) => (timer = setTimeout(resolve, this.options.stopGraceMs)))]);
      clearTimeout(timer);
      for (const job of this.active.values()) {
        job.controller.abort(
          new ServiceError(
            'SHUTTING_DOWN',
            'the service is stopping; the variation will be solved again after the restart',
          ),
        );
      }
      await all;
      this.state = 'stopped';
    })();
    return this.stopped;
  }

  private fill(): void {
    while (this.state === 'running' && this.active.size < this.options.maxConcurrentJobs) {
      const id = this.options.store.nextJob([...this.active.keys(), ...this.broken]);
      if (id === null) return;
      const job: ActiveJob = { controller: new AbortController(), finished: Promise.resolve() };
      this.active.set(id, job);
      job.finished = this.runJob(id, job.controller.signal)
        .catch((error: unknown) => {
          this.broken.add(id);
          this.log.error(
            { err: error, job: id },
            `job ${id} stopped on an internal error; it will be resumed after a restart`,
          );
        })
        .finally(() => {
          this.active.delete(id);
          this.wake();
        });
    }
  }

  private async runJob(jobId: string, signal: AbortSignal): Promise<void> {
    const { store, publish } = this.options;
    publish(store.startJob(jobId));
    // Each lane claims the next queued variation as it frees up; the job ends once every lane has.
    const lane = async () => {
      while (this.state === 'running' && !signal.aborted) {
        const claimed = store.claimVariation(jobId);
        if (!claimed) return;
        publish(claimed.events);
        await this.runVariation(claimed.variation, signal);
      }
    };
    // allSettled: a lane that fails on the store leaves the others to end before the job counts as stopped
    const ended = await Promise.allSettled(Array.from({ length: this.lanes }, lane));
    const failed = ended.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    if (this.state === 'running') publish(store.finishJob(jobId));
  }

  private async runVariation(variation: ClaimedVariation, signal: AbortSignal): Promise<void> {
    const { store, publish, solve } = this.options;
    const { jobId, index, name } = variation;
    let input: unknown;
    try {
      input = materialise(variation.documents, variation);
    } catch (error) {
      if (!(error instanceof PatchError)) throw error;
      publish(
        store.failVariation(jobId, index, {
          code: 'INVALID_BATCH',
          message: `the variation's patch no longer applies: ${error.message}`,
        }),
      );
      return;
    }
    try {
      const result = await solve({
        input,
        points: variation.options.points,
        backend: variation.options.backend,
        signal,
        onProgress: (done, total) => publish([store.appendEvent(jobId, 'point', { index, name, done, total })]),
      });
      publish(store.completeVariation(jobId, index, result, THIS_PROCESS));
    } catch (error) {
      const failure = isServiceError(error)
        ? error
        : new ServiceError('INTERNAL_ERROR', `internal error: ${(error as Error).message}`, { cause: error });
      if (failure.code === 'SHUTTING_DOWN' || failure.code === 'CANCELLED') {
        // A cancelled job's variations were marked cancelled by the store's cancelJob, so this
        // changes nothing then; it only puts back a variation stopped for the shutdown.
        publish(store.requeueVariation(jobId, index));
      } else {
        this.log.warn(
          { job: jobId, variation: index, code: failure.code },
          `variation ${index} (${name}) of job ${jobId} failed: ${failure.message}`,
        );
        publish(
          store.failVariation(jobId, index, {
            code: failure.code,
            message: failure.message,
            ...(failure.extra.errors ? { errors: failure.extra.errors } : {}),
          }),
        );
      }
    }
  }
}
