// Every variation of a batch through prepareProblem before anything runs, so
// a batch is accepted whole or refused with every invalid variation listed
// (its index, name, and each error's path in its problem).

import type { ProblemLimits } from '../domain/limits.js';
import { prepareProblem, type PrepareOptions } from '../model/prepare-problem.js';
import type { BatchError } from './batch-errors.js';
import { expandBatch, type ExpandOptions } from './expand.js';
import { PatchError } from './json-patch.js';
import { materialise, type ExpandedBatch } from './variations.js';

export type CheckedBatch = { ok: true; batch: ExpandedBatch } | { ok: false; errors: BatchError[] };

/**
 * Expands and validates a batch, reporting every error of every variation at
 * once: a patch that does not apply in one variation does not hide an invalid
 * problem in another.
 */
export async function expandAndValidateBatch(
  input: unknown,
  expand: ExpandOptions,
  limits: ProblemLimits,
  options: PrepareOptions = {},
): Promise<CheckedBatch> {
  let partial: ExpandedBatch | undefined;
  const expansion = expandBatch(input, expand, (valid) => (partial = valid));
  const batch = expansion.ok ? expansion.batch : partial;
  const errors = [
    ...(expansion.ok ? [] : expansion.errors),
    ...(batch ? await validateBatch(batch, limits, options) : []),
  ];
  return errors.length > 0 || !batch ? { ok: false, errors } : { ok: true, batch };
}

/** Past this many, the rest are counted in one last entry: enough to fix the batch, not a flood. */
export const MAX_REPORTED_ERRORS = 200;

/** How long validation may hold the event loop before it lets other work run (ms). */
const SLICE_MS = 20;

export async function validateBatch(
  batch: ExpandedBatch,
  limits: ProblemLimits,
  options: PrepareOptions = {},
): Promise<BatchError[]> {
  const errors: BatchError[] = [];
  let sliceStarted = performance.now();
  for (const variation of batch.variations) {
    // prepareProblem builds each LP (up to ~50 ms for a large one); a big batch must not stall the service.
    if (performance.now() - sliceStarted > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStarted = performance.now();
    }
    const { index: variationIndex, name } = variation;
    let problem: unknown;
    try {
      problem = materialise(batch.documents, variation);
    } catch (error) {
      if (!(error instanceof PatchError)) throw error;
      errors.push({ variation: variationIndex, name, path: `$.patch[${error.operation}]`, message: error.message });
      continue;
    }
    const prepared = prepareProblem(problem, limits, options);
    if (!prepared.ok) {
      for (const e of prepared.errors)
        errors.push({
          variation: variationIndex,
          name,
          path: e.path,
          message: e.message,
          ...(e.code === 'over_limit' ? { overLimit: true } : {}),
        });
    }
  }
  if (errors.length <= MAX_REPORTED_ERRORS) return errors;
  const invalid = new Set(errors.map((e) => e.variation)).size;
  return [
    ...errors.slice(0, MAX_REPORTED_ERRORS),
    {
      path: '$',
      message: `... and ${errors.length - MAX_REPORTED_ERRORS} more errors (${invalid} variations are invalid in all)`,
    },
  ];
}
