// The LP as text for other solvers (CPLEX LP or free MPS), with readable row
// and column names: what `lodestone export` writes. HiGHS writes the text; this
// file is the one place to correct what other readers take differently.

import type { LpNumbers, SparseLp } from '../lp.js';
import { loadHighsRuntime, modelData } from '../highs/runtime.js';

/** Name of the column that carries the objective's constant term in an exported file. */
export const CONSTANT_COLUMN = 'objective_constant';

/**
 * The objective's constant as a column fixed at 1 whose cost is the constant.
 * Readers disagree on a constant written in an LP file's objective: HiGHS
 * reads HiGHS's `+c` as +c, CLP 1.17 and GLPK 5.0 as -c (fixtures/eu-ev-maker:
 * optimum 172,507,760; CLP and glpsol read 2 x 1,666,000,000 below it). A
 * fixed column means the same to every reader, in LP and MPS files alike.
 */
function withConstantColumn(lp: SparseLp): LpNumbers {
  const n = lp.numCols;
  const extend = (a: Float64Array, last: number) => {
    const out = new Float64Array(n + 1);
    out.set(a);
    out[n] = last;
    return out;
  };
  const colStart = new Int32Array(n + 2);
  colStart.set(lp.colStart);
  colStart[n + 1] = lp.colStart[n];
  return {
    numRows: lp.numRows,
    numCols: n + 1,
    cost: extend(lp.cost, lp.offset),
    colLower: extend(lp.colLower, 1),
    colUpper: extend(lp.colUpper, 1),
    rowLower: lp.rowLower,
    rowUpper: lp.rowUpper,
    colStart,
    rowIndex: lp.rowIndex,
    value: lp.value,
  };
}

/** The LP in CPLEX LP or free MPS format, with readable row and column names. */
export async function exportLp(lp: SparseLp, format: 'lp' | 'mps'): Promise<string> {
  const highs = await loadHighsRuntime();
  const constant = lp.offset !== 0;
  const colNames = Array.from({ length: lp.numCols }, (_, j) => lp.colName(j));
  const model = highs.createModel({
    ...(constant ? modelData(highs, withConstantColumn(lp), 0) : modelData(highs, lp, 0)),
    colNames: constant ? [...colNames, CONSTANT_COLUMN] : colNames,
    rowNames: Array.from({ length: lp.numRows }, (_, i) => lp.rowName(i)),
  });
  try {
    return format === 'lp' ? model.exportModel('lp') : new TextDecoder().decode(model.exportModel('mps'));
  } finally {
    model.dispose();
  }
}
