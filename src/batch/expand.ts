// A batch input to the list of variations it stands for (no HTTP, no
// threads, no SQL): either `{"problems": [...]}`, or a base problem and a
// sweep, `{"base": {...}, "sweep": {"variations": [{name, patch}], "grid":
// {pointer: [values]}}}`, where every variation is crossed with every grid
// point (the cartesian product of the grid's values).
//
// A variation is kept as "base document + RFC 6902 operations", not as a
// patched copy: a 1000-point sweep of a large problem stores one problem and
// 1000 short patches, and materialise() rebuilds any variation on demand.

import { applyPatch, Pointer, type Operation } from 'rfc6902';

export type PatchOperation = Operation;

export interface Variation {
  /** position in the batch, 0-based; results and events use it */
  index: number;
  /** unique and readable: `IN / approval.EU=0.5` */
  name: string;
  /** which of the batch's documents it patches */
  document: number;
  /** applied, in order, to a copy of the document */
  patch: PatchOperation[];
}

export interface ExpandedBatch {
  /** the base problem of a sweep, or each problem of a list (raw input, unvalidated) */
  documents: unknown[];
  variations: Variation[];
}

/**
 * One thing wrong with a batch. `variation` and `name` say what is wrong:
 * a sweep variation whose patch does not apply (`variation` is then its index
 * in `sweep.variations`, and `path` points into the batch input), or an
 * expanded variation whose problem is invalid (`variation` is its index in
 * the expanded list, and `path` points into its problem). Errors about the
 * batch's shape have neither.
 */
export interface BatchError {
  path: string;
  message: string;
  variation?: number;
  name?: string;
  /** the error is a size limit (too many variations, a problem too large) */
  overLimit?: boolean;
}

export type BatchExpansion = { ok: true; batch: ExpandedBatch } | { ok: false; errors: BatchError[] };

export interface ExpandOptions {
  /** most variations a batch may expand to */
  maxVariations: number;
}

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);
/** Keys that would reach an object's prototype if a patch could write them. */
const FORBIDDEN_TOKENS = new Set(['__proto__', 'constructor', 'prototype']);

export class PatchError extends Error {
  override readonly name = 'PatchError';
  constructor(
    /** the failing operation's position in the patch */
    readonly operation: number,
    message: string,
  ) {
    super(message);
  }
}

/** The problem a variation stands for: its document, copied, with its patch applied. */
export function materialise(documents: readonly unknown[], variation: Pick<Variation, 'document' | 'patch'>): unknown {
  const document = documents[variation.document];
  if (document === undefined) throw new PatchError(0, `the batch has no document ${variation.document}`);
  const copy = structuredClone(document);
  const outcomes = applyPatch(copy, variation.patch);
  const failed = outcomes.findIndex((outcome) => outcome !== null);
  if (failed >= 0) throw new PatchError(failed, describePatchFailure(variation.patch[failed], outcomes[failed]!));
  return copy;
}

/** A batch of problems given one by one (the CLI's directory of files), named by the caller. */
export function batchOfProblems(problems: unknown[], names: string[]): ExpandedBatch {
  const unique = uniqueNames(names);
  return {
    documents: problems,
    variations: problems.map((_, i) => ({ index: i, name: unique[i], document: i, patch: [] })),
  };
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

interface SweepVariation {
  name: string;
  patch: PatchOperation[];
}

interface GridAxis {
  pointer: string;
  label: string;
  values: unknown[];
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
      const label = axes.map((axis, a) => `${axis.label}=${formatValue(point[a])}`).join(', ');
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

function readVariations(raw: unknown, errors: BatchError[]): SweepVariation[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    errors.push({ path: '$.sweep.variations', message: `must be a list of {"name", "patch"}, not ${describe(raw)}` });
    return [];
  }
  const seen = new Map<string, number>();
  return raw.map((item, i) => {
    const path = `$.sweep.variations[${i}]`;
    if (!isObject(item)) {
      errors.push({ path, message: `must be an object with "name" and "patch", not ${describe(item)}` });
      return { name: `variation ${i + 1}`, patch: [] };
    }
    for (const key of Object.keys(item))
      if (key !== 'name' && key !== 'patch')
        errors.push({ path: `${path}.${key}`, message: 'is not a variation field (expected "name" and "patch")' });
    let name = `variation ${i + 1}`;
    if (item.name !== undefined) {
      if (typeof item.name !== 'string' || item.name.trim() === '')
        errors.push({ path: `${path}.name`, message: `must be a non-empty string, not ${describe(item.name)}` });
      else name = item.name.trim();
    }
    const first = seen.get(name);
    if (first !== undefined)
      errors.push({
        variation: i,
        name,
        path: `${path}.name`,
        message: `repeats the name of variation ${first}; names must be unique`,
      });
    else seen.set(name, i);
    return { name, patch: readPatch(item.patch, `${path}.patch`, errors) };
  });
}

function readPatch(raw: unknown, path: string, errors: BatchError[]): PatchOperation[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    errors.push({ path, message: `must be an RFC 6902 JSON Patch (a list of operations), not ${describe(raw)}` });
    return [];
  }
  const before = errors.length;
  raw.forEach((op, j) => {
    const at = `${path}[${j}]`;
    if (!isObject(op)) return errors.push({ path: at, message: `must be an operation object, not ${describe(op)}` });
    if (typeof op.op !== 'string' || !OPS.has(op.op))
      return errors.push({
        path: `${at}.op`,
        message: `must be one of ${[...OPS].join(', ')}, not ${describe(op.op)}`,
      });
    const pointerError = checkPointer(op.path);
    if (pointerError) errors.push({ path: `${at}.path`, message: pointerError });
    if ((op.op === 'move' || op.op === 'copy') && checkPointer(op.from))
      errors.push({ path: `${at}.from`, message: checkPointer(op.from)! });
    if ((op.op === 'add' || op.op === 'replace' || op.op === 'test') && !Object.hasOwn(op, 'value'))
      errors.push({ path: `${at}.value`, message: `is required by "${op.op}"` });
  });
  return errors.length > before ? [] : (raw as PatchOperation[]);
}

