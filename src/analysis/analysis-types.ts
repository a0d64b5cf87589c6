// What the value-of-the-stochastic-model analysis asks and answers (MODEL.md
// section 9), in a file with type-only imports so the explorer page and the
// explanations can use these types without the solver code behind them.

import type { Problem } from '../domain/problem.js';

export const ANALYSIS_KINDS = ['vss', 'evpi'] as const;
export type AnalysisKind = (typeof ANALYSIS_KINDS)[number];

export interface AnalysisResult {
  /** E at point A (the recourse problem's optimum) */
  rp: number;
  ev?: number;
  eev?: number | null;
  vss?: number | null;
  ws?: number;
  evpi?: number;
  notes: string[];
}

/** One independent solve of the analysis (what a worker gets). */
export type AnalysisTask =
  | { kind: 'ev' }
  | { kind: 'ws'; scenario: number }
  | { kind: 'eev'; ev: number }
  | { kind: 'ev-plan-in'; scenario: number };

export interface TaskOutcome {
  /** the optimum, or null when the LP is infeasible */
  objective: number | null;
}

/**
 * Runs tasks (in any order, in parallel where it can) and returns their
 * outcomes in task order. Once `signal` fires it starts no more tasks, stops
 * those under way and rejects.
 */
export type AnalysisRunner = (problem: Problem, tasks: AnalysisTask[], signal?: AbortSignal) => Promise<TaskOutcome[]>;
