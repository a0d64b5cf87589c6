// RFC 6902 JSON Patch for batches: checking a patch and its JSON Pointers as
// given in a batch input (refusing pointers that would reach an object's
// prototype), and applying one to a copy of a document, with a failure worded
// for a planner and the failing operation's position.

import { applyPatch, Pointer, type Operation } from 'rfc6902';
import { describe, isObject, type BatchError } from './batch-errors.js';

export type PatchOperation = Operation;

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

/** A copy of the document with the patch applied; a PatchError names the first operation that does not apply. */
export function patchedCopy(document: unknown, patch: PatchOperation[]): unknown {
  const copy = structuredClone(document);
  const outcomes = applyPatch(copy, patch);
  const failed = outcomes.findIndex((outcome) => outcome !== null);
  if (failed >= 0) throw new PatchError(failed, describePatchFailure(patch[failed], outcomes[failed]!));
  return copy;
}

/** The operations of a patch given at `path` of the batch input; none, with every error reported, if any is malformed. */
export function readPatch(raw: unknown, path: string, errors: BatchError[]): PatchOperation[] {
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

/** Why a value is not a usable JSON Pointer, or null if it is. */
export function checkPointer(pointer: unknown): string | null {
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
