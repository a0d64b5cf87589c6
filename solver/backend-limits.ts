// The largest LP each back-end is offered, so that a request it cannot
// finish is refused at once with the size and the limit, not stopped by a
// time-out minutes later (issue 12: backend=jslp on 871 columns answered 504
// after 300 s).
//
// jsLPSolver: one cold solve (minimise expected cost), 30 s limit, on this
// 2-core machine type (a scratch script, numbers in the commit message):
//   us-motor-maker cut to 2/4/6/8/12 periods: 114 columns 0.24 s; 264 time
//   limit; 414 2.6 s; 564 and 864 time limit;
//   random sourcing LPs (tests/helpers/random-problem, 3 seeds per size):
//   52-331 columns 0.3-1.6 s except 332 (time limit); 409-1007 columns
//   1.2-4.0 s when solved, 2 of 6 at the time limit.
// Above 300 columns 5 of 12 LPs hit the limit (and a frontier is some 15
// solves); at or below, 1 of 17 (it can cycle now and then, which the
// per-solve time limit stops).

import type { LpSize } from './lp.js';

export const BACKEND_MAX_COLUMNS: Readonly<Record<string, number>> = {
  jslp: 300,
};

/** Why `backend` is not offered an LP of this size, or undefined when it is. */
export function backendSizeRefusal(backend: string, size: LpSize): string | undefined {
  const limit = BACKEND_MAX_COLUMNS[backend];
  if (limit === undefined || size.columns <= limit) return undefined;
  return (
    `the LP has ${size.columns} columns, above the ${limit} that backend ${backend} solves in reasonable time; ` +
    'use backend highs or auto'
  );
}
