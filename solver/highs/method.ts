// Which HiGHS algorithm to start a cold solve with. Measured on this 2-core
// machine type (see README "Speed"): dual simplex wins on small and medium
// sourcing LPs; from roughly 30k columns the interior-point method (with
// crossover, so a basis remains for the warm-started steps that follow) wins.

import type { SparseLp } from '../../src/model/sparse-lp.js';

export const IPM_FROM_COLUMNS = 30_000;

export function chooseHighsMethod(lp: SparseLp): 'simplex' | 'ipm' {
  return lp.numCols >= IPM_FROM_COLUMNS ? 'ipm' : 'simplex';
}
