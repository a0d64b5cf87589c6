// Plain-text tables for the terminal: numbers right-aligned and rounded for
// reading; the same rows go to the JSON results with their full values.

export type Cell = string | number | boolean | null | undefined;
export type Row = Record<string, Cell>;

/** A number as a reader wants it: integers grouped, others to about three significant digits. */
export function formatCell(value: Cell): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toLocaleString('en-US');
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  if (abs === 0) return '0';
  return value.toPrecision(3);
}

export function renderTable(title: string, rows: Row[]): string {
  if (rows.length === 0) return `${title}\n  (no rows)\n`;
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cells = rows.map((row) => columns.map((c) => formatCell(row[c])));
  const numeric = columns.map((c) =>
    rows.every((row) => row[c] === undefined || row[c] === null || typeof row[c] === 'number'),
  );
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]) =>
    '  ' +
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [title, line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), ''].join('\n');
}
