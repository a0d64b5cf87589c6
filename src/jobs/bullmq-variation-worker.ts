// The worker's side of remote batch solving: takes variations from the
// BullMQ queue, solves each (on this process's own worker pool, through the
// same service code as a local batch) and hands the outcome back as the
// BullMQ job's return value, where the service collects it. Its points, the
// outcome's arrival and takeovers of vanished workers' variations are
// announced to the service on a pub/sub channel (variation-events.ts).
//
// A variation's own errors (an invalid problem, an infeasible one, a plan
// that fails verification) are outcomes: they are returned, not retried,
// except those that may pass on another try (a crashed pool thread, an
// internal error), which BullMQ retries up to the configured attempts, the
// last one returned as the outcome. A worker killed mid-variation stops
// renewing its lock; BullMQ's stalled-job check (in every other worker)
// then hands the variation to another worker. On stop, running variations
// get a grace period, then go back to the queue without using an attempt.
// A variation of a job cancelled in the service (announced on
// VARIATION_CANCEL_CHANNEL) is stopped and failed without a retry.

import { hostname } from 'node:os';
import { UnrecoverableError, Worker, WaitingError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RemoteQueueConfig } from '../config.js';
import { isServiceError, ServiceError, type ServiceErrorCode } from '../service/errors.js';
import type { JobFailure, SolvedBy } from './job-queue.js';
import { CancellationListener, VARIATION_CANCEL_CHANNEL } from './cancellation-channel.js';
import type { JobLogger, VariationSolver } from './job-runner.js';
import { KEY_PREFIX, redisClient, redisConnection, VARIATION_QUEUE } from './redis-connection.js';
import type { RemoteOutcome, RemoteVariation } from './remote-variation.js';
import { publishVariationEvent } from './variation-events.js';

export interface VariationWorkerOptions {
  redisUrl: string;
  /** variations solved at once by this process */
  concurrency: number;
  remote: RemoteQueueConfig;
  solve: VariationSolver;
  /** on stop, how long running variations may go on before they are handed back */
  stopGraceMs: number;
  log?: JobLogger;
}

/** Errors that another attempt may not repeat; every other error is final at once. */
const RETRIED: readonly ServiceErrorCode[] = ['WORKER_CRASHED', 'INTERNAL_ERROR', 'TIMEOUT', 'QUEUE_FULL'];

const silent: JobLogger = { info() {}, warn() {}, error() {} };

/** On stop, how long the announcements' connection may take to send what it holds. */
const QUIT_TIMEOUT_MS = 1000;

export class VariationWorker {
  readonly solvedBy: SolvedBy = { host: hostname(), pid: process.pid };
  private readonly worker: Worker<RemoteVariation, RemoteOutcome>;
  private readonly log: JobLogger;
  private handingBack = false;
  private stopping: Promise<void> | null = null;
  /** hears which variations belong to cancelled jobs */
  private readonly cancellations: CancellationListener;
  /** tells the service of points, outcomes and takeovers (variation-events.ts) */
  private readonly publisher: Redis;

  constructor(private readonly options: VariationWorkerOptions) {
    this.log = options.log ?? silent;
    const { remote } = options;
    this.worker = new Worker<RemoteVariation, RemoteOutcome>(
      VARIATION_QUEUE,
      (job, token, signal) => this.process(job, token, signal),
      {
        connection: redisConnection(options.redisUrl),
        prefix: KEY_PREFIX,
        concurrency: options.concurrency,
        lockDuration: remote.lockMs,
        stalledInterval: remote.stalledIntervalMs,
        // A variation whose worker vanished is handed on this often before it is failed.
        maxStalledCount: remote.attempts - 1,
        autorun: true,
      },
    );
    this.worker.on('error', (error) => this.log.warn({ err: error }, `redis: ${error.message}`));
    this.publisher = redisClient(options.redisUrl);
    this.publisher.on('error', (error: Error) => this.log.warn({ err: error }, `redis: ${error.message}`));
    // After BullMQ has stored the outcome: the service collects it at once instead of at its next poll.
    const outcome = (id: string | undefined) => {
      if (id) void publishVariationEvent(this.publisher, { type: 'outcome', id });
    };
    this.worker.on('completed', (job) => outcome(job.id));
    this.worker.on('failed', (job) => outcome(job?.id));
    this.worker.on('stalled', (id) => void publishVariationEvent(this.publisher, { type: 'stalled', id }));
    this.cancellations = new CancellationListener(
      options.redisUrl,
      VARIATION_CANCEL_CHANNEL,
      this.worker,
      'the job was cancelled',
      this.log,
    );
  }

