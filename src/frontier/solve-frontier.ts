// The cost-versus-CVaR frontier of MODEL.md section 4, over any executor:
// 1. the end points A (cheapest) and B (safest), lexicographically;
// 2. N-2 epsilon points between CVaR_A and CVaR_B, split into contiguous runs
//    (one per parallel slot) so each run warm-starts along its part of the grid;
// 3. a repair pass: a point whose CVaR exceeds its cheaper neighbour's at equal
//    expected cost is re-solved lexicographically, so the list is monotone.

import type { Problem, Scenario } from '../domain/problem.js';
import type { FrontierPoint } from '../model/plan-report.js';
import type { LpSize } from '../model/sparse-lp.js';
import type { FrontierExecutor, FrontierRun } from './executor.js';
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
  /** called as points are solved: how many so far, out of the total */
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

  // End points: two runs, in parallel when the executor has room; B on a session of its own.
  const endRuns: FrontierRun[] = [{ steps: [{ kind: 'cheapest' }], wantWarmStart: true }, { steps: [{ kind: 'safest' }], freshSession: true }];
  let done = 0;
  const onStep = () => options.onProgress?.(Math.min(++done, points), points);
  const endOutcomes = await executor.solveRuns(endRuns, options.signal, onStep);
  const ends = endOutcomes.flatMap((r) => r.outcomes);
  collect(ends);
  const [a, b] = ends.map((o) => o.point);
  const warmA = endOutcomes[0].warmStart;

  const frontier: ReportedPoint[] = [{ ...a, kind: 'cheapest' }];
  // Collapsed when B is no safer than A beyond the lexicographic tolerance (it can come out
  // a hair above A by solver round-off, which is the same point).
  if (a.cvar - b.cvar > lexTolerance(a.cvar)) {
    const grid = epsilonGrid(a.cvar, b.cvar, points);
    // Every run starts from A's "min E" basis and tightens the CVaR bound step by step. Measured on
    // bench/medium: the plans change gradually from A and abruptly only next to B, so a
    // sweep from B's side pays one long re-solve (20 s) that a sweep from A does not.
    const steps = grid.map((cvarBound) => ({ kind: 'epsilon' as const, cvarBound }));
    const runs: FrontierRun[] = contiguousRuns(steps, executor.parallelism).map((run) => ({ steps: run, warmStart: warmA }));
    const solved = await executor.solveRuns(runs, options.signal, onStep);
    solved.forEach((r) => collect(r.outcomes));
    const byBound = new Map<number, StepOutcome>();
    runs.forEach((run, r) => run.steps.forEach((step, i) => byBound.set((step as { cvarBound: number }).cvarBound, solved[r].outcomes[i])));
    for (const cvarBound of grid) frontier.push({ ...byBound.get(cvarBound)!.point, kind: 'epsilon', cvarBound });
    frontier.push({ ...b, kind: 'safest' });
    await repairDominated(frontier, executor, options.signal, collect);
  }
  if (frontier.length === 1) options.onProgress?.(points, points);

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
    const [{ outcomes: repaired }] = await executor.solveRuns([{ steps }], signal);
    collect(repaired);
    dominated.forEach((i, n) => {
      const { kind, cvarBound } = frontier[i];
      frontier[i] = { ...repaired[n].point, kind, ...(cvarBound !== undefined ? { cvarBound } : {}) };
    });
  }
}
