// The service's (or the CLI's) end of the BullMQ queue of frontier runs: adds
// runs, hands each caller its run's outcome and progress, and counts the
// worker threads connected, which sets how many runs a frontier is split
// into. One per process, shared by every remote frontier.
//
// Outcomes arrive as QueueEvents; a missed event (a reconnect to Redis) is
// caught by a periodic look at every run still awaited. A run's BullMQ job is
// removed once its outcome is read; jobs orphaned by a caller that died are
// removed by BullMQ after an hour. Runs the caller gives up on are removed if
// still waiting, and announced on RUN_CANCEL_CHANNEL so that the worker
// running one stops it.

import { Queue, QueueEvents, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RemoteQueueConfig } from '../config.js';
import type { JobLogger } from './job-runner.js';
import { announceCancelled, RUN_CANCEL_CHANNEL } from './cancellation-channel.js';
import { KEY_PREFIX, redisClient, redisConnection } from './redis-connection.js';
import {
  decodeRunOutcome,
  encodeRun,
  RUN_QUEUE,
  threadsOfWorker,
  type RemoteRun,
  type RemoteRunJob,
  type RemoteRunOutcome,
} from './remote-run.js';

export interface RemoteRunClientOptions {
  redisUrl: string;
  remote: RemoteQueueConfig;
  log?: JobLogger;
}

interface Waiter {
  resolve: (outcome: RemoteRunOutcome) => void;
  reject: (error: Error) => void;
  onProgress: (stepsDone: number) => void;
}

/** How long connect() waits for Redis. */
export const CONNECT_WAIT_MS = 5000;
/** How often runs still awaited are looked up in Redis, in case their completion event was missed. */
const RECHECK_MS = 2000;
/** How often the connected worker threads are counted. */
const THREADS_EVERY_MS = 5000;
/** Finished runs nobody collected (their caller died) stay this long. */
const ORPHAN_AGE_SEC = 3600;

const silent: JobLogger = { info() {}, warn() {}, error() {} };

export class RemoteRunClient {
  private readonly queue: Queue<RemoteRunJob, string>;
  private readonly events: QueueEvents;
  /** announces abandoned runs to the workers */
  private readonly publisher: Redis;
  private readonly waiters = new Map<string, Waiter>();
  private readonly timers: NodeJS.Timeout[] = [];
  private threads = 0;
  private closed = false;
  /** whether Redis answered while connect() waited */
  private answered = false;

  private constructor(private readonly options: RemoteRunClientOptions) {
    const connection = redisConnection(options.redisUrl);
    const log = options.log ?? silent;
    this.queue = new Queue<RemoteRunJob, string>(RUN_QUEUE, { connection, prefix: KEY_PREFIX });
    this.events = new QueueEvents(RUN_QUEUE, { connection, prefix: KEY_PREFIX });
    this.publisher = redisClient(options.redisUrl);
    const onError = (error: Error) => log.warn({ err: error }, `redis: ${error.message}`);
    this.queue.on('error', onError);
    this.events.on('error', onError);
    this.publisher.on('error', onError);
    this.events.on('completed', ({ jobId, returnvalue }) => this.settle(jobId, String(returnvalue)));
    this.events.on('failed', ({ jobId, failedReason }) => this.fail(jobId, failedReason));
    this.events.on('progress', ({ jobId, data }) => {
      if (typeof data === 'number') this.waiters.get(jobId)?.onProgress(data);
    });
  }

