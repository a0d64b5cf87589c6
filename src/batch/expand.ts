// A batch input to the list of variations it stands for (no HTTP, no
// threads, no SQL): either `{"problems": [...]}`, or a base problem and a
// sweep, `{"base": {...}, "sweep": {"variations": [{name, patch}], "grid":
// {pointer: [values]}}}`, where every variation is crossed with every grid
// point (the cartesian product of the grid's values).
//
// This file checks the input's shape and the limit, and does the crossing;
// what a variation is lives in variations.ts, the reading of a sweep's parts
// in sweep-variations.ts and sweep-grid.ts, and JSON Patch in json-patch.ts.

import { describe, isObject, type BatchError } from './batch-errors.js';
import type { PatchError, PatchOperation } from './json-patch.js';
import { cartesian, gridOperation, pointLabel, readGrid } from './sweep-grid.js';
import { readVariations } from './sweep-variations.js';
import { batchOfProblems, materialise, type ExpandedBatch, type Variation } from './variations.js';

export type BatchExpansion = { ok: true; batch: ExpandedBatch } | { ok: false; errors: BatchError[] };

export interface ExpandOptions {
  /** most variations a batch may expand to */
  maxVariations: number;
}

/**
 * `onPartial`, when a sweep fails only in some variations (a patch or grid
 * value that does not apply), receives the variations that did expand, so
 * that they can be validated too and every error reported at once.
 */
export function expandBatch(
  input: unknown,
  options: ExpandOptions,
  onPartial?: (batch: ExpandedBatch) => void,
): BatchExpansion {
  if (!isObject(input))
    return fail([
      {
        path: '$',
        message: `must be an object with "problems" (a list of problems) or "base" and "sweep", not ${describe(input)}`,
      },
    ]);
  const hasProblems = Object.hasOwn(input, 'problems');
  const hasBase = Object.hasOwn(input, 'base');
  const errors: BatchError[] = [];
  for (const key of Object.keys(input)) {
    if (!['problems', 'base', 'sweep'].includes(key))
      errors.push({ path: `$.${key}`, message: 'is not a batch field (expected "problems", or "base" and "sweep")' });
  }
  if (hasProblems && hasBase)
    errors.push({
      path: '$',
      message: 'has both "problems" and "base"; give a list of problems or a base problem with a sweep, not both',
    });
  if (!hasProblems && !hasBase)
    errors.push({ path: '$', message: 'needs "problems" (a list of problems) or "base" (a problem to sweep)' });
  if (hasProblems && Object.hasOwn(input, 'sweep'))
    errors.push({ path: '$.sweep', message: 'applies to a "base" problem, not to a list of problems' });
  if (errors.length) return fail(errors);
  return hasProblems
    ? expandProblems(input.problems, options)
    : expandSweep(input.base, input.sweep, options, onPartial);
}

function expandProblems(problems: unknown, options: ExpandOptions): BatchExpansion {
  if (!Array.isArray(problems) || problems.length === 0)
    return fail([{ path: '$.problems', message: `must be a non-empty list of problems, not ${describe(problems)}` }]);
  if (problems.length > options.maxVariations)
    return fail([tooMany('$.problems', problems.length, options.maxVariations)]);
  const names = problems.map((problem, i) =>
    isObject(problem) && typeof problem.name === 'string' && problem.name.trim() !== ''
      ? problem.name.trim()
      : `problem ${i + 1}`,
  );
  return { ok: true, batch: batchOfProblems(problems, names) };
}

function expandSweep(
  base: unknown,
  sweep: unknown,
  options: ExpandOptions,
  onPartial?: (batch: ExpandedBatch) => void,
): BatchExpansion {
  const errors: BatchError[] = [];
  if (!isObject(base)) errors.push({ path: '$.base', message: `must be a problem (an object), not ${describe(base)}` });
  if (sweep !== undefined && !isObject(sweep))
    return fail([
      ...errors,
      { path: '$.sweep', message: `must be an object with "variations" and/or "grid", not ${describe(sweep)}` },
    ]);
  const sweepObject = sweep ?? {};
  for (const key of Object.keys(sweepObject)) {
    if (key !== 'variations' && key !== 'grid')
      errors.push({ path: `$.sweep.${key}`, message: 'is not a sweep field (expected "variations" and/or "grid")' });
  }
  const variations = readVariations(sweepObject.variations, errors);
  const axes = readGrid(sweepObject.grid, errors);
  if (errors.length) return fail(errors);

  const points = axes.reduce((n, axis) => n * axis.values.length, 1);
  const total = Math.max(1, variations.length) * points;
  if (total > options.maxVariations) {
    const factors = [
      ...(variations.length ? [`${variations.length} variations`] : []),
      ...axes.map((a) => `${a.values.length} values of ${a.pointer}`),
    ];
    return fail([
      {
        ...tooMany('$.sweep', total, options.maxVariations),
        message: `expands to ${total} variations (${factors.join(' x ')}), above the limit of ${options.maxVariations}`,
      },
    ]);
  }

  const bases: { index: number; name: string | null; patch: PatchOperation[] }[] = variations.length
    ? variations.map((v, i) => ({ index: i, name: v.name, patch: v.patch }))
    : [{ index: -1, name: null, patch: [] }];
  const baseName =
    isObject(base) && typeof base.name === 'string' && base.name.trim() !== '' ? base.name.trim() : 'base';
  const out: Variation[] = [];
  for (const variation of bases) {
    // A patch that does not apply fails every grid point of its variation: reported once.
    let patched: unknown;
    try {
      patched = materialise([base], { document: 0, patch: variation.patch });
    } catch (error) {
      const e = error as PatchError;
      errors.push({
        variation: variation.index,
        name: variation.name!,
        path: `$.sweep.variations[${variation.index}].patch[${e.operation}]`,
        message: e.message,
      });
      continue;
    }
    const gridFailures = new Set<string>();
    for (const point of cartesian(axes.map((a) => a.values))) {
      const gridPatch: PatchOperation[] = [];
      for (let a = 0; a < axes.length; a++) {
        const op = gridOperation(patched, axes[a].pointer, point[a]);
        if (typeof op === 'string') {
          if (!gridFailures.has(axes[a].pointer)) {
            gridFailures.add(axes[a].pointer);
            errors.push({
              ...(variation.name ? { variation: variation.index, name: variation.name } : {}),
              path: `$.sweep.grid[${JSON.stringify(axes[a].pointer)}]`,
              message: op,
            });
          }
        } else {
          gridPatch.push(op);
        }
      }
      const label = pointLabel(axes, point);
      const name = [variation.name, label].filter((part) => part).join(' / ') || baseName;
      out.push({ index: out.length, name, document: 0, patch: [...variation.patch, ...gridPatch] });
    }
  }
  if (errors.length) {
    onPartial?.({ documents: [base], variations: out });
    return fail(errors);
  }
  return { ok: true, batch: { documents: [base], variations: out } };
}

function tooMany(path: string, count: number, max: number): BatchError {
  return {
    path,
    message: `has ${count} variations, above the limit of ${max} (LODESTONE_MAX_BATCH_VARIATIONS)`,
    overLimit: true,
  };
}

function fail(errors: BatchError[]): BatchExpansion {
  return { ok: false, errors };
}
