// Raw input to a problem that is valid, within the size limits, and built:
// the one gate every front end (CLI, HTTP, batch) passes a problem through.

import { DEFAULT_LIMITS, type ProblemLimits } from '../domain/limits.js';
import { parseProblem, type ParseOptions } from '../domain/parse.js';
import type { InputWarning } from '../domain/warnings.js';
import type { InputError, Problem } from '../domain/problem.js';
import { buildSourcingLp, type SourcingLp } from './build-sourcing-lp.js';
import { flattenDesigns } from './flat-designs.js';
import { lpMagnitudeProblem } from './lp-magnitude.js';
import { lpSizeBound } from './lp-size-bound.js';
import { backendSizeRefusal } from '../../solver/backend-limits.js';
import { lpSize, type LpSize } from '../../solver/lp.js';

export type PreparedProblem =
  | {
      ok: true;
      problem: Problem;
      model: SourcingLp;
      size: LpSize;
      buildMs: number;
      /** what validates but probably says something else than meant (MODEL.md 6.4) */
      warnings: InputWarning[];
    }
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

export interface PrepareOptions extends ParseOptions {
  /** the back-end that will solve it: an LP larger than it handles is refused as over the limits */
  backend?: string;
}

export function prepareProblem(
  raw: unknown,
  limits: ProblemLimits = DEFAULT_LIMITS,
  options: PrepareOptions = {},
): PreparedProblem {
  const parsed = parseProblem(raw, limits, options);
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
  // Rows and non-zeros: bounded before the build, checked exactly after it.
  const overCounts = countErrors(problem, limits, lpSizeBound(problem), false);
  if (overCounts.length > 0) return { ok: false, overLimit: true, errors: overCounts };
  const started = performance.now();
  const model = buildSourcingLp(problem);
  const buildMs = performance.now() - started;
  if (model.lp.numCols > limits.maxColumns) return tooLarge(model.lp.numCols, true);
  const size = lpSize(model.lp);
  const overSize = countErrors(problem, limits, size, true);
  if (overSize.length > 0) return { ok: false, overLimit: true, errors: overSize };
  const refusal = options.backend === undefined ? undefined : backendSizeRefusal(options.backend, size);
  if (refusal) return { ok: false, overLimit: true, errors: [{ path: '$', message: refusal, code: 'over_limit' }] };
  const magnitude = lpMagnitudeProblem(model.lp);
  if (magnitude !== null) return { ok: false, overLimit: false, errors: [{ path: '$', message: magnitude }] };
  return { ok: true, problem, model, size, buildMs, warnings: parsed.warnings };
}

/**
 * Limits on the normalised problem (events per scenario, generated ones
 * included; share rules after expansion per material) and on the LP's rows
 * and non-zeros, `exact` or bounded from above (lp-size-bound.ts).
 */
function countErrors(
  problem: Problem,
  limits: ProblemLimits,
  size: { rows: number; nonzeros: number },
  exact: boolean,
): InputError[] {
  const errors: InputError[] = [];
  const over = (path: string, message: string) => errors.push({ path, message, code: 'over_limit' });
  const upTo = exact ? '' : 'up to ';
  if (!exact) {
    const generated = problem.scenarioSource === 'generated';
    problem.scenarios.forEach((scenario, k) => {
      if (scenario.events.length > limits.maxEventsPerScenario)
        over(
          generated ? '$.scenarioModel' : `$.scenarios[${k}].events`,
          `scenario ${scenario.id} has ${scenario.events.length} events, above the limit of ${limits.maxEventsPerScenario} (LODESTONE_MAX_EVENTS_PER_SCENARIO)`,
        );
    });
    const rules = problem.policy.maxShareByCountry.length + problem.policy.minShareByKind.length;
    if (rules > limits.maxPolicyRules)
      over(
        '$.policy',
        `expands to ${rules} share rules (one per material where a rule names none), above the limit of ${limits.maxPolicyRules} (LODESTONE_MAX_POLICY_RULES)`,
      );
  }
  if (size.rows > limits.maxRows)
    over('$', `the LP would have ${upTo}${size.rows} rows, above the limit of ${limits.maxRows} (LODESTONE_MAX_ROWS)`);
  if (size.nonzeros > limits.maxNonzeros)
    over(
      '$',
      `the LP would have ${upTo}${size.nonzeros} non-zeros, above the limit of ${limits.maxNonzeros} (LODESTONE_MAX_NONZEROS)`,
    );
  return errors;
}
