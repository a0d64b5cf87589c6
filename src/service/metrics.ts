// The service's Prometheus metrics, on a registry of its own (never the
// global one, so two apps in one process, as in tests, do not collide).
// Pool and gate figures are read when scraped, so they are never stale.

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AdmissionGate } from './admission-gate.js';
import type { ServiceErrorCode } from './errors.js';
import type { PoolStats } from './solver-pool.js';

/** `ok`, or the lower-cased ServiceErrorCode that ended the request. */
export type SolveOutcome = 'ok' | Lowercase<ServiceErrorCode>;

export const METRIC_NAMES = {
  solves: 'lodestone_frontier_solves_total',
  solveSeconds: 'lodestone_frontier_solve_duration_seconds',
  admissionWaitSeconds: 'lodestone_admission_wait_seconds',
  queueDepth: 'lodestone_admission_queue_depth',
  running: 'lodestone_admission_running',
  poolSize: 'lodestone_pool_workers',
  poolBusy: 'lodestone_pool_busy_workers',
  poolQueued: 'lodestone_pool_queued_tasks',
  workerRestarts: 'lodestone_worker_restarts_total',
  batchVariations: 'lodestone_batch_variations_total',
  batchVariationSeconds: 'lodestone_batch_variation_duration_seconds',
  connectionsCut: 'lodestone_http_connections_cut_total',
} as const;

/**
 * Why the server cut a client off before any route saw it: the request (head
 * or body) did not arrive within its time-out, the connection cap was full,
 * or the bytes were not HTTP.
 */
export type ConnectionCut = 'request_timeout' | 'connection_cap' | 'headers_too_large' | 'bad_request';

// Frontier solves run from well under a second (small problems) to minutes (bench/large).
const SOLVE_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly solves: Counter<'outcome'>;
  private readonly solveSeconds: Histogram<'outcome'>;
  private readonly admissionWait: Histogram;
  private readonly batchVariations: Counter<'outcome'>;
  private readonly batchVariationSeconds: Histogram<'outcome'>;
  private readonly connectionsCut: Counter<'reason'>;

  constructor(sources: { pool: () => PoolStats; gate: AdmissionGate }, options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.solves = new Counter({
      name: METRIC_NAMES.solves,
      help: 'Frontier requests by outcome (ok, invalid_problem, problem_too_large, queue_full, timeout, cancelled, worker_crashed, ...)',
      labelNames: ['outcome'],
      registers,
    });
    this.solveSeconds = new Histogram({
      name: METRIC_NAMES.solveSeconds,
      help: 'Time from admission to the end of a frontier solve, by outcome',
      labelNames: ['outcome'],
      buckets: SOLVE_BUCKETS,
      registers,
    });
    this.admissionWait = new Histogram({
      name: METRIC_NAMES.admissionWaitSeconds,
      help: 'Time a frontier request waited in the admission queue before solving',
      buckets: [0.001, 0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
      registers,
    });
    this.batchVariations = new Counter({
      name: METRIC_NAMES.batchVariations,
      help: 'Batch job variations solved, by outcome (ok, cancelled, shutting_down, solve_failed, ...); not counted in the frontier solves',
      labelNames: ['outcome'],
      registers,
    });
    this.batchVariationSeconds = new Histogram({
      name: METRIC_NAMES.batchVariationSeconds,
      help: 'Time to solve one batch variation, waits for interactive requests included, by outcome',
      labelNames: ['outcome'],
      buckets: SOLVE_BUCKETS,
      registers,
    });
    new Gauge({
      name: METRIC_NAMES.queueDepth,
      help: 'Frontier requests waiting for a solving slot',
      registers,
      collect() {
        this.set(sources.gate.stats().waiting);
      },
    });
    new Gauge({
      name: METRIC_NAMES.running,
      help: 'Frontier requests holding a solving slot',
      registers,
      collect() {
        this.set(sources.gate.stats().running);
      },
    });
    new Gauge({
      name: METRIC_NAMES.poolSize,
      help: 'Worker threads in the solver pool',
      registers,
      collect() {
        this.set(sources.pool().size);
      },
    });
    new Gauge({
      name: METRIC_NAMES.poolBusy,
      help: 'Worker threads solving right now',
      registers,
      collect() {
        this.set(sources.pool().busy);
      },
    });
    new Gauge({
      name: METRIC_NAMES.poolQueued,
      help: "LP runs waiting in the pool's own queue for a worker",
      registers,
      collect() {
        this.set(sources.pool().queued);
      },
    });
    this.connectionsCut = new Counter({
      name: METRIC_NAMES.connectionsCut,
      help: 'Connections the server closed before a route saw them: slow request (head or body past its time-out), connection cap full, headers too large, not HTTP',
      labelNames: ['reason'],
      registers,
    });
    // The pool keeps a running total; the counter advances by what is new since the last scrape.
    let restartsSeen = 0;
    new Counter({
      name: METRIC_NAMES.workerRestarts,
      help: 'Worker threads that died (crash, out of memory, stuck after cancel) and were replaced',
      registers,
      collect() {
        const total = sources.pool().workerRestarts;
        if (total > restartsSeen) this.inc(total - restartsSeen);
        restartsSeen = Math.max(restartsSeen, total);
      },
    });
  }

  /** One frontier request ended; `solveSeconds` only when it was admitted and reached the pool. */
  recordSolve(outcome: SolveOutcome, solveSeconds?: number): void {
    this.solves.inc({ outcome });
    if (solveSeconds !== undefined) this.solveSeconds.observe({ outcome }, solveSeconds);
  }

  /** One batch variation ended. */
  recordBatchVariation(outcome: SolveOutcome, seconds: number): void {
    this.batchVariations.inc({ outcome });
    this.batchVariationSeconds.observe({ outcome }, seconds);
  }

  /** The server cut a client off (slow, over the connection cap, or not speaking HTTP). */
  recordConnectionCut(reason: ConnectionCut): void {
    this.connectionsCut.inc({ reason });
  }

  recordAdmissionWait(seconds: number): void {
    this.admissionWait.observe(seconds);
  }

  /** Prometheus text exposition. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
