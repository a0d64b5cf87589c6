// A solver-neutral linear program: minimise cost.x + offset subject to
// rowLower <= A x <= rowUpper and colLower <= x <= colUpper, with A stored
// column-wise (CSC) in typed arrays. Names are computed on demand because an
// 80k-column model would otherwise spend more time on strings than on numbers.

export interface SparseLp {
  numRows: number;
  numCols: number;
  cost: Float64Array;
  offset: number;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  /** CSC: column j's entries are at colStart[j] .. colStart[j+1]-1 */
  colStart: Int32Array;
  rowIndex: Int32Array;
  value: Float64Array;
  colName(j: number): string;
  rowName(i: number): string;
  /** present on two-stage stochastic LPs: lets a decomposition back-end split them */
  twoStage?: TwoStageStructure;
}

/** An LP's numbers alone: what a solver loads (decomposition pieces have no names or offset). */
export type LpNumbers = Omit<SparseLp, 'offset' | 'colName' | 'rowName' | 'twoStage'>;

/**
 * A two-stage LP by blocks: each scenario k owns its recourse columns and
 * rows (block k); first-stage columns and linking rows have block -1. The
 * recourse columns of scenario k may appear in linking rows and in the
 * objective only as multiples of their entries in the linking row
 * costRow[k] (the scenario's recourse cost), which is what lets a master
 * problem stand one variable in for them.
 */
export interface TwoStageStructure {
  blocks: number;
  colBlock: Int32Array;
  rowBlock: Int32Array;
  costRow: Int32Array;
}

export interface LpSize {
  rows: number;
  columns: number;
  nonzeros: number;
}

export function lpSize(lp: SparseLp): LpSize {
  return { rows: lp.numRows, columns: lp.numCols, nonzeros: lp.colStart[lp.numCols] };
}
