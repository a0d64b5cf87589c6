// The cost-versus-CVaR frontier of MODEL.md section 4, over any executor:
// 1. the end points A (cheapest) and B (safest), lexicographically;
// 2. N-2 epsilon points between CVaR_A and CVaR_B, split into contiguous runs
//    (one per parallel slot) so each run warm-starts along its part of the grid;
// 3. a repair pass: a point whose CVaR exceeds its cheaper neighbour's at equal
//    expected cost is re-solved lexicographically, so the list is monotone.

import type { Problem, Scenario } from '../domain/problem.js';
import type { FrontierPoint } from '../model/plan-report.js';
import type { LpSize } from '../model/sparse-lp.js';
import type { FrontierExecutor } from './executor.js';
import { lexTolerance, type FrontierStep, type SolveStats, type StepOutcome } from './steps.js';

export interface ReportedPoint extends FrontierPoint {
  /** extra: which step produced it */
  kind: 'cheapest' | 'safest' | 'epsilon';
  /** extra: the CVaR bound of an epsilon point */
  cvarBound?: number;
}

export interface FrontierResult {
  status: 'optimal';
  name: string;
  currency: string;
  frontier: ReportedPoint[];
  scenarios: Scenario[];
  scenarioSource: Problem['scenarioSource'];
  risk: Problem['risk'];
  lp: LpSize;
  solver: { backend: string; method: string; workers: number; solves: number; iterations: number; notes?: string[] };
  timings: { totalMs: number; buildMs: number; solveMs: number };
}

export interface FrontierOptions {
  /** overrides problem.frontier.points */
  points?: number;
  signal?: AbortSignal;
  /** called after each phase with points solved so far out of the total */
  onProgress?: (done: number, total: number) => void;
}

/** Two frontier values are "the same" below this relative gap (solver tolerances are ~1e-7). */
const SAME = (a: number, b: number) => Math.abs(a - b) <= 1e-7 * Math.max(1, Math.abs(a), Math.abs(b));

export function epsilonGrid(cvarA: number, cvarB: number, points: number): number[] {
  const out: number[] = [];
  for (let i = 1; i <= points - 2; i++) out.push(cvarA - (i / (points - 1)) * (cvarA - cvarB));
  return out;
}

/** Splits items into `parts` contiguous runs of near-equal length, none empty. */
export function contiguousRuns<T>(items: T[], parts: number): T[][] {
  const n = Math.max(1, Math.min(parts, items.length));
  const runs: T[][] = [];
  for (let r = 0; r < n; r++) runs.push(items.slice(Math.floor((r * items.length) / n), Math.floor(((r + 1) * items.length) / n)));
  return runs.filter((run) => run.length > 0);
}

export async function solveFrontier(problem: Problem, executor: FrontierExecutor, options: FrontierOptions = {}): Promise<FrontierResult> {
  const started = performance.now();
  const points = options.points ?? problem.frontier.points;
  const stats: SolveStats[] = [];
  const collect = (outcomes: StepOutcome[]) => outcomes.forEach((o) => stats.push(...o.solves));

  // End points: in parallel when there is room, else one warm run A -> B.
  const endRuns: FrontierStep[][] = executor.parallelism > 1 ? [[{ kind: 'cheapest' }], [{ kind: 'safest' }]] : [[{ kind: 'cheapest' }, { kind: 'safest' }]];
  const ends = (await executor.solveRuns(endRuns, options.signal)).flat();
  collect(ends);
  const [a, b] = ends.map((o) => o.point);
  options.onProgress?.(2, points);

  const frontier: ReportedPoint[] = [{ ...a, kind: 'cheapest' }];
  // Collapsed when B is no safer than A beyond the lexicographic tolerance (it can come out
  // a hair above A by solver round-off, which is the same point).
  if (a.cvar - b.cvar > lexTolerance(a.cvar)) {
    const grid = epsilonGrid(a.cvar, b.cvar, points);
    // A single warm session sweeps from B's basis towards A, the way it already stands.
    const steps = grid.map((cvarBound) => ({ kind: 'epsilon' as const, cvarBound }));
    const runs = executor.parallelism > 1 ? contiguousRuns(steps, executor.parallelism) : [steps.slice().reverse()];
    const solved = await executor.solveRuns(runs, options.signal);
    solved.forEach(collect);
    const byBound = new Map<number, StepOutcome>();
    runs.forEach((run, r) => run.forEach((step, i) => byBound.set(step.cvarBound, solved[r][i])));
    for (const cvarBound of grid) frontier.push({ ...byBound.get(cvarBound)!.point, kind: 'epsilon', cvarBound });
    frontier.push({ ...b, kind: 'safest' });
    await repairDominated(frontier, executor, options.signal, collect);
  }
  options.onProgress?.(points, points);

  const info = executor.info();
  const solveMs = stats.reduce((s, x) => s + x.ms, 0);
  const methods = [...new Set(stats.map((s) => s.method))];
  const backends = [...new Set(stats.map((s) => s.backend))];
  const notes = [...new Set(stats.flatMap((s) => (s.message ? [s.message] : [])))];
  return {
    status: 'optimal',
    name: problem.name,
    currency: problem.currency,
    frontier,
    scenarios: problem.scenarios,
    scenarioSource: problem.scenarioSource,
    risk: problem.risk,
    lp: info.lp,
    solver: {
      backend: backends.join('+'),
      method: methods.join('+'),
      workers: info.workers,
      solves: stats.length,
      iterations: stats.reduce((s, x) => s + x.iterations, 0),
      ...(notes.length ? { notes } : {}),
    },
    timings: { totalMs: performance.now() - started, buildMs: info.buildMs, solveMs },
  };
}

/**
 * After "min E s.t. CVaR <= eps" the optimum can be tied in E with its cheaper
 * neighbour yet carry a higher CVaR (the LP is indifferent); such a point is
 * dominated. Re-solving it as "min CVaR s.t. E <= E_i" restores Pareto order:
 * the neighbour's plan is feasible there, so the new CVaR is no higher.
 */
async function repairDominated(frontier: ReportedPoint[], executor: FrontierExecutor, signal: AbortSignal | undefined, collect: (o: StepOutcome[]) => void) {
  // A repaired point has a lower CVaR, which can expose its successor; a few rounds settle it.
  for (let round = 0; round < 3; round++) {
    const dominated: number[] = [];
    for (let i = 1; i < frontier.length; i++) {
      if (frontier[i].cvar > frontier[i - 1].cvar && !SAME(frontier[i].cvar, frontier[i - 1].cvar)) dominated.push(i);
    }
    if (dominated.length === 0) return;
    const steps: FrontierStep[] = dominated.map((i) => ({
      kind: 'tighten',
      expectedBound: frontier[i].expectedCost + lexTolerance(frontier[i].expectedCost),
      cvarBound: frontier[i].cvarBound ?? frontier[i].cvar,
    }));
    const [repaired] = await executor.solveRuns([steps], signal);
    collect(repaired);
    dominated.forEach((i, n) => {
      const { kind, cvarBound } = frontier[i];
      frontier[i] = { ...repaired[n].point, kind, ...(cvarBound !== undefined ? { cvarBound } : {}) };
    });
  }
}
