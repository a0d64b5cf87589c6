// The service's side of remote batch solving (LODESTONE_REDIS_URL): instead
// of solving variations itself, it hands them to BullMQ, where any number of
// `lodestone worker` processes take them, and it writes their outcomes back
// into the job store, which stays the system of record.
//
// Everything is driven from the store, so that a crash of either side loses
// nothing: a variation is marked running in the store before it goes to
// Redis, and its outcome stays in Redis (BullMQ's completed set) until the
// store has it, then is removed. The store only takes an outcome for a
// variation still running, so a second copy (a retry, a cancelled job) is
// ignored. A periodic pass puts back into Redis whatever a running variation
// has lost there (a Redis restart without its data).
//
// Fairness: each job has at most `jobInFlight` variations in Redis at once,
// and every runnable job gets its share at each pass, so a small job
// submitted behind a big sweep waits for at most that many of its variations.

import { Queue, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { PatchError } from '../batch/json-patch.js';
import { materialise } from '../batch/variations.js';
import type { RemoteQueueConfig } from '../config.js';
import type { ServiceErrorCode } from '../service/errors.js';
import type { JobEvent, JobFailure } from './job-queue.js';
import type { JobDriver, JobLogger } from './job-runner.js';
import type { ClaimedVariation, JobStore } from './job-store.js';
import { announceCancelled, VARIATION_CANCEL_CHANNEL } from './cancellation-channel.js';
import { subscribeToChannel, type ChannelSubscription } from './channel-subscription.js';
import { KEY_PREFIX, redisClient, redisConnection, VARIATION_QUEUE, WIRE_VERSION } from './redis-connection.js';
import { parseRemoteJobId, remoteJobId, type RemoteOutcome, type RemoteVariation } from './remote-variation.js';
import { parseVariationEvent, VARIATION_EVENT_CHANNEL, type VariationEvent } from './variation-events.js';

export interface BullMqDispatcherOptions {
  store: JobStore;
  publish: (events: JobEvent[]) => void;
  redisUrl: string;
  remote: RemoteQueueConfig;
  log?: JobLogger;
}

type VariationJob = Job<RemoteVariation, RemoteOutcome>;

/** Outcomes read from Redis per round trip. */
const PAGE = 100;
/** The check that every running variation is still in Redis runs every this many passes. */
const RECONCILE_EVERY = 10;
/** Collected outcome ids remembered, to drop progress events read after their outcome. */
const COLLECTED_KEPT = 10_000;
/** On stop, how long closing the Redis connections may take (Redis may be down). */
const CLOSE_TIMEOUT_MS = 3000;

const silent: JobLogger = { info() {}, warn() {}, error() {} };

/** The BullMQ queue as /v1/health reports it. */
export interface RemoteQueueStats {
  /** false: Redis did not answer within a second (the figures are then absent) */
  reachable: boolean;
  /** the format of what this service puts in Redis; only workers of the same format take its variations */
  wireVersion: number;
  /** variations waiting for a worker (retries waiting out their back-off included) */
  waiting?: number;
  /** of those, retries waiting out their back-off */
  delayed?: number;
  /** variations a worker is solving */
  active?: number;
  /** outcomes in Redis not yet stored by the service */
  unstored?: number;
  /** of those, variations BullMQ itself failed (their workers vanished on every attempt) */
  failed?: number;
  /** worker processes connected to the queue now */
  workers?: number;
  /** variations taken over from a vanished worker since this service started */
  stalled: number;
  /** outcomes stored since this service started (the first copy of each) */
  accepted: number;
  /** outcomes ignored since this service started: a second copy, or one for a variation no longer running */
  duplicates: number;
  /** distinct workers (host and pid) whose outcomes this service has stored since it started */
  workersSeen: number;
}

export class BullMqDispatcher implements JobDriver {
  private queue: Queue<RemoteVariation, RemoteOutcome> | null = null;
  /** hears the workers' points, outcomes and takeovers (variation-events.ts) */
  private events: ChannelSubscription | null = null;
  /** a plain connection: announces cancelled variations to the workers, checks what Redis still holds */
  private redis: Redis | null = null;
  private timer: NodeJS.Timeout | undefined;
  private state: 'idle' | 'running' | 'stopped' = 'idle';
  private pass: Promise<void> | null = null;
  private passAgain = false;
  private passes = 0;
  /** jobs this process has started (a job resumed after a restart is started once more) */
  private readonly started = new Set<string>();
  private readonly log: JobLogger;
  private stalledSeen = 0;
  private accepted = 0;
  private duplicates = 0;
  private readonly solvers = new Set<string>();
  /** BullMQ ids of outcomes already collected: a progress event read after its outcome is not published */
  private readonly collected = new Set<string>();
  /** jobs cancelled since this service started */
  private readonly cancelled = new Set<string>();

  constructor(private readonly options: BullMqDispatcherOptions) {
    this.log = options.log ?? silent;
  }

  start(): void {
    if (this.state !== 'idle') return;
    const connection = redisConnection(this.options.redisUrl);
    this.queue = new Queue<RemoteVariation, RemoteOutcome>(VARIATION_QUEUE, { connection, prefix: KEY_PREFIX });
    this.redis = redisClient(this.options.redisUrl);
    // An unreachable Redis is reported here, and the connections retry on their own.
    const onError = (error: Error) => this.log.warn({ err: error }, `redis: ${error.message}`);
    this.queue.on('error', onError);
    this.redis.on('error', onError);
    const onMessage = (message: string) => {
      const event = parseVariationEvent(message);
      if (event) this.heard(event);
    };
    this.events = subscribeToChannel(this.options.redisUrl, VARIATION_EVENT_CHANNEL, onMessage, this.log);
    this.state = 'running';
    this.timer = setInterval(() => this.wake(), this.options.remote.pollMs);
    this.wake();
  }

  /** Runs a pass now, or right after the one under way. */
  wake(): void {
    if (this.state !== 'running') return;
    if (this.pass) {
      this.passAgain = true;
      return;
    }
    this.pass = (async () => {
      do {
        this.passAgain = false;
        try {
          await this.runPass();
        } catch (error) {
          this.log.error({ err: error }, `remote batch pass failed: ${(error as Error).message}`);
        }
      } while (this.passAgain && this.state === 'running');
    })().finally(() => (this.pass = null));
  }

  /**
   * The store has marked the job cancelled: what is still waiting in Redis is
   * dropped, and the workers are told to stop its running variations (an
   * outcome that comes all the same is ignored).
   */
  cancel(jobId: string): void {
    this.cancelled.add(jobId);
    const queue = this.queue;
    const total = this.options.store.progress(jobId).total;
    if (!queue || total === 0) return;
    const ids = Array.from({ length: total }, (_, index) => remoteJobId(jobId, index));
    void Promise.all(ids.map((id) => queue.remove(id).catch(() => 0)));
    if (this.redis) announceCancelled(this.redis, VARIATION_CANCEL_CHANNEL, ids);
  }

  async stats(): Promise<RemoteQueueStats> {
    const queue = this.queue;
    const unreachable = { reachable: false, ...this.localFigures() };
    if (!queue) return unreachable;
    const figures = Promise.all([
      queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'),
      queue.getWorkersCount(),
    ]);
    const answer = await Promise.race([
      figures,
      new Promise<null>((resolve) => setTimeout(resolve, 1000, null).unref()),
    ]).catch(() => null);
    if (!answer) return unreachable;
    const [counts, workers] = answer;
    const n = (state: string) => counts[state] ?? 0;
    return {
      reachable: true,
      waiting: n('waiting') + n('prioritized') + n('delayed'),
      delayed: n('delayed'),
      active: n('active'),
      unstored: n('completed') + n('failed'),
      failed: n('failed'),
      workers,
      ...this.localFigures(),
    };
  }

  /** What this process counted itself: known even with Redis down. */
  private localFigures(): Pick<
    RemoteQueueStats,
    'wireVersion' | 'stalled' | 'accepted' | 'duplicates' | 'workersSeen'
  > {
    return {
      wireVersion: WIRE_VERSION,
      stalled: this.stalledSeen,
      accepted: this.accepted,
      duplicates: this.duplicates,
      workersSeen: this.solvers.size,
    };
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    clearInterval(this.timer);
    // Workers go on solving; their outcomes wait in Redis for the next start. With Redis
    // unreachable, a pass waits for it forever: the service does not wait longer than this.
    await Promise.race([
      (async () => {
        await this.pass;
        await this.queue?.close();
      })(),
      new Promise((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref()),
    ]);
    // After the pass: its reconcile asks Redis through this connection.
    this.redis?.disconnect();
    this.events?.close();
  }

  private async runPass(): Promise<void> {
    await this.collect();
    if (this.passes++ % RECONCILE_EVERY === 0) await this.reconcile();
    await this.dispatch();
  }

  /** Outcomes from Redis into the store, then out of Redis. */
  private async collect(): Promise<void> {
    const queue = this.queue!;
    for (const state of ['completed', 'failed'] as const) {
      for (;;) {
        const jobs = (await queue.getJobs([state], 0, PAGE - 1, true)) as VariationJob[];
        for (const job of jobs) {
          const id = parseRemoteJobId(job.id);
          if (id) {
            this.rememberCollected(job.id!);
            const events = this.record(id.jobId, id.index, job, state);
            // The store takes an outcome only for a variation still running: no event, a copy ignored.
            if (events.length > 0) this.accepted++;
            else this.duplicates++;
            this.options.publish(events);
          }
          await job.remove();
        }
        if (jobs.length < PAGE || this.state !== 'running') break;
      }
    }
  }

  private record(jobId: string, index: number, job: VariationJob, state: 'completed' | 'failed'): JobEvent[] {
    const { store } = this.options;
    if (state === 'completed') {
      const outcome = job.returnvalue;
      this.solvers.add(`${outcome.solvedBy.host}/${outcome.solvedBy.pid}`);
      if (outcome.ok) return store.completeVariation(jobId, index, outcome.result, outcome.solvedBy);
      return store.failVariation(jobId, index, outcome.error);
    }
    // Workers report a variation's own errors as an outcome; BullMQ fails a job itself only when
    // its workers vanished (killed) more often than the stalled-job check allows.
    this.log.warn({ job: jobId, variation: index }, `variation ${index} of job ${jobId} failed: ${job.failedReason}`);
    return store.failVariation(jobId, index, failureOf(job.failedReason));
  }

  /** A worker's announcement: an outcome to collect now, a takeover to count, or a point. */
  private heard(event: VariationEvent): void {
    if (event.type === 'outcome') this.wake();
    else if (event.type === 'stalled') this.stalledSeen++;
    else this.pointSolved(event);
  }

  /**
   * A worker solved a frontier point of a variation: the job's point event, as
   * a local batch sends it. Not for an outcome already collected, nor for a
   * cancelled job (its running variations finish on their workers).
   */
  private pointSolved({ id: bullId, name, done, total }: VariationEvent & { type: 'point' }): void {
    const id = parseRemoteJobId(bullId);
    if (!id || this.collected.has(bullId) || this.cancelled.has(id.jobId)) return;
    this.options.publish([this.options.store.appendEvent(id.jobId, 'point', { index: id.index, name, done, total })]);
  }

  private rememberCollected(bullId: string): void {
    this.collected.add(bullId);
    // Progress events trail their outcome by moments; the oldest ids are long past needing.
    if (this.collected.size > COLLECTED_KEPT) this.collected.delete(this.collected.values().next().value!);
  }

  /** Every variation running in the store should be in Redis; one that is not (Redis lost it) is queued again. */
  private async reconcile(): Promise<void> {
    const { store, publish } = this.options;
    const queue = this.queue!;
    for (const jobId of this.runnableJobs()) {
      const running = store.runningVariations(jobId);
      if (running.length === 0) continue;
      // One round trip per job, and no job read back: only whether each one's hash is still there.
      const pipeline = this.redis!.pipeline();
      for (const index of running) pipeline.exists(queue.toKey(remoteJobId(jobId, index)));
      const replies = (await pipeline.exec()) ?? [];
      for (const [k, index] of running.entries()) {
        const [error, exists] = replies[k] ?? [new Error('no reply')];
        if (error) throw error;
        if (exists) continue;
        this.log.warn(
          { job: jobId, variation: index },
          `variation ${index} of job ${jobId} was no longer in Redis; queued again`,
        );
        publish(store.requeueVariation(jobId, index));
      }
    }
  }

  /** Tops every runnable job up to its share of variations in Redis, and finishes jobs with nothing left. */
  private async dispatch(): Promise<void> {
    const { store, publish, remote } = this.options;
    const batch: { name: string; data: RemoteVariation; opts: { jobId: string } }[] = [];
    for (const jobId of this.runnableJobs()) {
      if (!this.started.has(jobId)) {
        publish(store.startJob(jobId));
        this.started.add(jobId);
      }
      let inFlight = store.progress(jobId).running;
      while (inFlight < remote.jobInFlight) {
        const claimed = store.claimVariation(jobId);
        if (!claimed) break;
        publish(claimed.events);
        const data = this.toRemote(claimed.variation);
        if (!data) continue;
        batch.push({
          name: claimed.variation.name,
          data,
          opts: { jobId: remoteJobId(jobId, claimed.variation.index) },
        });
        inFlight++;
      }
      if (inFlight === 0) publish(store.finishJob(jobId));
    }
    if (batch.length === 0) return;
    const { attempts, lockMs } = remote;
    await this.queue!.addBulk(
      batch.map((job) => ({
        ...job,
        opts: {
          ...job.opts,
          attempts,
          backoff: { type: 'exponential', delay: Math.min(1000, lockMs) },
          // Outcomes stay until collect() has stored them.
          removeOnComplete: false,
          removeOnFail: false,
        },
      })),
    );
  }

  /** The variation's problem, or null (and the variation failed) when its patch no longer applies. */
  private toRemote(variation: ClaimedVariation): RemoteVariation | null {
    const { jobId, index, name, options } = variation;
    try {
      return {
        jobId,
        index,
        name,
        input: materialise(variation.documents, variation),
        ...(options.points !== undefined ? { points: options.points } : {}),
        ...(options.backend !== undefined ? { backend: options.backend } : {}),
      };
    } catch (error) {
      if (!(error instanceof PatchError)) throw error;
      this.options.publish(
        this.options.store.failVariation(jobId, index, {
          code: 'INVALID_BATCH',
          message: `the variation's patch no longer applies: ${error.message}`,
        }),
      );
      return null;
    }
  }

  private runnableJobs(): string[] {
    const ids: string[] = [];
    for (let id = this.options.store.nextJob(ids); id !== null; id = this.options.store.nextJob(ids)) ids.push(id);
    return ids;
  }
}

/** A job BullMQ failed: its workers vanished too often, or an error a worker threw as `CODE: message`. */
function failureOf(reason: string | undefined): JobFailure {
  const coded = reason ? /^([A-Z_]+): ([\s\S]*)$/.exec(reason) : null;
  if (coded) return { code: coded[1] as ServiceErrorCode, message: coded[2] };
  return {
    code: 'WORKER_CRASHED',
    message: `the variation's worker stopped (killed or unreachable) on every attempt: ${reason ?? 'no reason given'}`,
  };
}
