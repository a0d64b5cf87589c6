// Raw input to normalised Problem: validate everything first, normalise only
// a valid input, so the rest of the engine never sees a half-checked problem.

import { jsonPath } from './json-path.js';
import { DEFAULT_LIMITS, type ProblemLimits } from './limits.js';
import { normaliseProblem } from './normalise.js';
import { rawSizeErrors } from './raw-size-limits.js';
import type { InputError, Problem } from './problem.js';
import { ProblemInputSchema } from './schema.js';
import { validateProblemInput } from './validate.js';
import { problemWarnings, type InputWarning } from './warnings.js';

export type ParseResult =
  { ok: true; problem: Problem; warnings: InputWarning[] } | { ok: false; errors: InputError[] };

export interface ParseOptions {
  /** every warning is an error (`--strict`, `?strict=true`) */
  strict?: boolean;
}

export function parseProblem(
  raw: unknown,
  limits: ProblemLimits = DEFAULT_LIMITS,
  options: ParseOptions = {},
): ParseResult {
  // Counted before validated: a huge body is refused before the schema walks it.
  const tooLarge = rawSizeErrors(raw, limits);
  if (tooLarge.length > 0) return { ok: false, errors: tooLarge };
  const errors = validateProblemInput(raw, limits);
  if (errors.length > 0) return { ok: false, errors };
  const warnings = problemWarnings(raw);
  if (options.strict && warnings.length > 0) {
    return { ok: false, errors: warnings.map(({ path, message }) => ({ path, message: `${message} (strict)` })) };
  }
  // Parsing again drops unknown fields and gives the typed value; it cannot fail after validation.
  const parsed = ProblemInputSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message })) };
  }
  return { ok: true, problem: normaliseProblem(parsed.data), warnings };
}
