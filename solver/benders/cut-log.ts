// Every cut an L-shaped session has made or been handed, with the scenario and
// recourse duals it came from: what the master's rows are rebuilt from, what
// getWarmStart hands to other sessions, and what the whole LP's duals are
// assembled from. Cuts made under a recourse right-hand side that has since
// changed are retired: out of the master and out of warm starts.

import type { WarmStart } from '../types.js';
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
  private readonly id = growableF64();
  private readonly lower = growableF64();
  private readonly upper = growableF64();
  private readonly start = growableI32();
  private readonly index = growableI32();
  private readonly value = growableF64();
  private readonly block = growableI32();
  private readonly dualStart = growableI32();
  private readonly dualIndex = growableI32();
  private readonly dualValue = growableF64();
  /** 1 for a retired cut */
  private readonly retired: number[] = [];
  private readonly known = new Set<number>();

  constructor() {
    this.start.push(0);
    this.dualStart.push(0);
  }

  get length(): number {
    return this.retired.length;
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

  /** The cuts not retired, packed, with their origins: what another session of the LP can start from. */
  warmStart(): WarmStart {
    const kept = this.retired.flatMap((r, i) => (r === 0 ? [i] : []));
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
