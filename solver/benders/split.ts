// Splits a two-stage LP (SparseLp with its TwoStageStructure) into the
// L-shaped method's pieces: a master over the first-stage columns plus one
// recourse-cost column theta_k per scenario, and one recourse LP per scenario
// whose row bounds move with the first-stage plan (rhs - T_k x).

import type { LpNumbers, SparseLp, TwoStageStructure } from '../lp.js';
import { SolverError } from '../types.js';

/** A piece of the decomposition: an LP's numbers in CSC form (bounds may be infinite). */
export type BlockLp = LpNumbers;

export interface Recourse {
  lp: BlockLp;
  /** the LP's column of each recourse column */
  cols: Int32Array;
  /** T_k by rows: for recourse row i, entries (master column, coefficient) at tStart[i]..tStart[i+1]-1 */
  tStart: Int32Array;
  tCol: Int32Array;
  tValue: Float64Array;
  /** a lower bound on the recourse cost, from the column bounds alone */
  costFloor: number;
}

export interface TwoStageSplit {
  master: BlockLp;
  /** master column of each LP column, or -1 for a recourse column */
  masterCol: Int32Array;
  /** master row of each LP row, or -1 for a recourse row */
  masterRow: Int32Array;
  /** LP columns of the master's first columns (theta_k follow, at firstTheta + k) */
  masterCols: Int32Array;
  firstTheta: number;
  recourse: Recourse[];
  structure: TwoStageStructure;
}

const PROPORTIONAL_TOL = 1e-9;

/** Whether an entry equals lambda * w to round-off (the split's one test of proportionality). */
const matches = (actual: number, expected: number) =>
  Math.abs(actual - expected) <= PROPORTIONAL_TOL * Math.max(1, Math.abs(actual), Math.abs(expected));

/**
 * The per-scenario projection: lambda with value(i) = lambda * w[cols[i]] for the
 * given columns of one scenario (normSq: |w|^2 over all that scenario's columns),
 * and the first i where that fails to round-off (-1 when none does).
 */
function shareOfCostRow(
  cols: ArrayLike<number>,
  value: (i: number) => number,
  w: Float64Array,
  normSq: number,
): { lambda: number; mismatch: number } {
  let dot = 0;
  for (let i = 0; i < cols.length; i++) dot += value(i) * w[cols[i]];
  const lambda = normSq > 0 ? dot / normSq : 0;
  for (let i = 0; i < cols.length; i++) if (!matches(value(i), lambda * w[cols[i]])) return { lambda, mismatch: i };
  return { lambda, mismatch: -1 };
}

const squaredNorm = (cols: ArrayLike<number>, w: Float64Array) => {
  let sum = 0;
  for (let i = 0; i < cols.length; i++) sum += w[cols[i]] * w[cols[i]];
  return sum;
};

/**
 * How much of the recourse cost vector w of each scenario a vector over the LP's
 * columns holds: v restricted to block k must be lambda_k * w_k. Throws when it
 * is not (the LP is then not decomposable this way).
 */
export function recourseMultipliers(
  split: TwoStageSplit,
  weights: RecourseWeights,
  vector: (j: number) => number,
  what: string,
): Float64Array {
  return Float64Array.from(split.recourse, ({ cols }) => {
    const { lambda, mismatch } = shareOfCostRow(cols, (i) => vector(cols[i]), weights.w, squaredNorm(cols, weights.w));
    if (mismatch >= 0)
      throw new SolverError(
        `the benders back-end cannot split this LP: ${what} weighs recourse column ${cols[mismatch]} ` +
          "unlike the scenario's cost row",
      );
    return lambda;
  });
}

/** Each recourse column's cost w_j: its entry in its scenario's cost row. */
export interface RecourseWeights {
  w: Float64Array;
}

export function recourseWeights(lp: SparseLp, structure: TwoStageStructure): RecourseWeights {
  const w = new Float64Array(lp.numCols);
  for (let j = 0; j < lp.numCols; j++) {
    const k = structure.colBlock[j];
    if (k < 0) continue;
    for (let p = lp.colStart[j]; p < lp.colStart[j + 1]; p++)
      if (lp.rowIndex[p] === structure.costRow[k]) w[j] = lp.value[p];
  }
  return { w };
}

