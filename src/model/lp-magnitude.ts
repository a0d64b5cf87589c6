// The last check before an LP leaves for a worker: every coefficient and cost
// finite, every bound finite or infinite on purpose, and none so large that
// HiGHS would read it as infinity (1e20) or lose the problem in rounding.
// Inputs are capped one by one (MAX_INPUT_MAGNITUDE), but the LP multiplies
// them (penalty x demand summed over periods, price x compounded event
// factors), so products can still overflow; 1e308 in a demand had crashed a
// worker (issue 11).

import { MAX_LP_MAGNITUDE } from '../domain/limits.js';
import type { SparseLp } from '../../solver/lp.js';

function badNumber(v: number, infinityAllowed: boolean): boolean {
  if (Number.isNaN(v)) return true;
  if (!Number.isFinite(v)) return !infinityAllowed;
  return Math.abs(v) > MAX_LP_MAGNITUDE;
}

/** A sentence naming the first number of `lp` out of range, or null when all are within range. */
export function lpMagnitudeProblem(lp: SparseLp): string | null {
  const say = (what: string, v: number) =>
    `the LP would hold ${v} as ${what}, beyond the ${MAX_LP_MAGNITUDE} the solver can represent: inputs multiply (a price by its events' factors, a penalty by demand over every period), so reduce the magnitudes`;
  if (badNumber(lp.offset, false)) return say('the cost constant', lp.offset);
  for (let j = 0; j < lp.numCols; j++) {
    if (badNumber(lp.cost[j], false)) return say(`the cost of ${lp.colName(j)}`, lp.cost[j]);
    if (badNumber(lp.colLower[j], true)) return say(`the lower bound of ${lp.colName(j)}`, lp.colLower[j]);
    if (badNumber(lp.colUpper[j], true)) return say(`the upper bound of ${lp.colName(j)}`, lp.colUpper[j]);
    for (let e = lp.colStart[j]; e < lp.colStart[j + 1]; e++)
      if (badNumber(lp.value[e], false))
        return say(`a coefficient of ${lp.colName(j)} in row ${lp.rowName(lp.rowIndex[e])}`, lp.value[e]);
  }
  for (let i = 0; i < lp.numRows; i++) {
    if (badNumber(lp.rowLower[i], true)) return say(`the lower bound of row ${lp.rowName(i)}`, lp.rowLower[i]);
    if (badNumber(lp.rowUpper[i], true)) return say(`the upper bound of row ${lp.rowName(i)}`, lp.rowUpper[i]);
  }
  return null;
}
