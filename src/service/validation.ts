// What POST /v1/validate and `lodestone validate` answer for a raw problem:
// valid with its LP size, or every error. One function, so the service's
// event-loop path and the validation worker (workers/validate-worker.ts)
// answer alike.

import type { ProblemLimits } from '../domain/limits.js';
import type { ParseOptions } from '../domain/parse.js';
import type { InputWarning } from '../domain/warnings.js';
import { prepareProblem } from '../model/prepare-problem.js';
import type { LpSize } from '../../solver/lp.js';
import type { ErrorDetail } from './errors.js';

export type ValidationResult =
  | { valid: true; lp: LpSize; scenarios: number; warnings: InputWarning[] }
  | { valid: false; /** every error is a size limit */ overLimit: boolean; errors: ErrorDetail[] };

/** Validates off the event loop (a worker thread); rejects with "queue is at limit" when its queue is full. */
export interface ProblemValidator {
  validate(input: unknown, limits: ProblemLimits, options: ParseOptions): Promise<ValidationResult>;
}

export function validationOf(input: unknown, limits: ProblemLimits, options: ParseOptions = {}): ValidationResult {
  const prepared = prepareProblem(input, limits, options);
  if (!prepared.ok)
    return {
      valid: false,
      overLimit: prepared.overLimit,
      errors: prepared.errors.map(({ path, message }) => ({ path, message })),
    };
  return { valid: true, lp: prepared.size, scenarios: prepared.problem.scenarios.length, warnings: prepared.warnings };
}