export function splitTwoStage(lp: SparseLp, weights: RecourseWeights): TwoStageSplit {
  const structure = lp.twoStage;
  if (!structure)
    throw new SolverError('the benders back-end needs a two-stage LP (one built with its scenario structure)');
  const K = structure.blocks;
  const { colBlock, rowBlock } = structure;

  // --- numbering ---------------------------------------------------------------
  const masterCol = new Int32Array(lp.numCols).fill(-1);
  const masterColsList: number[] = [];
  const blockCols: number[][] = Array.from({ length: K }, () => []);
  for (let j = 0; j < lp.numCols; j++) {
    if (colBlock[j] < 0) masterCol[j] = masterColsList.push(j) - 1;
    else blockCols[colBlock[j]].push(j);
  }
  const masterRow = new Int32Array(lp.numRows).fill(-1);
  const masterRowsList: number[] = [];
  const blockRows: number[][] = Array.from({ length: K }, () => []);
  const localRow = new Int32Array(lp.numRows);
  for (let r = 0; r < lp.numRows; r++) {
    if (rowBlock[r] < 0) masterRow[r] = masterRowsList.push(r) - 1;
    else localRow[r] = blockRows[rowBlock[r]].push(r) - 1;
  }
  const firstTheta = masterColsList.length;

  // --- master: first-stage columns as they are, then theta_k with lambda_{r,k} per linking row
  const mStart = [0];
  const mIndex: number[] = [];
  const mValue: number[] = [];
  for (const j of masterColsList) {
    for (let p = lp.colStart[j]; p < lp.colStart[j + 1]; p++) {
      const r = masterRow[lp.rowIndex[p]];
      if (r >= 0) {
        mIndex.push(r);
        mValue.push(lp.value[p]);
      }
    }
    mStart.push(mIndex.length);
  }
  // lambda of every linking row for every scenario, gathered column by column
  const rowLambda = Array.from({ length: K }, () => new Map<number, number>());
  for (let k = 0; k < K; k++) {
    // each linking row's entries in scenario k, which must be lambda * w
    const rowEntries = new Map<number, { cols: number[]; values: number[] }>();
    for (const j of blockCols[k]) {
      for (let p = lp.colStart[j]; p < lp.colStart[j + 1]; p++) {
        const r = lp.rowIndex[p];
        if (rowBlock[r] >= 0) {
          if (rowBlock[r] !== k)
            throw new SolverError(
              `the benders back-end cannot split this LP: column ${j} of scenario ${k} ` +
                `appears in a row of scenario ${rowBlock[r]}`,
            );
          continue;
        }
        let entries = rowEntries.get(r);
        if (!entries) rowEntries.set(r, (entries = { cols: [], values: [] }));
        entries.cols.push(j);
        entries.values.push(lp.value[p]);
      }
    }
    const norm = squaredNorm(blockCols[k], weights.w);
    for (const [r, { cols, values }] of rowEntries) {
      const { lambda, mismatch } = shareOfCostRow(cols, (i) => values[i], weights.w, norm);
      if (mismatch >= 0)
        throw new SolverError(
          `the benders back-end cannot split this LP: row ${lp.rowName(r)} weighs recourse column ` +
            `${lp.colName(cols[mismatch])} unlike the scenario's cost row`,
        );
      rowLambda[k].set(r, lambda);
    }
    const entries = [...rowLambda[k]].filter(([, l]) => l !== 0).sort((a, b) => masterRow[a[0]] - masterRow[b[0]]);
    for (const [r, l] of entries) {
      mIndex.push(masterRow[r]);
      mValue.push(l);
    }
    mStart.push(mIndex.length);
  }

  // T: the first-stage entries of every recourse row (CSR over the LP's rows), in two passes over the master's columns
  const tRowStart = new Int32Array(lp.numRows + 1);
  for (const j of masterColsList)
    for (let p = lp.colStart[j]; p < lp.colStart[j + 1]; p++)
      if (rowBlock[lp.rowIndex[p]] >= 0) tRowStart[lp.rowIndex[p] + 1]++;
  for (let r = 0; r < lp.numRows; r++) tRowStart[r + 1] += tRowStart[r];
  const tFill = tRowStart.slice(0, lp.numRows);
  const tCols = new Int32Array(tRowStart[lp.numRows]);
  const tValues = new Float64Array(tRowStart[lp.numRows]);
  for (const j of masterColsList) {
    for (let p = lp.colStart[j]; p < lp.colStart[j + 1]; p++) {
      const r = lp.rowIndex[p];
      if (rowBlock[r] < 0) continue;
      tCols[tFill[r]] = masterCol[j];
      tValues[tFill[r]++] = lp.value[p];
    }
  }
  const t: RowEntries = { start: tRowStart, col: tCols, value: tValues };
  const recourse: Recourse[] = [];
  for (let k = 0; k < K; k++) recourse.push(recourseOf(lp, weights, blockCols[k], blockRows[k], localRow, t));

  const nMaster = firstTheta + K;
  const colLower = new Float64Array(nMaster);
  const colUpper = new Float64Array(nMaster);
  masterColsList.forEach((j, i) => {
    colLower[i] = lp.colLower[j];
    colUpper[i] = lp.colUpper[j];
  });
  for (let k = 0; k < K; k++) {
    colLower[firstTheta + k] = recourse[k].costFloor;
    colUpper[firstTheta + k] = Infinity;
  }
  const master: BlockLp = {
    numRows: masterRowsList.length,
    numCols: nMaster,
    cost: new Float64Array(nMaster),
    colLower,
    colUpper,
    rowLower: Float64Array.from(masterRowsList, (r) => lp.rowLower[r]),
    rowUpper: Float64Array.from(masterRowsList, (r) => lp.rowUpper[r]),
    colStart: Int32Array.from(mStart),
    rowIndex: Int32Array.from(mIndex),
    value: Float64Array.from(mValue),
  };
  return { master, masterCol, masterRow, masterCols: Int32Array.from(masterColsList), firstTheta, recourse, structure };
}

