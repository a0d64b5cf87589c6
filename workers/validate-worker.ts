// The validation worker's task: a big problem's validation and LP build take
// seconds (5,000 scenarios of 20 events: 2.8-4.7 s measured), which on the
// service's event loop would stall every other request (issue 11).

import type { ProblemLimits } from '../src/domain/limits.js';
import type { ParseOptions } from '../src/domain/parse.js';
import { validationOf, type ValidationResult } from '../src/service/validation.js';

export interface ValidateTask {
  input: unknown;
  limits: ProblemLimits;
  options: ParseOptions;
}

export default function validateTask(task: ValidateTask): ValidationResult {
  return validationOf(task.input, task.limits, task.options);
}
