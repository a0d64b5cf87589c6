// HiGHS's model status codes as the solver interface's SolveStatus: one table
// for the highs back-end and the Benders master.

import type { Highs } from 'highs';
import type { SolveStatus } from '../types.js';

export function solveStatusOf(highs: Highs, code: number): SolveStatus {
  const s = highs.constants.modelStatus;
  switch (code) {
    case s.optimal:
      return 'optimal';
    case s.infeasible:
      return 'infeasible';
    case s.unbounded:
    case s.unboundedOrInfeasible:
      return 'unbounded';
    case s.timeLimit:
      return 'time_limit';
    case s.interrupted:
      return 'interrupted';
    default:
      return 'error';
  }
}