  /** Resolves once the worker is connected, taking variations and hearing cancellations. */
  async ready(): Promise<void> {
    await Promise.all([this.worker.waitUntilReady(), this.cancellations.ready()]);
  }

  /** No new variations; running ones get the grace period, then go back to the queue. */
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
      // quit first: the last outcome's message goes out before the connection closes (with
      // Redis unreachable, quit would wait for the reconnection: not longer than a second)
      await Promise.race([
        this.publisher.quit().catch(() => 0),
        new Promise((resolve) => setTimeout(resolve, QUIT_TIMEOUT_MS).unref()),
      ]);
      this.publisher.disconnect();
    })();
    return this.stopping;
  }

  private async process(
    job: Job<RemoteVariation, RemoteOutcome>,
    token?: string,
    signal?: AbortSignal,
  ): Promise<RemoteOutcome> {
    const { jobId, index, name, input, points, backend } = job.data;
    const attempts = job.opts.attempts ?? 1;
    this.log.info(
      { job: jobId, variation: index, attempt: job.attemptsMade + 1, started: job.attemptsStarted },
      `solving variation ${index} (${name}) of job ${jobId}`,
    );
    // The service turns these into the job's point events, and ignores them once it has the
    // outcome: the last one is awaited before returning, so it reaches Redis before the
    // completion does (fire-and-forget lost the last point under load).
    let lastProgress: Promise<unknown> = Promise.resolve();
    try {
      const result = await this.options.solve({
        input,
        points,
        backend,
        signal: signal ?? new AbortController().signal,
        onProgress: (done, total) => {
          lastProgress = publishVariationEvent(this.publisher, { type: 'point', id: job.id!, name, done, total });
        },
      });
      await lastProgress;
      this.cancellations.settle(job.id);
      this.log.info({ job: jobId, variation: index }, `solved variation ${index} of job ${jobId}`);
      return { ok: true, result, solvedBy: this.solvedBy };
    } catch (error) {
      if (this.cancellations.settle(job.id)) {
        this.log.info({ job: jobId, variation: index }, `cancelled variation ${index} of job ${jobId}`);
        // the service ignores outcomes of a cancelled job: failed at once, never retried
        throw new UnrecoverableError('the job was cancelled');
      }
      if (this.handingBack && signal?.aborted) {
        await job.moveToWait(token);
        this.log.info({ job: jobId, variation: index }, `handed variation ${index} of job ${jobId} back`);
        throw new WaitingError();
      }
      const failure = asServiceError(error);
      const lastAttempt = job.attemptsMade + 1 >= attempts;
      this.log.warn(
        { job: jobId, variation: index, code: failure.code, lastAttempt },
        `variation ${index} of job ${jobId} failed: ${failure.message}`,
      );
      if (RETRIED.includes(failure.code) && !lastAttempt) throw new Error(`${failure.code}: ${failure.message}`);
      return { ok: false, error: toFailure(failure), solvedBy: this.solvedBy };
    }
  }
}

function asServiceError(error: unknown): ServiceError {
  return isServiceError(error)
    ? error
    : new ServiceError('INTERNAL_ERROR', `internal error: ${(error as Error).message}`, { cause: error });
}

function toFailure(error: ServiceError): JobFailure {
  return { code: error.code, message: error.message, ...(error.extra.errors ? { errors: error.extra.errors } : {}) };
}
