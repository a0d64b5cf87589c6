// runConformance(backend, { exclude }): every conformance case on one
// back-end, each excluded case named with the reason it cannot be met.
// Adding a back-end is one registry entry and a green run of this suite.

import type { SolverBackend } from '../types.js';
import { conformanceCases, type CaseName, type ConformanceCase } from './cases.js';

export interface ConformanceOptions {
  /** cases the back-end cannot meet, each with the reason */
  exclude?: Partial<Record<CaseName, string>>;
}

export interface ConformanceReport {
  backend: string;
  passed: CaseName[];
  failed: { name: CaseName; error: Error }[];
  excluded: { name: CaseName; reason: string }[];
}

/** The cases to run on a back-end and the excluded ones with their reasons. */
export function planConformance(options: ConformanceOptions = {}): {
  run: ConformanceCase[];
  excluded: { name: CaseName; reason: string }[];
} {
  const exclude = options.exclude ?? {};
  for (const name of Object.keys(exclude))
    if (!conformanceCases.some((c) => c.name === name)) throw new Error(`no conformance case is called "${name}"`);
  return {
    run: conformanceCases.filter((c) => exclude[c.name] === undefined),
    excluded: conformanceCases.flatMap((c) => {
      const reason = exclude[c.name];
      return reason === undefined ? [] : [{ name: c.name, reason }];
    }),
  };
}

export async function runConformance(
  backend: SolverBackend,
  options: ConformanceOptions = {},
): Promise<ConformanceReport> {
  const { run, excluded } = planConformance(options);
  const report: ConformanceReport = { backend: backend.name, passed: [], failed: [], excluded };
  for (const c of run) {
    try {
      await c.run(backend);
      report.passed.push(c.name);
    } catch (error) {
      report.failed.push({ name: c.name, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }
  return report;
}
