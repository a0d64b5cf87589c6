// What is wrong with a batch input (BatchError), and the two helpers every
// reader of raw batch input (expand.ts, json-patch.ts, sweep-*.ts) shares to
// check a value's shape and to word it in a message.

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

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
