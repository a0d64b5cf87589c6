// Raw input to a problem that is valid, within the size limits, and built:
// the one gate every front end (CLI, HTTP, batch) passes a problem through.

import { DEFAULT_LIMITS, type ProblemLimits } from '../domain/limits.js';
import { parseProblem } from '../domain/parse.js';
import type { InputError, Problem } from '../domain/problem.js';
import { buildSourcingLp, type SourcingLp } from './build-sourcing-lp.js';
import { flattenDesigns } from './flat-designs.js';
import { lpSize, type LpSize } from '../../solver/lp.js';

export type PreparedProblem =
  | { ok: true; problem: Problem; model: SourcingLp; size: LpSize; buildMs: number }
  | {
      ok: false;
      errors: InputError[];
      /** every error is a size limit (HTTP 422 rather than 400) */ overLimit: boolean;
    };

/** Columns the LP can have at most; cheap, so a huge input is refused before anything is allocated. */
export function columnUpperBound(problem: Problem): number {
  const T = problem.periods;
  const K = problem.scenarios.length;
  return (
    problem.offers.length * T +
    flattenDesigns(problem).length * (1 + K * T) +
    K * (2 * problem.materials.length * T + 1) +
    1
  );
}

export function prepareProblem(raw: unknown, limits: ProblemLimits = DEFAULT_LIMITS): PreparedProblem {
  const parsed = parseProblem(raw, limits);
  if (!parsed.ok)
    return { ok: false, errors: parsed.errors, overLimit: parsed.errors.every((e) => e.code === 'over_limit') };
  const problem = parsed.problem;
  const bound = columnUpperBound(problem);
  const tooLarge = (columns: number, exact: boolean): PreparedProblem => ({
    ok: false,
    overLimit: true,
    errors: [
      {
        path: '$',
        message: `the LP would have ${exact ? '' : 'up to '}${columns} columns, above the limit of ${limits.maxColumns}`,
        code: 'over_limit',
      },
    ],
  });
  // Refuse outright what could not fit even after the formulation's reductions.
  if (bound > 10 * limits.maxColumns) return tooLarge(bound, false);
  const started = performance.now();
  const model = buildSourcingLp(problem);
  const buildMs = performance.now() - started;
  if (model.lp.numCols > limits.maxColumns) return tooLarge(model.lp.numCols, true);
  return { ok: true, problem, model, size: lpSize(model.lp), buildMs };
}
