// What an expanded batch is: its documents and the variations they stand
// for, each named uniquely, and materialise(), which rebuilds a variation's
// problem from them.
//
// A variation is kept as "base document + RFC 6902 operations", not as a
// patched copy: a 1000-point sweep of a large problem stores one problem and
// 1000 short patches, and materialise() rebuilds any variation on demand.

import { PatchError, patchedCopy, type PatchOperation } from './json-patch.js';

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

/** The problem a variation stands for: its document, copied, with its patch applied. */
export function materialise(documents: readonly unknown[], variation: Pick<Variation, 'document' | 'patch'>): unknown {
  const document = documents[variation.document];
  if (document === undefined) throw new PatchError(0, `the batch has no document ${variation.document}`);
  return patchedCopy(document, variation.patch);
}

/** A batch of problems given one by one (the CLI's directory of files), named by the caller. */
export function batchOfProblems(problems: unknown[], names: string[]): ExpandedBatch {
  const unique = uniqueNames(names);
  return {
    documents: problems,
    variations: problems.map((_, i) => ({ index: i, name: unique[i], document: i, patch: [] })),
  };
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
