// The dual simplex's pivot row alpha_j = rho . a_j (rho = e_r B^-1), made
// from A's rows where rho is nonzero: rho holds about a third of them on the
// recourse LPs, so this reads a fraction of A, and the ratio test and the
// dual update then visit only the columns it touched.

import type { SlackMatrix } from './slack-matrix.js';

export class PivotRow {
  /** alpha by column: nonzero only at touched[0 .. count-1] */
  readonly alpha: Float64Array;
  readonly touched: Int32Array;
  count = 0;
  private readonly mark: Uint8Array;

  constructor(private readonly matrix: SlackMatrix) {
    const all = matrix.n + matrix.m;
    this.alpha = new Float64Array(all);
    this.touched = new Int32Array(all);
    this.mark = new Uint8Array(all);
  }

  /** The row for rho, over the columns `eligible` admits (nonbasic and not fixed). */
  compute(rho: Float64Array, eligible: (j: number) => boolean): void {
    const { alpha, touched, mark } = this;
    const { n, m, rowStart, rowColumn, rowValue } = this.matrix;
    // the last row's entries stay until the next one (whatever path its pivot took)
    for (let t = 0; t < this.count; t++) alpha[touched[t]] = 0;
    let count = 0;
    for (let i = 0; i < m; i++) {
      const r = rho[i];
      if (r === 0) continue;
      if (eligible(n + i)) {
        alpha[n + i] = -r;
        touched[count++] = n + i;
      }
      for (let k = rowStart[i]; k < rowStart[i + 1]; k++) {
        const j = rowColumn[k];
        if (!eligible(j)) continue;
        if (mark[j] === 0) {
          mark[j] = 1;
          touched[count++] = j;
        }
        alpha[j] += rowValue[k] * r;
      }
    }
    for (let t = 0; t < count; t++) mark[touched[t]] = 0;
    this.count = count;
  }
}
