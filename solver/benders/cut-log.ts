// Every cut an L-shaped session has made or been handed, with the scenario and
// recourse duals it came from: what the master's rows are rebuilt from, what
// getWarmStart hands to other sessions, and what the whole LP's duals are
// assembled from. Cuts made under a recourse right-hand side that has since
// changed are retired: out of the master and out of warm starts.

import type { CutsWarmStart } from '../types.js';
import { growableF64, growableI32 } from './growable.js';

export interface CutRows {
  lower: Float64Array;
  upper: Float64Array;
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

export interface CutOriginViews {
  block: Int32Array;
  dualStart: Int32Array;
  dualIndex: Int32Array;
  dualValue: Float64Array;
}

export class CutLog {
  private id = growableF64();
  private lower = growableF64();
  private upper = growableF64();
  private start = growableI32();
  private index = growableI32();
  private value = growableF64();
  private block = growableI32();
  private dualStart = growableI32();
  private dualIndex = growableI32();
  private dualValue = growableF64();
  /** 1 for a retired cut */
  private retired: number[] = [];
  /** every id ever logged, kept through compaction */
  private readonly known = new Set<number>();

  constructor() {
    this.start.push(0);
    this.dualStart.push(0);
  }

  /**
   * Keeps only the given cuts, renumbered 0.. in that order; the others'
   * entries are freed (their ids stay known). A session drops the cuts its
   * master has pruned: on bench/large they were most of each worker's
   * JavaScript memory, and a pruned cut that is needed again is re-derived.
   */
  compact(keep: number[]): void {
    const old = { ...this.sources(), retired: this.retired };
    this.id = growableF64();
    this.lower = growableF64();
    this.upper = growableF64();
    this.start = growableI32();
    this.index = growableI32();
    this.value = growableF64();
    this.block = growableI32();
    this.dualStart = growableI32();
    this.dualIndex = growableI32();
    this.dualValue = growableF64();
    this.retired = [];
    this.start.push(0);
    this.dualStart.push(0);
    for (const i of keep) {
      this.id.push(old.id[i]);
      this.lower.push(old.lower[i]);
      this.upper.push(old.upper[i]);
      this.index.pushAll(old.index.subarray(old.start[i], old.start[i + 1]));
      this.value.pushAll(old.value.subarray(old.start[i], old.start[i + 1]));
      this.start.push(this.index.length);
      this.block.push(old.block[i]);
      this.dualIndex.pushAll(old.dualIndex.subarray(old.dualStart[i], old.dualStart[i + 1]));
      this.dualValue.pushAll(old.dualValue.subarray(old.dualStart[i], old.dualStart[i + 1]));
      this.dualStart.push(this.dualIndex.length);
      this.retired.push(old.retired[i]);
    }
  }

  private sources() {
    return {
      id: this.id.data,
      lower: this.lower.data,
      upper: this.upper.data,
      start: this.start.data,
      index: this.index.data,
      value: this.value.data,
      block: this.block.data,
      dualStart: this.dualStart.data,
      dualIndex: this.dualIndex.data,
      dualValue: this.dualValue.data,
    };
  }

  get length(): number {
    return this.retired.length;
  }

  /** How many distinct cuts were ever logged, compacted ones included. */
  get everLogged(): number {
    return this.known.size;
  }

  /** Whether a cut with this id was ever logged (copies from other sessions are recognised). */
  has(id: number): boolean {
    return this.known.has(id);
  }

  isRetired(i: number): boolean {
    return this.retired[i] === 1;
  }

  /** Logs a cut: its row (entries over the master's columns) and its origin (block -1: unknown). */
  add(
    id: number,
    lower: number,
    upper: number,
    indices: ArrayLike<number>,
    values: ArrayLike<number>,
    block: number,
    dualIndex: ArrayLike<number>,
    dualValue: ArrayLike<number>,
  ): void {
    this.id.push(id);
    this.lower.push(lower);
    this.upper.push(upper);
    this.index.pushAll(indices);
    this.value.pushAll(values);
    this.start.push(this.index.length);
    this.block.push(block);
    this.dualIndex.pushAll(dualIndex);
    this.dualValue.pushAll(dualValue);
    this.dualStart.push(this.dualIndex.length);
    this.retired.push(0);
    this.known.add(id);
  }

  /** Retires the cuts of scenario k, and those of unknown origin (which may be k's). */
  retireBlock(k: number): void {
    const block = this.block.data;
    for (let i = 0; i < block.length; i++) if (block[i] === k || block[i] === -1) this.retired[i] = 1;
  }

  /** The given cuts as CSR rows, in that order. */
  rows(cuts: number[]): CutRows {
    const start = this.start.data;
    const index = this.index.data;
    const value = this.value.data;
    const starts = new Int32Array(cuts.length + 1);
    cuts.forEach((i, n) => (starts[n + 1] = starts[n] + start[i + 1] - start[i]));
    const indices = new Int32Array(starts[cuts.length]);
    const values = new Float64Array(starts[cuts.length]);
    cuts.forEach((i, n) => {
      indices.set(index.subarray(start[i], start[i + 1]), starts[n]);
      values.set(value.subarray(start[i], start[i + 1]), starts[n]);
    });
    return {
      lower: Float64Array.from(cuts, (i) => this.lower.get(i)),
      upper: Float64Array.from(cuts, (i) => this.upper.get(i)),
      starts,
      indices,
      values,
    };
  }

  /** Where each cut came from, as views (valid until the next add) for extensiveDuals. */
  origins(): CutOriginViews {
    return {
      block: this.block.data,
      dualStart: this.dualStart.data,
      dualIndex: this.dualIndex.data,
      dualValue: this.dualValue.data,
    };
  }

  /** The given cuts (default: all not retired), packed, with their origins: what another session of the LP can start from. */
  warmStart(cuts?: number[]): CutsWarmStart {
    const kept = (cuts ?? this.retired.map((_, i) => i)).filter((i) => this.retired[i] === 0);
    const { starts, indices, values, lower, upper } = this.rows(kept);
    const dualStarts = new Int32Array(kept.length + 1);
    const ds = this.dualStart.data;
    const di = this.dualIndex.data;
    const dv = this.dualValue.data;
    kept.forEach((i, n) => (dualStarts[n + 1] = dualStarts[n] + ds[i + 1] - ds[i]));
    const dualIndex = new Int32Array(dualStarts[kept.length]);
    const dualValue = new Float64Array(dualStarts[kept.length]);
    kept.forEach((i, n) => {
      dualIndex.set(di.subarray(ds[i], ds[i + 1]), dualStarts[n]);
      dualValue.set(dv.subarray(ds[i], ds[i + 1]), dualStarts[n]);
    });
    return {
      backend: 'benders',
      id: Float64Array.from(kept, (i) => this.id.get(i)),
      lower,
      upper,
      start: starts,
      index: indices,
      value: values,
      origin: { block: Int32Array.from(kept, (i) => this.block.get(i)), dualStart: dualStarts, dualIndex, dualValue },
    };
  }
}
