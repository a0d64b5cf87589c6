// The LP as text for other solvers (CPLEX LP or free MPS), with readable row
// and column names: what `lodestone export` writes. HiGHS writes the text; this
// file is the one place to correct what other readers take differently.

import type { SparseLp } from '../lp.js';
import { loadHighsRuntime, modelData } from '../highs/runtime.js';

/** The LP in CPLEX LP or free MPS format, with readable row and column names. */
export async function exportLp(lp: SparseLp, format: 'lp' | 'mps'): Promise<string> {
  const highs = await loadHighsRuntime();
  const model = highs.createModel({
    ...modelData(highs, lp, lp.offset),
    colNames: Array.from({ length: lp.numCols }, (_, j) => lp.colName(j)),
    rowNames: Array.from({ length: lp.numRows }, (_, i) => lp.rowName(i)),
  });
  try {
    return format === 'lp' ? model.exportModel('lp') : new TextDecoder().decode(model.exportModel('mps'));
  } finally {
    model.dispose();
  }
}
