// A section's output: printed as it is produced (a full run takes a while)
// and kept for the JSON results file.

import { renderTable, type Row } from './table.js';

export interface TableResult {
  title: string;
  rows: Row[];
}

export class SectionReport {
  readonly tables: TableResult[] = [];
  readonly notes: string[] = [];

  constructor(readonly title: string) {}

  table(title: string, rows: Row[]): void {
    this.tables.push({ title, rows });
    console.log(renderTable(title, rows));
  }

  note(text: string): void {
    this.notes.push(text);
    console.log(text);
  }
}