/** Entries by row: row r's at start[r] .. start[r+1]-1 (column, value). */
interface RowEntries {
  start: Int32Array;
  col: Int32Array;
  value: Float64Array;
}

function recourseOf(
  lp: SparseLp,
  weights: RecourseWeights,
  cols: number[],
  rows: number[],
  localRow: Int32Array,
  t: RowEntries,
): Recourse {
  const n = cols.length;
  const { rowBlock } = lp.twoStage!;
  const colStart = new Int32Array(n + 1);
  let nonzeros = 0;
  for (const j of cols)
    for (let p = lp.colStart[j]; p < lp.colStart[j + 1]; p++) if (rowBlock[lp.rowIndex[p]] >= 0) nonzeros++;
  const rowIndex = new Int32Array(nonzeros);
  const value = new Float64Array(nonzeros);
  const cost = new Float64Array(n);
  const colLower = new Float64Array(n);
  const colUpper = new Float64Array(n);
  let costFloor = 0;
  let e = 0;
  for (let i = 0; i < n; i++) {
    const j = cols[i];
    for (let p = lp.colStart[j]; p < lp.colStart[j + 1]; p++) {
      const r = lp.rowIndex[p];
      if (rowBlock[r] < 0) continue;
      rowIndex[e] = localRow[r];
      value[e++] = lp.value[p];
    }
    colStart[i + 1] = e;
    cost[i] = weights.w[j];
    colLower[i] = lp.colLower[j];
    colUpper[i] = lp.colUpper[j];
    if (cost[i] !== 0) costFloor += Math.min(cost[i] * colLower[i], cost[i] * colUpper[i]);
  }
  if (!Number.isFinite(costFloor))
    throw new SolverError('the benders back-end needs recourse costs bounded below by the column bounds');

  const tStart = new Int32Array(rows.length + 1);
  for (let i = 0; i < rows.length; i++) tStart[i + 1] = tStart[i] + t.start[rows[i] + 1] - t.start[rows[i]];
  const tCol = new Int32Array(tStart[rows.length]);
  const tValue = new Float64Array(tStart[rows.length]);
  rows.forEach((r, i) => {
    tCol.set(t.col.subarray(t.start[r], t.start[r + 1]), tStart[i]);
    tValue.set(t.value.subarray(t.start[r], t.start[r + 1]), tStart[i]);
  });
  return {
    lp: {
      numRows: rows.length,
      numCols: n,
      cost,
      colLower,
      colUpper,
      rowLower: Float64Array.from(rows, (r) => lp.rowLower[r]),
      rowUpper: Float64Array.from(rows, (r) => lp.rowUpper[r]),
      colStart,
      rowIndex,
      value,
    },
    cols: Int32Array.from(cols),
    tStart,
    tCol,
    tValue,
    costFloor,
  };
}
