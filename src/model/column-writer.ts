// The LP builder's output buffers, column by column: each column's entries,
// then its bounds, objective coefficients and tags. A class rather than
// closures inside the builder, so V8 optimises its methods once per thread:
// closures made anew on every build were compiled anew on every build (about
// 30 ms of background compilation each, measured with --trace-opt, for
// builds that take 3 ms).

import { GrowableFloat64, GrowableInt32 } from './grow.js';

export class ColumnWriter {
  readonly rowIndex: GrowableInt32;
  readonly value: GrowableFloat64;
  readonly colStart: GrowableInt32;
  readonly colLower = new GrowableFloat64();
  readonly colUpper = new GrowableFloat64();
  readonly expected = new GrowableFloat64();
  readonly cvarCost = new GrowableFloat64();
  readonly kind = new GrowableInt32();
  readonly tagA = new GrowableInt32();
  readonly tagT = new GrowableInt32();
  readonly tagK = new GrowableInt32();
  numCols = 0;

  constructor(entriesEstimate: number, columnsEstimate: number) {
    this.rowIndex = new GrowableInt32(entriesEstimate);
    this.value = new GrowableFloat64(entriesEstimate);
    this.colStart = new GrowableInt32(columnsEstimate + 1);
    this.colStart.push(0);
  }

  /** An entry of the column being written; zeros are not stored. */
  entry(row: number, v: number): void {
    if (v === 0) return;
    this.rowIndex.push(row);
    this.value.push(v);
  }

  /** Closes the column being written; returns its index. */
  endColumn(lo: number, hi: number, e: number, c: number, kind: number, a: number, t: number, k: number): number {
    this.colLower.push(lo);
    this.colUpper.push(hi);
    this.expected.push(e);
    this.cvarCost.push(c);
    this.kind.push(kind);
    this.tagA.push(a);
    this.tagT.push(t);
    this.tagK.push(k);
    this.colStart.push(this.rowIndex.length);
    return this.numCols++;
  }
}
