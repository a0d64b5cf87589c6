// The master LP's cut rows: which logged cuts the master holds (after its own
// rows, in the order they were added), which wait to be added, and which it
// drops. HiGHS's WASM heap grows with the rows a solve holds and never
// shrinks, so idle cuts leave the master and the log forgets cuts nobody
// holds; a cut that is needed again is derived again by a later round.

import type { Model } from 'highs';
import type { CutsWarmStart } from '../types.js';
import { CutLog, type CutOriginViews } from './cut-log.js';

/** The master drops its non-binding cuts when it holds more than this many per scenario. */
export const PRUNE_FROM_CUTS_PER_SCENARIO = 8;
/**
 * ...and, at any size, a cut that has not bound at this many master optima in a
 * row. bench/large on 2 workers: 0 (off) / 4 / 6 gave 28.8 / 27.2 / 27.4 s and
 * 884 / 810 / 823 MB peak RSS (means of 2-4 runs, noisy); 2 gave 31.7 s.
 */
export const PRUNE_AFTER_IDLE_ROUNDS = 4;
/** The log is compacted once it holds this many more than twice its live cuts (each compaction frees at least this many). */
export const COMPACT_LOG_FROM_CUTS = 1000;

export class MasterCuts {
  /** every cut made or handed over, with its origin (the master's rows, warm starts, duals) */
  private readonly log = new CutLog();
  /** how many of the logged cuts have been sent to the master (the rest wait for flush) */
  private inMaster = 0;
  /** the log index of each cut row the master holds, in row order after its own rows */
  private held: number[] = [];
  /** for each of those rows, how many master solves in a row it has not bound (prune) */
  private age: number[] = [];
  /** slack before the log is compacted (0: at every flush, as the tests do) */
  compactFrom = COMPACT_LOG_FROM_CUTS;
  /** the largest finite right-hand side of a cut logged: part of the size of the master's round-off */
  largestBound = 0;

  constructor(
    private readonly master: Model,
    /** the master's own rows, before any cut */
    private readonly ownRows: number,
    private readonly numCols: number,
    private readonly scenarios: number,
    /** HiGHS's code for a basic row */
    private readonly basic: number,
    /** HiGHS's infinity: a cut side at or beyond it is open */
    private readonly infinity: number,
  ) {}

  /** Logs a cut (CutLog.add's arguments); the master gets it at the next flush. */
  add(...cut: Parameters<CutLog['add']>): void {
    const [, lower, upper] = cut;
    for (const v of [lower, upper])
      if (Math.abs(v) < this.infinity) this.largestBound = Math.max(this.largestBound, Math.abs(v));
    this.log.add(...cut);
  }

  /** Whether a cut of this id is logged (warm starts skip those this session has). */
  has(id: number): boolean {
    return this.log.has(id);
  }

  /** Adds the queued cuts to the master in one call: HiGHS rebuilds its matrix on every addRow. */
  flush(): void {
    this.compactLog();
    const pending = this.queued();
    this.inMaster = this.log.length;
    if (pending.length === 0) return;
    const { lower, upper, starts, indices, values } = this.log.rows(pending);
    this.master.addRows({
      lower,
      upper,
      matrix: { format: 'csr', numRows: pending.length, numCols: this.numCols, starts, indices, values },
    });
    this.held.push(...pending);
  }

  /** Log indices of the cuts logged since the last flush and not retired. */
  private queued(): number[] {
    const queued: number[] = [];
    for (let i = this.inMaster; i < this.log.length; i++) if (!this.log.isRetired(i)) queued.push(i);
    return queued;
  }

  /** Frees the log's pruned and retired cuts once they are most of it (the master's and the queued ones stay). */
  private compactLog(): void {
    const queued = this.queued();
    const live = this.held.length + queued.length;
    if (this.log.length < 2 * live + this.compactFrom) return;
    this.log.compact([...this.held, ...queued]);
    this.held = this.held.map((_, n) => n);
    this.inMaster = this.held.length;
  }

  /**
   * Drops the cuts that do not bind at the master's optimum once the master holds
   * more than PRUNE_FROM_CUTS_PER_SCENARIO per scenario (at 800 scenarios the
   * master reached 31,000 cuts and HiGHS's 2 GB WASM heap), and at any size those
   * idle for PRUNE_AFTER_IDLE_ROUNDS solves: HiGHS's heap grows with the rows a
   * solve holds (about 65 KB a cut row) and never shrinks. A dropped cut stays in
   * the log (and in the warm start); if it is needed again, a round re-derives it.
   */
  prune(): void {
    const held = this.held.length;
    if (held === 0) return;
    const full = held > PRUNE_FROM_CUTS_PER_SCENARIO * this.scenarios;
    const status = this.master.getBasis().rowStatus;
    const mask = new Int32Array(this.ownRows + held);
    const kept: number[] = [];
    const ages: number[] = [];
    this.held.forEach((logIndex, i) => {
      const age = status[this.ownRows + i] === this.basic ? (this.age[i] ?? 0) + 1 : 0;
      if (age > 0 && (full || age >= PRUNE_AFTER_IDLE_ROUNDS)) mask[this.ownRows + i] = 1;
      else {
        kept.push(logIndex);
        ages.push(age);
      }
    });
    this.age = ages;
    if (kept.length === held) return;
    this.master.deleteRows({ kind: 'mask', mask });
    this.held = kept;
  }

  /**
   * Scenario k's right-hand side moved: its cuts (and any of unknown origin)
   * may now hold theta_k above the true recourse cost, so they leave the
   * master, the queue and the warm start.
   */
  retireBlock(k: number): void {
    this.log.retireBlock(k);
    const held = this.held;
    if (!held.some((i) => this.log.isRetired(i))) return;
    const mask = new Int32Array(this.ownRows + held.length);
    held.forEach((logIndex, i) => (mask[this.ownRows + i] = this.log.isRetired(logIndex) ? 1 : 0));
    this.master.deleteRows({ kind: 'mask', mask });
    this.age = this.age.filter((_, n) => !this.log.isRetired(held[n]));
    this.held = held.filter((i) => !this.log.isRetired(i));
  }

  /** The log index of each cut row the master holds now (its duals are read against these). */
  heldRows(): number[] {
    return this.held.slice();
  }

  /** Each logged cut's origin, by log index (the whole LP's duals are assembled from them). */
  origins(): CutOriginViews {
    return this.log.origins();
  }

  /** The cuts the master holds or has queued: those it pruned were idle near the last plans. */
  warmStart(): CutsWarmStart {
    const queued: number[] = [];
    for (let i = this.inMaster; i < this.log.length; i++) queued.push(i);
    return this.log.warmStart([...this.held, ...queued]);
  }

  /** How many cuts the log holds now (the master's, the queued, and pruned ones not yet compacted away). */
  get logged(): number {
    return this.log.length;
  }

  /** How many cuts were ever logged, compacted ones included. */
  get everLogged(): number {
    return this.log.everLogged;
  }
}
