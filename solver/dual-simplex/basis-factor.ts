// The factorisation of a simplex basis B of [A | -I] for small sparse LPs (the
// L-shaped method's recourse LPs: 122 rows, a basis of ~100 structural
// columns). Such bases are almost triangular: column singletons and row
// singletons, eliminated in turn, leave a "bump" of 5 columns on average (40
// at most, measured on bench/large), which gets a dense LU with partial
// pivoting. Solves are column-oriented sweeps over B's entries plus the bump's
// LU; basis changes between refactorisations are product-form etas.
//
// Column j < n of the full matrix is A's column j; column n + i is -e_i (the
// slack of row i).

import { DenseLu } from './dense-lu.js';
import type { SparseMatrix } from './slack-matrix.js';

/** A pivot smaller than this (relative to its column's largest entry) makes the basis singular. */
const PIVOT_TOLERANCE = 1e-11;

/** Work arrays one factorisation needs while it runs: one set serves every BasisFactor of a matrix. */
export class FactorScratch {
  readonly rowCount: Int32Array;
  readonly colCount: Int32Array;
  readonly rowActive: Uint8Array;
  readonly posActive: Uint8Array;
  readonly rowListStart: Int32Array;
  readonly rowListPos: Int32Array;
  readonly queue: Int32Array;
  /** the bump's right-hand sides in solves, and row -> bump index while factorising */
  readonly bumpWork: Float64Array;
  /** the bump's solutions in solves */
  readonly bumpOut: Float64Array;
  /** entries a basis of this matrix can hold */
  readonly capacity: number;

  constructor(a: SparseMatrix) {
    const m = a.numRows;
    let widest = 1;
    for (let j = 0; j < a.numCols; j++) widest = Math.max(widest, a.colStart[j + 1] - a.colStart[j]);
    this.capacity = m * widest;
    this.rowCount = new Int32Array(m);
    this.colCount = new Int32Array(m);
    this.rowActive = new Uint8Array(m);
    this.posActive = new Uint8Array(m);
    this.rowListStart = new Int32Array(m + 1);
    this.rowListPos = new Int32Array(this.capacity);
    this.queue = new Int32Array(m);
    this.bumpWork = new Float64Array(m);
    this.bumpOut = new Float64Array(m);
  }
}

export class BasisFactor {
  private readonly m: number;
  /** the basis columns' entries, by basis position (rebuilt at each factorisation) */
  private readonly entryStart: Int32Array;
  private entryRow: Int32Array;
  private entryValue: Float64Array;
  /** pivots in elimination order: column singletons, then row singletons (row, position, value) */
  private readonly pivotRow: Int32Array;
  private readonly pivotPos: Int32Array;
  private readonly pivotValue: Float64Array;
  private columnSingletons = 0;
  private rowSingletons = 0;
  /** the bump: its rows, positions and dense LU */
  private readonly bumpRow: Int32Array;
  private readonly bumpPos: Int32Array;
  private readonly bump: DenseLu;
  /**
   * product-form etas since the factorisation, each the entering column
   * B^-1 a_q at a position: its pivot, then its other nonzeros at
   * etaStart[e] .. etaStart[e+1]-1 (sparse: most entries are zero)
   */
  private readonly etaPos: number[] = [];
  private readonly etaPivot: number[] = [];
  private readonly etaStart: number[] = [0];
  private etaIndex: Int32Array;
  private etaValue: Float64Array;
  private readonly rowCount: Int32Array;
  private readonly colCount: Int32Array;
  private readonly rowActive: Uint8Array;
  private readonly posActive: Uint8Array;
  private readonly rowListStart: Int32Array;
  private readonly rowListPos: Int32Array;
  private readonly queue: Int32Array;
  private readonly bumpWork: Float64Array;
  private readonly bumpOut: Float64Array;

