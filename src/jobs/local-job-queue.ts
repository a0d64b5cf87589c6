// The JobQueue of one service process: jobs in a JobStore (SQLite), solved
// by a JobRunner on this process's worker pool, events fanned out to
// subscribers in memory (the store keeps them for those who reconnect).

import { randomUUID } from 'node:crypto';
import type { BatchError } from '../batch/batch-errors.js';
import { expandAndValidateBatch } from '../batch/validate.js';
import type { ProblemLimits } from '../domain/limits.js';
import { ServiceError } from '../service/errors.js';
import {
  NO_TENANT,
  type JobEvent,
  type JobOptions,
  type JobQueue,
  type JobResultsPage,
  type JobStatus,
  type JobView,
} from './job-queue.js';
import { JobRunner, type JobDriver, type JobLogger, type VariationSolver } from './job-runner.js';
import type { JobListPage, JobListQuery, JobStore } from './job-store.js';

export interface LocalJobQueueOptions {
  store: JobStore;
  solve: VariationSolver;
  limits: ProblemLimits;
  /** most variations one batch may expand to */
  maxVariations: number;
  maxConcurrentJobs: number;
  /** variations of one job solved at once (default 1) */
  variationsAtOnce?: number;
  stopGraceMs: number;
  /** most variations one tenant may have queued or running; 0 = no quota */
  maxQueuedVariationsPerTenant?: number;
  log?: JobLogger;
  /** what runs the jobs instead of a JobRunner on `solve` (BullMQ workers: bullmq-job-queue.ts) */
  driver?: (publish: (events: JobEvent[]) => void) => JobDriver;
}

type Listener = (event: JobEvent) => void;

export class LocalJobQueue implements JobQueue {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly runner: JobDriver;

  constructor(private readonly options: LocalJobQueueOptions) {
    this.runner =
      options.driver?.((events) => this.publish(events)) ??
      new JobRunner({
        store: options.store,
        solve: options.solve,
        publish: (events) => this.publish(events),
        maxConcurrentJobs: options.maxConcurrentJobs,
        variationsAtOnce: options.variationsAtOnce,
        stopGraceMs: options.stopGraceMs,
        log: options.log,
      });
  }

  async submit(
    input: unknown,
    jobOptions: JobOptions,
    tenant: string = NO_TENANT,
  ): Promise<{ id: string; status: JobStatus }> {
    const { maxPoints } = this.options.limits;
    if (jobOptions.points !== undefined && jobOptions.points > maxPoints) {
      throw batchRefused([
        {
          path: 'points',
          message: `is ${jobOptions.points}, above the limit of ${maxPoints} points (LODESTONE_MAX_POINTS)`,
          overLimit: true,
        },
      ]);
    }
    const expansion = await expandAndValidateBatch(
      input,
      { maxVariations: this.options.maxVariations },
      this.options.limits,
      { strict: jobOptions.strict, backend: jobOptions.backend },
    );
    if (!expansion.ok) throw batchRefused(expansion.errors);
    const id = randomUUID();
    const options: JobOptions = {
      ...(jobOptions.points !== undefined ? { points: jobOptions.points } : {}),
      ...(jobOptions.backend !== undefined ? { backend: jobOptions.backend } : {}),
    };
    const { documents, variations } = expansion.batch;
    // Checked after the (awaited) validation and right before the insert, with nothing awaited between: no race.
    this.checkQuota(tenant, variations.length);
    this.publish(this.options.store.createJob({ id, tenant, options, documents, variations }));
    this.runner.wake();
    return { id, status: 'queued' };
  }

  async get(id: string, options: { results?: boolean; tenant?: string } = {}): Promise<JobView | null> {
    return this.options.store.getJob(id, options);
  }

  list(tenant: string, query: JobListQuery): Promise<JobListPage> {
    return Promise.resolve(this.options.store.listJobs(tenant, query));
  }

  results(
    id: string,
    { offset, limit, tenant }: { offset: number; limit: number; tenant?: string },
  ): Promise<JobResultsPage | null> {
    const { store } = this.options;
    const view = store.getJob(id, { results: false, tenant });
    if (!view) return Promise.resolve(null);
    const { variations, ...job } = view;
    return Promise.resolve({
      job,
      total: variations.length,
      estimatedBytes: store.resultsSize(id, offset, limit),
      rows: store.resultRows(id, offset, limit),
    });
  }

  async cancel(id: string, tenant?: string): Promise<JobView> {
    if (tenant !== undefined && !this.options.store.getJob(id, { results: false, tenant })) throw notFound(id);
    const outcome = this.options.store.cancelJob(id);
    if (!outcome) throw notFound(id);
    if (outcome.status === 'done' || outcome.status === 'failed') {
      throw new ServiceError(
        'JOB_FINISHED',
        `job ${id} has already finished (${outcome.status}); there is nothing to cancel`,
      );
    }
    this.publish(outcome.events);
    this.runner.cancel(id);
    return (await this.get(id, { results: false }))!;
  }

  async events(id: string, afterId: number, limit = 1000): Promise<JobEvent[]> {
    return this.options.store.eventsAfter(id, afterId, limit);
  }

  subscribe(id: string, listener: Listener): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(id) === set) this.listeners.delete(id);
    };
  }

  async start(): Promise<void> {
    await this.runner.start();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  private checkQuota(tenant: string, adding: number): void {
    const quota = this.options.maxQueuedVariationsPerTenant ?? 0;
    if (quota <= 0) return;
    const unfinished = this.options.store.unfinishedVariations(tenant);
    if (unfinished + adding <= quota) return;
    const who = tenant === NO_TENANT ? 'this service' : `the API key ${JSON.stringify(tenant)}`;
    throw new ServiceError(
      'QUOTA_EXCEEDED',
      `${who} has ${unfinished} variation(s) queued or running; ${adding} more would pass its quota of ${quota} ` +
        '(LODESTONE_MAX_QUEUED_VARIATIONS_PER_KEY); nothing was queued. Retry when some have finished, or cancel a job',
    );
  }

  private publish(events: JobEvent[]): void {
    for (const event of events) {
      for (const listener of this.listeners.get(event.jobId) ?? []) {
        try {
          listener(event);
        } catch (error) {
          this.options.log?.warn({ err: error, job: event.jobId }, 'a job event listener failed');
        }
      }
    }
  }
}

function notFound(id: string): ServiceError {
  return new ServiceError('JOB_NOT_FOUND', `there is no job ${JSON.stringify(id)}`);
}

/** BATCH_TOO_LARGE when every error is a size limit (as PROBLEM_TOO_LARGE for one problem), else INVALID_BATCH. */
function batchRefused(errors: BatchError[]): ServiceError {
  const details = errors.map(({ overLimit: _overLimit, ...detail }) => detail);
  if (errors.every((e) => e.overLimit))
    return new ServiceError('BATCH_TOO_LARGE', 'the batch is larger than this service accepts', { errors: details });
  const variations = new Set(errors.flatMap((e) => (e.variation === undefined ? [] : [e.variation]))).size;
  const where = variations ? ` in ${variations} variation(s)` : '';
  return new ServiceError('INVALID_BATCH', `the batch has ${errors.length} error(s)${where}; nothing was queued`, {
    errors: details,
  });
}
