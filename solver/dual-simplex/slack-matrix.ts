// [A | -I]: an LP's matrix with a slack column per row (the row's activity,
// bounded by the row's bounds), as the dual simplex reads it: by columns for
// solves and dot products, by rows for the pivot row.

import type { LpNumbers } from '../lp.js';

export type SparseMatrix = Pick<LpNumbers, 'numRows' | 'numCols' | 'colStart' | 'rowIndex' | 'value'>;

export class SlackMatrix {
  /** structural columns; column n + i is row i's slack, -e_i */
  readonly n: number;
  readonly m: number;
  /** A by rows (CSR) */
  readonly rowStart: Int32Array;
  readonly rowColumn: Int32Array;
  readonly rowValue: Float64Array;

  constructor(readonly a: SparseMatrix) {
    this.n = a.numCols;
    this.m = a.numRows;
    const nonzeros = a.colStart[a.numCols];
    this.rowStart = new Int32Array(a.numRows + 1);
    for (let k = 0; k < nonzeros; k++) this.rowStart[a.rowIndex[k] + 1]++;
    for (let i = 0; i < a.numRows; i++) this.rowStart[i + 1] += this.rowStart[i];
    const fill = this.rowStart.slice(0, a.numRows);
    this.rowColumn = new Int32Array(nonzeros);
    this.rowValue = new Float64Array(nonzeros);
    for (let j = 0; j < a.numCols; j++)
      for (let k = a.colStart[j]; k < a.colStart[j + 1]; k++) {
        this.rowColumn[fill[a.rowIndex[k]]] = j;
        this.rowValue[fill[a.rowIndex[k]]++] = a.value[k];
      }
  }

  /** Column j dotted with a vector by row. */
  dot(j: number, y: Float64Array): number {
    if (j >= this.n) return -y[j - this.n];
    const { a } = this;
    let sum = 0;
    for (let k = a.colStart[j]; k < a.colStart[j + 1]; k++) sum += a.value[k] * y[a.rowIndex[k]];
    return sum;
  }

  /** Adds column j times `times` into a vector by row. */
  addColumn(j: number, times: number, into: Float64Array): void {
    if (j >= this.n) {
      into[j - this.n] -= times;
      return;
    }
    const { a } = this;
    for (let k = a.colStart[j]; k < a.colStart[j + 1]; k++) into[a.rowIndex[k]] += a.value[k] * times;
  }
}