  constructor(
    private readonly a: SparseMatrix,
    scratch: FactorScratch = new FactorScratch(a),
  ) {
    const m = a.numRows;
    this.m = m;
    this.entryStart = new Int32Array(m + 1);
    // grown on demand: most bases hold ~4 entries a column, the widest column bounds it
    this.entryRow = new Int32Array(4 * m);
    this.entryValue = new Float64Array(4 * m);
    this.pivotRow = new Int32Array(m);
    this.pivotPos = new Int32Array(m);
    this.pivotValue = new Float64Array(m);
    this.bumpRow = new Int32Array(m);
    this.bumpPos = new Int32Array(m);
    this.bump = new DenseLu(m);
    this.etaIndex = new Int32Array(4 * m);
    this.etaValue = new Float64Array(4 * m);
    ({
      rowCount: this.rowCount,
      colCount: this.colCount,
      rowActive: this.rowActive,
      posActive: this.posActive,
      rowListStart: this.rowListStart,
      rowListPos: this.rowListPos,
      queue: this.queue,
      bumpWork: this.bumpWork,
      bumpOut: this.bumpOut,
    } = scratch);
  }

  /** Etas held since the last factorisation. */
  get etaCount(): number {
    return this.etaPos.length;
  }

  /** Factorises the basis whose position p holds column basic[p]; false when it is singular. */
  factor(basic: Int32Array): boolean {
    const { m, a } = this;
    this.dropEtas();
    // the basis columns' entries
    let total = 0;
    for (let p = 0; p < m; p++) total += basic[p] >= a.numCols ? 1 : a.colStart[basic[p] + 1] - a.colStart[basic[p]];
    if (total > this.entryRow.length) {
      this.entryRow = new Int32Array(total);
      this.entryValue = new Float64Array(total);
    }
    let e = 0;
    for (let p = 0; p < m; p++) {
      this.entryStart[p] = e;
      const j = basic[p];
      if (j >= a.numCols) {
        this.entryRow[e] = j - a.numCols;
        this.entryValue[e++] = -1;
      } else {
        for (let k = a.colStart[j]; k < a.colStart[j + 1]; k++) {
          if (a.value[k] === 0) continue;
          this.entryRow[e] = a.rowIndex[k];
          this.entryValue[e++] = a.value[k];
        }
      }
    }
    this.entryStart[m] = e;
    // row lists (positions with an entry in each row)
    this.rowCount.fill(0);
    for (let k = 0; k < e; k++) this.rowCount[this.entryRow[k]]++;
    this.rowListStart[0] = 0;
    for (let i = 0; i < m; i++) this.rowListStart[i + 1] = this.rowListStart[i] + this.rowCount[i];
    const fill = this.rowListStart.slice(0, m);
    for (let p = 0; p < m; p++)
      for (let k = this.entryStart[p]; k < this.entryStart[p + 1]; k++) this.rowListPos[fill[this.entryRow[k]]++] = p;
    this.rowActive.fill(1);
    this.posActive.fill(1);
    for (let p = 0; p < m; p++) this.colCount[p] = this.entryStart[p + 1] - this.entryStart[p];
    return this.eliminateSingletons() && this.factorBump();
  }

