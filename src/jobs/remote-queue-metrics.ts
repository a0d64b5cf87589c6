// /metrics figures of the BullMQ side (LODESTONE_REDIS_URL), on the service's
// own registry: the queue of batch variations as Redis holds it, the workers,
// and what the service did with their outcomes. Kept apart from
// service/metrics.ts, which knows nothing of Redis. Redis is asked once per
// scrape (every gauge reads the same answer); unreachable, the queue's states
// are left out (prom-client still prints an unlabelled gauge, as 0) and
// lodestone_remote_redis_up says 0.

import { Counter, Gauge, type Registry } from 'prom-client';
import type { RemoteQueueStats } from './bullmq-dispatcher.js';
import type { RemoteRunClient } from './remote-run-client.js';

export const REMOTE_METRIC_NAMES = {
  up: 'lodestone_remote_redis_up',
  variations: 'lodestone_remote_variations',
  workers: 'lodestone_remote_workers',
  workersSeen: 'lodestone_remote_workers_seen',
  stalled: 'lodestone_remote_stalled_total',
  results: 'lodestone_remote_results_total',
  runs: 'lodestone_remote_frontier_runs',
  runThreads: 'lodestone_remote_frontier_worker_threads',
} as const;

/** A scrape reads every metric within a few ms; they share one Redis round trip. */
const SHARED_FOR_MS = 250;

export function registerRemoteQueueMetrics(registry: Registry, stats: () => Promise<RemoteQueueStats>): void {
  let last: { at: number; answer: Promise<RemoteQueueStats> } | null = null;
  const read = (): Promise<RemoteQueueStats> => {
    const now = performance.now();
    if (!last || now - last.at > SHARED_FOR_MS) last = { at: now, answer: stats() };
    return last.answer;
  };
  const registers = [registry];
  new Gauge({
    name: REMOTE_METRIC_NAMES.up,
    help: 'Whether Redis answered the last scrape within a second (1) or not (0)',
    registers,
    async collect() {
      this.set((await read()).reachable ? 1 : 0);
    },
  });
  new Gauge({
    name: REMOTE_METRIC_NAMES.variations,
    help: 'Batch variations in Redis by state: waiting (for a worker), delayed (a retry waiting out its back-off), active (a worker solving it), failed (failed by BullMQ, not yet stored), unstored (outcomes not yet stored, failed included)',
    labelNames: ['state'],
    registers,
    async collect() {
      this.reset();
      const s = await read();
      if (!s.reachable) return;
      const delayed = s.delayed ?? 0;
      this.set({ state: 'waiting' }, (s.waiting ?? 0) - delayed);
      this.set({ state: 'delayed' }, delayed);
      this.set({ state: 'active' }, s.active ?? 0);
      this.set({ state: 'failed' }, s.failed ?? 0);
      this.set({ state: 'unstored' }, s.unstored ?? 0);
    },
  });
  new Gauge({
    name: REMOTE_METRIC_NAMES.workers,
    help: '`lodestone worker` processes connected to the queue now (BullMQ getWorkers)',
    registers,
    async collect() {
      this.reset();
      const s = await read();
      if (s.workers !== undefined) this.set(s.workers);
    },
  });
  new Gauge({
    name: REMOTE_METRIC_NAMES.workersSeen,
    help: 'Distinct workers (host and process id, solvedBy) whose outcomes the service has received since it started',
    registers,
    async collect() {
      this.set((await read()).workersSeen);
    },
  });
  // The dispatcher keeps running totals; each counter advances by what is new since the last scrape.
  const advanced = (seen: { n: number }, total: number, inc: (by: number) => void) => {
    if (total > seen.n) inc(total - seen.n);
    seen.n = Math.max(seen.n, total);
  };
  const stalledSeen = { n: 0 };
  new Counter({
    name: REMOTE_METRIC_NAMES.stalled,
    help: "Batch variations taken over from a vanished worker (BullMQ's stalled events) since the service started",
    registers,
    async collect() {
      const s = await read();
      advanced(stalledSeen, s.stalled, (by) => this.inc(by));
    },
  });
  const acceptedSeen = { n: 0 };
  const duplicatesSeen = { n: 0 };
  new Counter({
    name: REMOTE_METRIC_NAMES.results,
    help: 'Outcomes of batch variations collected from Redis: accepted (stored, the first copy) or duplicate (ignored: a second copy, or the variation no longer running)',
    labelNames: ['outcome'],
    registers,
    async collect() {
      const s = await read();
      advanced(acceptedSeen, s.accepted, (by) => this.inc({ outcome: 'accepted' }, by));
      advanced(duplicatesSeen, s.duplicates, (by) => this.inc({ outcome: 'duplicate' }, by));
    },
  });
}

/** LODESTONE_REMOTE_FRONTIERS: the queue of frontier runs (remote-run-client.ts). */
export function registerRemoteRunMetrics(
  registry: Registry,
  client: Pick<RemoteRunClient, 'stats' | 'workerThreads'>,
): void {
  const registers = [registry];
  new Gauge({
    name: REMOTE_METRIC_NAMES.runs,
    help: 'Frontier runs in Redis by state (waiting, delayed, active), and awaited: runs this service waits for; absent when Redis does not answer',
    labelNames: ['state'],
    registers,
    async collect() {
      this.reset();
      const s = await client.stats();
      if (!s) return;
      for (const state of ['waiting', 'delayed', 'active', 'awaited'] as const) this.set({ state }, s[state]);
    },
  });
  new Gauge({
    name: REMOTE_METRIC_NAMES.runThreads,
    help: 'Worker threads taking frontier runs, at the last count (every 5 s): how many runs a remote frontier is split into',
    registers,
    collect() {
      this.set(client.workerThreads);
    },
  });
}
