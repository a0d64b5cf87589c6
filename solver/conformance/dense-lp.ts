// Small LPs written densely, for the conformance suite and tests.

import type { SparseLp } from '../lp.js';

export interface DenseLp {
  cost: number[];
  offset?: number;
  rows: { coefs: number[]; lower?: number; upper?: number }[];
  colLower?: number[];
  colUpper?: number[];
}

export function sparseFromDense(d: DenseLp): SparseLp {
  const n = d.cost.length;
  const starts = [0];
  const index: number[] = [];
  const value: number[] = [];
  for (let j = 0; j < n; j++) {
    d.rows.forEach((row, i) => {
      if (row.coefs[j]) {
        index.push(i);
        value.push(row.coefs[j]);
      }
    });
    starts.push(index.length);
  }
  return {
    numRows: d.rows.length,
    numCols: n,
    cost: Float64Array.from(d.cost),
    offset: d.offset ?? 0,
    colLower: Float64Array.from(d.colLower ?? d.cost.map(() => 0)),
    colUpper: Float64Array.from(d.colUpper ?? d.cost.map(() => Infinity)),
    rowLower: Float64Array.from(d.rows.map((r) => r.lower ?? -Infinity)),
    rowUpper: Float64Array.from(d.rows.map((r) => r.upper ?? Infinity)),
    colStart: Int32Array.from(starts),
    rowIndex: Int32Array.from(index),
    value: Float64Array.from(value),
    colName: (j) => `x${j}`,
    rowName: (i) => `r${i}`,
  };
}