function readGrid(raw: unknown, errors: BatchError[]): GridAxis[] {
  if (raw === undefined) return [];
  if (!isObject(raw)) {
    errors.push({ path: '$.sweep.grid', message: `must map JSON Pointers to lists of values, not ${describe(raw)}` });
    return [];
  }
  const pointers = Object.keys(raw);
  const axes: GridAxis[] = [];
  for (const pointer of pointers) {
    const path = `$.sweep.grid[${JSON.stringify(pointer)}]`;
    const pointerError = checkPointer(pointer);
    if (pointerError || pointer === '') {
      errors.push({ path, message: pointerError ?? 'must point inside the problem, not at the whole of it' });
      continue;
    }
    const values = raw[pointer];
    if (!Array.isArray(values) || values.length === 0) {
      errors.push({ path, message: `must be a non-empty list of values, not ${describe(values)}` });
      continue;
    }
    axes.push({ pointer, label: '', values });
  }
  const labels = gridLabels(axes.map((a) => a.pointer));
  axes.forEach((axis, a) => (axis.label = labels[a]));
  return axes;
}

/** "replace" where the location exists, "add" where only its parent object does; else why not. */
function gridOperation(problem: unknown, pointer: string, value: unknown): PatchOperation | string {
  const tokens = Pointer.fromJSON(pointer).tokens;
  const parent = new Pointer(tokens.slice(0, -1)).get(problem) as unknown;
  const key = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    if (/^(0|[1-9]\d*)$/.test(key) && Number(key) < parent.length) return { op: 'replace', path: pointer, value };
    return `${pointer} is past the end of a list of ${parent.length}; a grid replaces existing entries only`;
  }
  if (isObject(parent)) return { op: Object.hasOwn(parent, key) ? 'replace' : 'add', path: pointer, value };
  return `${pointer} does not exist in the problem${tokens.length > 1 ? ` (nothing at ${new Pointer(tokens.slice(0, -1)).toString() || '/'})` : ''}`;
}

/**
 * Short readable labels for grid pointers: the last two tokens
 * (`/scenarioModel/drivers/0/approval/EU` -> `approval.EU`), longer where a
 * label would start with a list index or repeat another pointer's.
 */
export function gridLabels(pointers: string[]): string[] {
  // rfc6902 keeps the empty token before the first "/"
  const tokenLists = pointers.map((p) => Pointer.fromJSON(p).tokens.slice(1));
  const label = (tokens: string[], n: number) => tokens.slice(Math.max(0, tokens.length - n)).join('.');
  const lengths = tokenLists.map((tokens) => {
    let n = Math.min(2, tokens.length);
    while (n < tokens.length && /^\d+$/.test(tokens[tokens.length - n])) n++;
    return n;
  });
  for (let changed = true; changed;) {
    changed = false;
    const labels = tokenLists.map((tokens, i) => label(tokens, lengths[i]));
    labels.forEach((l, i) => {
      if (labels.indexOf(l) !== i || labels.lastIndexOf(l) !== i) {
        if (lengths[i] < tokenLists[i].length) {
          lengths[i]++;
          changed = true;
        }
      }
    });
  }
  return tokenLists.map((tokens, i) => label(tokens, lengths[i]));
}

function checkPointer(pointer: unknown): string | null {
  if (typeof pointer !== 'string') return `must be a JSON Pointer string, not ${describe(pointer)}`;
  if (pointer !== '' && !pointer.startsWith('/'))
    return `must be a JSON Pointer ("" or starting with "/"), not ${JSON.stringify(pointer)}`;
  if (/~[^01]|~$/.test(pointer))
    return `has an invalid escape (only ~0 and ~1 are allowed): ${JSON.stringify(pointer)}`;
  const forbidden = Pointer.fromJSON(pointer).tokens.find((t) => FORBIDDEN_TOKENS.has(t));
  if (forbidden !== undefined) return `names "${forbidden}", which is refused (prototype pollution)`;
  return null;
}

function describePatchFailure(op: PatchOperation, failure: Error): string {
  const at = op.op === 'move' || op.op === 'copy' ? `${op.from} -> ${op.path}` : op.path;
  if (failure.name === 'MissingError')
    return `${op.op} ${at}: there is nothing at ${(failure as Error & { path?: string }).path ?? op.path} in the base problem`;
  if (failure.name === 'TestError')
    return `test ${op.path} failed: the base problem has ${JSON.stringify((failure as Error & { actual?: unknown }).actual)} there`;
  return `${op.op} ${at}: ${failure.message}`;
}

function* cartesian(lists: unknown[][]): Generator<unknown[]> {
  if (lists.length === 0) {
    yield [];
    return;
  }
  const [first, ...rest] = lists;
  for (const value of first) for (const tail of cartesian(rest)) yield [value, ...tail];
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return JSON.stringify(value);
}

/** Repeated names get " (2)", " (3)", ... in order. */
function uniqueNames(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; used.has(candidate); n++) candidate = `${name} (${n})`;
    used.add(candidate);
    return candidate;
  });
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

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
