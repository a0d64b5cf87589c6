// A small dense matrix's LU with partial pivoting (row-major): the "bump" a
// basis factorisation leaves after its singletons, 5 columns on average and 40
// at most on bench/large's recourse LPs.

export class DenseLu {
  size = 0;
  private lu = new Float64Array(0);
  /** row r of the factors is the matrix's row perm[r] */
  private readonly perm: Int32Array;
  private readonly work: Float64Array;

  constructor(capacity: number) {
    this.perm = new Int32Array(capacity);
    this.work = new Float64Array(capacity);
  }

  /** The size x size matrix to fill (row-major, zeroed), before decompose(). */
  start(size: number): Float64Array {
    this.size = size;
    if (this.lu.length < size * size) this.lu = new Float64Array(size * size);
    this.lu.fill(0, 0, size * size);
    return this.lu;
  }

  /** Decomposes the filled matrix; false when a pivot is no larger than `tiny`. */
  decompose(tiny: number): boolean {
    const { size, lu, perm } = this;
    for (let r = 0; r < size; r++) perm[r] = r;
    for (let c = 0; c < size; c++) {
      let best = c;
      for (let r = c + 1; r < size; r++) if (Math.abs(lu[r * size + c]) > Math.abs(lu[best * size + c])) best = r;
      if (Math.abs(lu[best * size + c]) <= tiny) return false;
      if (best !== c) {
        for (let k = 0; k < size; k++) {
          const t = lu[c * size + k];
          lu[c * size + k] = lu[best * size + k];
          lu[best * size + k] = t;
        }
        const t = perm[c];
        perm[c] = perm[best];
        perm[best] = t;
      }
      const pivot = lu[c * size + c];
      for (let r = c + 1; r < size; r++) {
        const f = lu[r * size + c];
        if (f === 0) continue;
        const l = f / pivot;
        lu[r * size + c] = l;
        for (let k = c + 1; k < size; k++) lu[r * size + k] -= l * lu[c * size + k];
      }
    }
    return true;
  }

  /** Solves M z = b (b by row, z by column). */
  solve(b: Float64Array, z: Float64Array): void {
    const { size, lu, perm } = this;
    for (let r = 0; r < size; r++) z[r] = b[perm[r]];
    for (let r = 1; r < size; r++) {
      let sum = z[r];
      for (let k = 0; k < r; k++) sum -= lu[r * size + k] * z[k];
      z[r] = sum;
    }
    for (let r = size - 1; r >= 0; r--) {
      let sum = z[r];
      for (let k = r + 1; k < size; k++) sum -= lu[r * size + k] * z[k];
      z[r] = sum / lu[r * size + r];
    }
  }

  /** Solves M^T y = c (c by column, y by row): U^T, then L^T, then the rows unpermuted. */
  solveTransposed(c: Float64Array, y: Float64Array): void {
    const { size, lu, perm, work: w } = this;
    for (let k = 0; k < size; k++) {
      let sum = c[k];
      for (let i = 0; i < k; i++) sum -= lu[i * size + k] * w[i];
      w[k] = sum / lu[k * size + k];
    }
    for (let r = size - 2; r >= 0; r--) {
      let sum = w[r];
      for (let k = r + 1; k < size; k++) sum -= lu[k * size + r] * w[k];
      w[r] = sum;
    }
    for (let r = 0; r < size; r++) y[perm[r]] = w[r];
  }
}
