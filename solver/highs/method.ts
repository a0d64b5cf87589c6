// Which HiGHS algorithm to start a cold solve with. Measured on this 2-core
// machine type: on bench/small (2.5k columns) dual simplex solves min E in
// 0.4 s; on bench/medium (20k columns) interior point (with crossover, so a
// basis remains for the warm-started steps that follow) took 2.8 s against
// 5.7 s for min E and 11.4 s against 25.6 s for min CVaR.

import type { SparseLp } from '../lp.js';

export const IPM_FROM_COLUMNS = 10_000;

export function chooseHighsMethod(lp: SparseLp): 'simplex' | 'ipm' {
  return lp.numCols >= IPM_FROM_COLUMNS ? 'ipm' : 'simplex';
}
