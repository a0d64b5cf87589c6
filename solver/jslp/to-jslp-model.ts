// Translates a SparseLp into javascript-lp-solver's JSON model. jsLPSolver has
// no column bounds beyond x >= 0, so bounds become one-variable constraints and
// free columns are declared `unrestricted`.

import type { SparseLp } from '../lp.js';

export interface JslpModel {
  optimize: string;
  opType: 'min';
  constraints: Record<string, { min?: number; max?: number; equal?: number }>;
  variables: Record<string, Record<string, number>>;
  unrestricted: Record<string, 1>;
}

export const OBJECTIVE_KEY = '__objective';
export const columnKey = (j: number) => `c${j}`;

export function toJslpModel(lp: SparseLp): JslpModel {
  const constraints: JslpModel['constraints'] = {};
  const variables: JslpModel['variables'] = {};
  const unrestricted: JslpModel['unrestricted'] = {};
  for (let i = 0; i < lp.numRows; i++) {
    const lo = lp.rowLower[i];
    const hi = lp.rowUpper[i];
    if (lo === hi) constraints[`r${i}`] = { equal: lo };
    else if (lo > -Infinity || hi < Infinity)
      constraints[`r${i}`] = { ...(lo > -Infinity ? { min: lo } : {}), ...(hi < Infinity ? { max: hi } : {}) };
  }
  for (let j = 0; j < lp.numCols; j++) {
    const column: Record<string, number> = { [OBJECTIVE_KEY]: lp.cost[j] };
    for (let p = lp.colStart[j]; p < lp.colStart[j + 1]; p++) {
      const key = `r${lp.rowIndex[p]}`;
      if (constraints[key]) column[key] = lp.value[p];
    }
    const lo = lp.colLower[j];
    const hi = lp.colUpper[j];
    if (lo === -Infinity) unrestricted[columnKey(j)] = 1;
    if (lo > 0 || (lo < 0 && lo > -Infinity)) {
      constraints[`l${j}`] = { min: lo };
      column[`l${j}`] = 1;
    }
    if (hi < Infinity) {
      constraints[`u${j}`] = { max: hi };
      column[`u${j}`] = 1;
    }
    if (lo < 0 && lo > -Infinity) unrestricted[columnKey(j)] = 1;
    variables[columnKey(j)] = column;
  }
  return { optimize: OBJECTIVE_KEY, opType: 'min', constraints, variables, unrestricted };
}
