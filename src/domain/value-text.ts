// How values are written inside validation messages, shared by the zod pass
// (schema-errors.ts) and the semantic checks so both quote alike.

export function quoteAll(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

/** Formats a sum so floating noise (0.9000000000000001) does not hide the real figure. */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}