  /**
   * Listening for outcomes, with a first count of the worker threads. With
   * Redis unreachable it gives up waiting after a few seconds (the service
   * starts; runs wait for the reconnection).
   */
  static async connect(options: RemoteRunClientOptions): Promise<RemoteRunClient> {
    const client = new RemoteRunClient(options);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([client.queue.waitUntilReady(), client.events.waitUntilReady()]).then(() => {
        client.answered = true;
        return client.countThreads();
      }),
      new Promise((resolve) => (timer = setTimeout(resolve, CONNECT_WAIT_MS))),
    ]);
    clearTimeout(timer);
    client.timers.push(
      setInterval(() => void client.recheck(), RECHECK_MS).unref(),
      setInterval(() => void client.countThreads(), THREADS_EVERY_MS).unref(),
    );
    return client;
  }

  /** Whether Redis answered within connect()'s wait (a command gives up where it did not; the service waits on). */
  get reachable(): boolean {
    return this.answered;
  }

  /** Worker threads taking runs now (at the last count). */
  get workerThreads(): number {
    return this.threads;
  }

  /** Adds the runs; each promise settles with its run's outcome (a run failed by BullMQ rejects). */
  async submit(
    runs: { id: string; run: RemoteRun; onProgress: (stepsDone: number) => void }[],
  ): Promise<Promise<RemoteRunOutcome>[]> {
    if (this.closed) throw new Error('the remote run client is closed');
    const outcomes = runs.map(
      ({ id, onProgress }) =>
        new Promise<RemoteRunOutcome>((resolve, reject) => this.waiters.set(id, { resolve, reject, onProgress })),
    );
    const { attempts, lockMs } = this.options.remote;
    try {
      await this.queue.addBulk(
        runs.map(({ id, run }) => ({
          name: 'run',
          data: encodeRun(run),
          opts: {
            jobId: id,
            attempts,
            backoff: { type: 'exponential', delay: Math.min(1000, lockMs) },
            removeOnComplete: { age: ORPHAN_AGE_SEC },
            removeOnFail: { age: ORPHAN_AGE_SEC },
          },
        })),
      );
    } catch (error) {
      for (const { id } of runs) this.waiters.delete(id);
      throw error;
    }
    return outcomes;
  }

  /**
   * Drops runs nobody waits for any more: those still waiting for a worker are
   * removed, and running ones are stopped by their worker (a run finishes
   * unread only if Redis is unreachable at that moment).
   */
  abandon(ids: string[]): void {
    for (const id of ids) {
      this.waiters.get(id)?.reject(new Error('abandoned'));
      this.waiters.delete(id);
      void this.queue.remove(id).catch(() => 0);
    }
    announceCancelled(this.publisher, RUN_CANCEL_CHANNEL, ids);
  }

  /** Runs in Redis by state, for /metrics; null when Redis does not answer within a second. */
  async stats(): Promise<{ waiting: number; active: number; delayed: number; awaited: number } | null> {
    const counts = await Promise.race([
      this.queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active'),
      new Promise<null>((resolve) => setTimeout(resolve, 1000, null).unref()),
    ]).catch(() => null);
    if (!counts) return null;
    const n = (state: string) => counts[state] ?? 0;
    return {
      waiting: n('waiting') + n('prioritized'),
      delayed: n('delayed'),
      active: n('active'),
      awaited: this.waiters.size,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.timers.forEach(clearInterval);
    for (const waiter of this.waiters.values()) waiter.reject(new Error('the remote run client closed'));
    this.waiters.clear();
    await Promise.allSettled([this.events.close(), this.queue.close(), this.publisher.quit()]);
  }

  private settle(id: string, returnvalue: string): void {
    const waiter = this.waiters.get(id);
    if (!waiter) return;
    this.waiters.delete(id);
    try {
      waiter.resolve(decodeRunOutcome(returnvalue));
    } catch (error) {
      waiter.reject(error as Error);
    }
    void this.queue.remove(id).catch(() => 0);
  }

  private fail(id: string, reason: string | undefined): void {
    const waiter = this.waiters.get(id);
    if (!waiter) return;
    this.waiters.delete(id);
    waiter.reject(new Error(reason ?? 'the run failed'));
    void this.queue.remove(id).catch(() => 0);
  }

  private async recheck(): Promise<void> {
    for (const id of [...this.waiters.keys()]) {
      const job: Job<RemoteRunJob, string> | undefined = await this.queue.getJob(id).catch(() => undefined);
      if (!job?.finishedOn) continue;
      if (job.failedReason && job.returnvalue == null) this.fail(id, job.failedReason);
      else this.settle(id, String(job.returnvalue));
    }
  }

  private async countThreads(): Promise<void> {
    try {
      const workers = await this.queue.getWorkers();
      this.threads = workers.reduce((sum, w) => sum + threadsOfWorker((w as { rawname?: string }).rawname), 0);
    } catch {
      // Redis unreachable: keep the last count.
    }
  }
}