  private eliminateSingletons(): boolean {
    const { m } = this;
    let pivots = 0;
    // column singletons: a column with one entry in the active rows
    let head = 0;
    let tail = 0;
    for (let p = 0; p < m; p++) if (this.colCount[p] === 1) this.queue[tail++] = p;
    while (head < tail) {
      const p = this.queue[head++];
      if (!this.posActive[p] || this.colCount[p] !== 1) continue;
      let row = -1;
      let value = 0;
      let largest = 0;
      for (let k = this.entryStart[p]; k < this.entryStart[p + 1]; k++) {
        largest = Math.max(largest, Math.abs(this.entryValue[k]));
        if (this.rowActive[this.entryRow[k]]) {
          row = this.entryRow[k];
          value = this.entryValue[k];
        }
      }
      if (!this.takePivot(pivots++, row, p, value, largest)) return false;
      for (let k = this.rowListStart[row]; k < this.rowListStart[row + 1]; k++) {
        const q = this.rowListPos[k];
        if (this.posActive[q] && --this.colCount[q] === 1) this.queue[tail++] = q;
      }
    }
    this.columnSingletons = pivots;
    // row singletons: a row with one entry in the active columns
    for (let i = 0; i < m; i++) {
      if (!this.rowActive[i]) continue;
      let count = 0;
      for (let k = this.rowListStart[i]; k < this.rowListStart[i + 1]; k++)
        if (this.posActive[this.rowListPos[k]]) count++;
      if (count === 0) return false;
      this.rowCount[i] = count;
    }
    head = 0;
    tail = 0;
    for (let i = 0; i < m; i++) if (this.rowActive[i] && this.rowCount[i] === 1) this.queue[tail++] = i;
    while (head < tail) {
      const i = this.queue[head++];
      if (!this.rowActive[i]) continue;
      if (this.rowCount[i] === 0) return false;
      let p = -1;
      for (let k = this.rowListStart[i]; k < this.rowListStart[i + 1]; k++)
        if (this.posActive[this.rowListPos[k]]) p = this.rowListPos[k];
      let value = 0;
      let largest = 0;
      for (let k = this.entryStart[p]; k < this.entryStart[p + 1]; k++) {
        largest = Math.max(largest, Math.abs(this.entryValue[k]));
        if (this.entryRow[k] === i) value = this.entryValue[k];
      }
      if (!this.takePivot(pivots++, i, p, value, largest)) return false;
      for (let k = this.entryStart[p]; k < this.entryStart[p + 1]; k++) {
        const r = this.entryRow[k];
        if (this.rowActive[r] && --this.rowCount[r] === 1) this.queue[tail++] = r;
      }
    }
    this.rowSingletons = pivots - this.columnSingletons;
    return true;
  }

  /** Records pivot number `at` (row, position), taking both out; false when it is too small for its column (singular). */
  private takePivot(at: number, row: number, p: number, value: number, largest: number): boolean {
    if (Math.abs(value) <= PIVOT_TOLERANCE * largest) return false;
    this.pivotRow[at] = row;
    this.pivotPos[at] = p;
    this.pivotValue[at] = value;
    this.posActive[p] = 0;
    this.rowActive[row] = 0;
    return true;
  }

  /** Dense LU with partial pivoting of what the singletons left. */
  private factorBump(): boolean {
    const { m } = this;
    let size = 0;
    for (let i = 0; i < m; i++) if (this.rowActive[i]) this.bumpRow[size++] = i;
    let cols = 0;
    for (let p = 0; p < m; p++) if (this.posActive[p]) this.bumpPos[cols++] = p;
    if (cols !== size) return false;
    const lu = this.bump.start(size);
    if (size === 0) return true;
    const local = this.bumpWork; // row -> bump index (or -1)
    local.fill(-1);
    for (let r = 0; r < size; r++) local[this.bumpRow[r]] = r;
    let largest = 0;
    for (let c = 0; c < size; c++) {
      const p = this.bumpPos[c];
      for (let k = this.entryStart[p]; k < this.entryStart[p + 1]; k++) {
        const r = local[this.entryRow[k]];
        if (r >= 0) {
          lu[r * size + c] = this.entryValue[k];
          largest = Math.max(largest, Math.abs(this.entryValue[k]));
        }
      }
    }
    return this.bump.decompose(PIVOT_TOLERANCE * largest);
  }

  /** Subtracts column p of B times z from the residual indexed by row. */
  private subtractColumn(residual: Float64Array, p: number, z: number): void {
    if (z === 0) return;
    for (let k = this.entryStart[p]; k < this.entryStart[p + 1]; k++)
      residual[this.entryRow[k]] -= this.entryValue[k] * z;
  }

  private columnDot(y: Float64Array, p: number): number {
    let sum = 0;
    for (let k = this.entryStart[p]; k < this.entryStart[p + 1]; k++) sum += this.entryValue[k] * y[this.entryRow[k]];
    return sum;
  }

