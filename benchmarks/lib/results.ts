// The results file: benchmarks/results/<iso-date>-<quick|full>.json, with the
// machine it ran on, every table (full-precision values) and the targets.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchFlags, Shared } from './context.js';
import type { MachineInfo } from './machine.js';
import type { TableResult } from './report.js';
import type { TargetLine } from './targets.js';

export interface SectionResult {
  title: string;
  ms: number;
  tables: TableResult[];
  notes: string[];
  error?: string;
}

export interface BenchResults {
  suite: 'lodestone-bench';
  flags: BenchFlags;
  startedAt: string;
  durationMs: number;
  machine: MachineInfo;
  loadAverageAtEnd: number[];
  sections: Record<string, SectionResult>;
  targets: TargetLine[];
  /** per-step solves of every frontier measured, for where the time went */
  frontierSteps: Record<string, unknown>;
}

export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

export function frontierSteps(shared: Shared): Record<string, unknown> {
  return Object.fromEntries([...shared.frontiers].map(([key, f]) => [key, f.steps]));
}

export function writeResults(results: BenchResults, dir = RESULTS_DIR): string {
  mkdirSync(dir, { recursive: true });
  // ISO time without the colons, which some file systems refuse.
  const stamp = results.startedAt.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const file = join(dir, `${stamp}-${results.flags.mode}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  return file;
}