  /**
   * Solves B z = b in place: `rhs` holds b by row on entry and is consumed;
   * `out` receives z by basis position.
   */
  ftran(rhs: Float64Array, out: Float64Array): void {
    const first = this.columnSingletons;
    const last = first + this.rowSingletons;
    for (let s = first; s < last; s++) {
      const p = this.pivotPos[s];
      const z = rhs[this.pivotRow[s]] / this.pivotValue[s];
      out[p] = z;
      this.subtractColumn(rhs, p, z);
    }
    const size = this.bump.size;
    if (size > 0) {
      const b = this.bumpWork;
      const z = this.bumpOut;
      for (let r = 0; r < size; r++) b[r] = rhs[this.bumpRow[r]];
      this.bump.solve(b, z);
      for (let c = 0; c < size; c++) {
        out[this.bumpPos[c]] = z[c];
        this.subtractColumn(rhs, this.bumpPos[c], z[c]);
      }
    }
    for (let s = first - 1; s >= 0; s--) {
      const p = this.pivotPos[s];
      const z = rhs[this.pivotRow[s]] / this.pivotValue[s];
      out[p] = z;
      this.subtractColumn(rhs, p, z);
    }
    for (let e = 0; e < this.etaPos.length; e++) {
      const r = this.etaPos[e];
      const zr = out[r] / this.etaPivot[e];
      out[r] = zr;
      if (zr === 0) continue;
      for (let k = this.etaStart[e]; k < this.etaStart[e + 1]; k++) out[this.etaIndex[k]] -= this.etaValue[k] * zr;
    }
  }

  /**
   * Solves B^T y = c: `cost` holds c by basis position on entry and is
   * consumed; `y` receives the solution by row.
   */
  btran(cost: Float64Array, y: Float64Array): void {
    for (let e = this.etaPos.length - 1; e >= 0; e--) {
      const r = this.etaPos[e];
      let sum = cost[r];
      for (let k = this.etaStart[e]; k < this.etaStart[e + 1]; k++) sum -= this.etaValue[k] * cost[this.etaIndex[k]];
      cost[r] = sum / this.etaPivot[e];
    }
    y.fill(0);
    const first = this.columnSingletons;
    for (let s = 0; s < first; s++) {
      const p = this.pivotPos[s];
      const row = this.pivotRow[s];
      y[row] = (cost[p] - this.columnDot(y, p)) / this.pivotValue[s];
    }
    const size = this.bump.size;
    if (size > 0) {
      const c = this.bumpWork;
      const yb = this.bumpOut;
      for (let k = 0; k < size; k++) c[k] = cost[this.bumpPos[k]] - this.columnDot(y, this.bumpPos[k]);
      this.bump.solveTransposed(c, yb);
      for (let r = 0; r < size; r++) y[this.bumpRow[r]] = yb[r];
    }
    for (let s = first + this.rowSingletons - 1; s >= first; s--) {
      const p = this.pivotPos[s];
      const row = this.pivotRow[s];
      y[row] = (cost[p] - this.columnDot(y, p)) / this.pivotValue[s];
    }
  }

  /** Records that position r now holds the column whose ftran is `alpha`. */
  addEta(r: number, alpha: Float64Array): void {
    let end = this.etaStart[this.etaStart.length - 1];
    if (end + this.m > this.etaIndex.length) {
      const index = new Int32Array(2 * (end + this.m));
      const value = new Float64Array(2 * (end + this.m));
      index.set(this.etaIndex);
      value.set(this.etaValue);
      this.etaIndex = index;
      this.etaValue = value;
    }
    for (let i = 0; i < this.m; i++) {
      if (i === r || alpha[i] === 0) continue;
      this.etaIndex[end] = i;
      this.etaValue[end++] = alpha[i];
    }
    this.etaPos.push(r);
    this.etaPivot.push(alpha[r]);
    this.etaStart.push(end);
  }

  private dropEtas(): void {
    this.etaPos.length = 0;
    this.etaPivot.length = 0;
    this.etaStart.length = 1;
  }
}
