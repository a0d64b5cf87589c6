// The cost-versus-CVaR frontier of MODEL.md section 4, over any executor:
// 1. the end points A (cheapest) and B (safest), lexicographically (A is
//    handed to onCheapestPoint as soon as it is verified);
// 2. N-2 epsilon points between CVaR_A and CVaR_B, split into contiguous runs
//    (one per parallel slot) so each run warm-starts along its part of the grid;
// 3. a repair pass: a point whose CVaR exceeds its cheaper neighbour's at equal
//    expected cost is re-solved lexicographically, so the list is monotone.

import type { Problem, Scenario } from '../domain/problem.js';
import type { InputWarning } from '../domain/warnings.js';
import { summariseScenarios, type ScenarioSummary } from '../model/scenario-summary.js';
import type { LpSize } from '../../solver/lp.js';
import { analyse, runInThread, type AnalysisKind, type AnalysisResult } from '../analysis/vss-evpi.js';
import type { FrontierExecutor, FrontierRun } from './executor.js';
import type { FrontierPoint } from '../model/plan-report.js';
import type { ReportedPoint } from './reported-point.js';
import {
  FrontierSolveError,
  lexTolerance,
  pointOf,
  type FrontierStep,
  type SolveStats,
  type StepOutcome,
} from './steps.js';

export type { ReportedPoint };

export interface FrontierResult {
  status: 'optimal';
  name: string;
  currency: string;
  frontier: ReportedPoint[];
  scenarios: Scenario[];
  scenarioSource: Problem['scenarioSource'];
  /** generated scenarios only: how often each driver fired, and each point's CVaR tail */
  scenarioSummary?: ScenarioSummary;
  risk: Problem['risk'];
  lp: LpSize;
  solver: { backend: string; method: string; workers: number; solves: number; iterations: number; notes?: string[] };
  timings: { totalMs: number; buildMs: number; solveMs: number; analysisMs?: number };
  /** MODEL.md section 9, when asked for */
  analysis?: AnalysisResult;
  /** what the problem probably did not mean (MODEL.md 6.4); [] when nothing */
  warnings: InputWarning[];
}

export interface FrontierOptions {
  /** overrides problem.frontier.points */
  points?: number;
  signal?: AbortSignal;
  /** called as points are solved: how many so far, out of the total */
  onProgress?: (done: number, total: number) => void;
  /**
   * Point A (the cheapest plan, verified) as soon as it is solved, before the
   * rest of the frontier: the plan a planner reads first. Called once.
   */
  onCheapestPoint?: (point: ReportedPoint) => void;
  /** MODEL.md section 9 analyses; overrides problem.analysis (--analysis, ?analysis=) */
  analysis?: AnalysisKind[];
  /** the problem's warnings (prepareProblem), reported with the result */
  warnings?: InputWarning[];
}

/** Two frontier values are "the same" below this relative gap (solver tolerances are ~1e-7). */
const SAME = (a: number, b: number) => Math.abs(a - b) <= 1e-7 * Math.max(1, Math.abs(a), Math.abs(b));

export function epsilonGrid(cvarA: number, cvarB: number, points: number): number[] {
  const out: number[] = [];
  for (let i = 1; i <= points - 2; i++) out.push(cvarA - (i / (points - 1)) * (cvarA - cvarB));
  return out;
}

/**
 * Splits items into at most `parts` contiguous runs, none empty, whose total
 * weights are as near equal as whole items allow (by default every item weighs 1).
 */
export function contiguousRuns<T>(items: T[], parts: number, weight: (index: number) => number = () => 1): T[][] {
  const n = Math.max(1, Math.min(parts, items.length));
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < items.length; i++) cumulative.push((total += weight(i)));
  const runs: T[][] = [];
  let start = 0;
  for (let r = 1; r <= n; r++) {
    let end = items.length;
    if (r < n) {
      // the cut nearest r/n of the weight, leaving an item for each later run
      const target = (r / n) * total;
      end = start + 1;
      while (
        end < items.length - (n - r) &&
        Math.abs(cumulative[end] - target) < Math.abs(cumulative[end - 1] - target)
      )
        end++;
    }
    runs.push(items.slice(start, end));
    start = end;
  }
  return runs.filter((run) => run.length > 0);
}

/**
 * The expected cost of the i-th epsilon step of a sweep from A, relative to
 * the others: it grows towards B, where plans change abruptly. bench/large on
 * 2 workers, since the recourse LPs' own dual simplex: runs of 13/6 steps took
 * 6.1/7.1 s, 15/4 took 7.5/6.2 s and 14/5 (this weight's cut) 8.4/8.1 s on a
 * slower run of the machine. A linear rise (13/6) had balanced best before.
 */
const sweepStepWeight = (i: number) => (i + 1) ** 1.5;

export async function solveFrontier(
  problem: Problem,
  executor: FrontierExecutor,
  options: FrontierOptions = {},
): Promise<FrontierResult> {
  const started = performance.now();
  const points = options.points ?? problem.frontier.points;
  const stats: SolveStats[] = [];
  const collect = (outcomes: StepOutcome[]) => outcomes.forEach((o) => stats.push(...o.solves));

  // Progress counts frontier points: A, each epsilon point and B (B's first half is not one).
  let done = 0;
  const onPoint = () => options.onProgress?.(Math.min(++done, points), points);

  // Phase 1, two runs (in parallel when the executor has room): point A, and min CVaR
  // then B's hold (min E at CVaR_B) on a session of their own. A and min CVaR fix the
  // epsilon grid. B's hold sits here rather than with the sweep: from min CVaR's session
  // it takes 0.2 s on bench/large, from another as long as a sweep step next to B (1-2 s).
  let cheapestSent = false;
  const sendCheapest = (point: FrontierPoint) => {
    if (!cheapestSent) options.onCheapestPoint?.({ ...point, kind: 'cheapest' });
    cheapestSent = true;
  };
  const endOutcomes = await executor.solveRuns(
    [
      { steps: [{ kind: 'cheapest' }], wantWarmStart: true, reportPoints: true },
      { steps: [{ kind: 'min-cvar' }, { kind: 'safest' }], freshSession: true },
    ],
    options.signal,
    (event) => {
      // min CVaR alone is not a frontier point; A and B are
      if (event?.run === 1 && event.step === 0) return;
      onPoint();
      if (event?.run === 0 && event.point) sendCheapest(event.point);
    },
  );
  const [[aOutcome], [minCvar, b]] = endOutcomes.map((r) => r.outcomes);
  collect([aOutcome, minCvar, b]);
  const a = pointOf(aOutcome);
  sendCheapest(a);
  const warmA = endOutcomes[0].warmStart;
  // CVaR_B, the grid's safe end, is the CVaR of a verified plan: the min-CVaR plan's, or
  // where that failed verification, B's own.
  const cvarB = minCvar.point ? pointOf(minCvar).cvar : pointOf(b).cvar;

  const frontier: ReportedPoint[] = [{ ...a, kind: 'cheapest' }];
  // Collapsed when B is no safer than A beyond the lexicographic tolerance (it can come out
  // a hair above A by solver round-off, which is the same point).
  if (a.cvar - cvarB > lexTolerance(a.cvar)) {
    const grid = epsilonGrid(a.cvar, cvarB, points);
    // Phase 2: the epsilon points. Every sweep run starts from A's "min E" basis and
    // tightens the CVaR bound step by step. Measured on bench/medium: the plans change
    // gradually from A and abruptly only next to B, so a sweep from B's side pays one
    // long re-solve (20 s) that a sweep from A does not.
    const steps: FrontierStep[] = grid.map((cvarBound) => ({ kind: 'epsilon' as const, cvarBound }));
    const runs: FrontierRun[] = contiguousRuns(steps, executor.parallelism, sweepStepWeight).map((run) => ({
      steps: run,
      warmStart: warmA,
    }));
    const solved = await executor.solveRuns(runs, options.signal, onPoint);
    solved.forEach((r) => collect(r.outcomes));
    const byStep = new Map<FrontierStep, StepOutcome>();
    runs.forEach((run, r) => run.steps.forEach((step, i) => byStep.set(step, solved[r].outcomes[i])));
    steps.forEach((step, i) => frontier.push({ ...pointOf(byStep.get(step)), kind: 'epsilon', cvarBound: grid[i] }));
    frontier.push({ ...pointOf(b), kind: 'safest' });
    await repairDominated(frontier, executor, options.signal, collect);
  }
  // A collapsed frontier is complete with its one point.
  if (done < points) options.onProgress?.(points, points);

  // MODEL.md section 9: rp is E at point A; the other solves are independent (on the pool where the executor can)
  const kinds = options.analysis ?? problem.analysis ?? [];
  const analysisStarted = performance.now();
  const runner = executor.runAnalysis?.bind(executor) ?? runInThread;
  const analysis = kinds.length
    ? await analyse(problem, kinds, frontier[0].expectedCost, runner, options.signal).catch((error: unknown) => {
        // however a runner noticed it (its own error, a solve ended "interrupted"), a cancel reads as one
        if (options.signal?.aborted) throw new FrontierSolveError('the frontier was cancelled', 'interrupted');
        throw error;
      })
    : undefined;
  const analysisMs = performance.now() - analysisStarted;

  const info = executor.info();
  const solveMs = stats.reduce((s, x) => s + x.ms, 0);
  const methods = [...new Set(stats.map((s) => s.method))];
  const backends = [...new Set(stats.map((s) => s.backend))];
  const notes = [...new Set(stats.flatMap((s) => (s.message ? [s.message] : [])))];
  const scenarioSummary = summariseScenarios(problem, frontier);
  return {
    status: 'optimal',
    name: problem.name,
    currency: problem.currency,
    frontier,
    scenarios: problem.scenarios,
    scenarioSource: problem.scenarioSource,
    ...(scenarioSummary !== undefined ? { scenarioSummary } : {}),
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
    timings: {
      totalMs: performance.now() - started,
      buildMs: info.buildMs,
      solveMs,
      ...(analysis ? { analysisMs } : {}),
    },
    ...(analysis ? { analysis } : {}),
    warnings: options.warnings ?? [],
  };
}

/**
 * After "min E s.t. CVaR <= eps" the optimum can be tied in E with its cheaper
 * neighbour yet carry a higher CVaR (the LP is indifferent); such a point is
 * dominated. Re-solving it as "min CVaR s.t. E <= E_i" restores Pareto order:
 * the neighbour's plan is feasible there, so the new CVaR is no higher.
 */
async function repairDominated(
  frontier: ReportedPoint[],
  executor: FrontierExecutor,
  signal: AbortSignal | undefined,
  collect: (o: StepOutcome[]) => void,
) {
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
      frontier[i] = { ...pointOf(repaired[n]), kind, ...(cvarBound !== undefined ? { cvarBound } : {}) };
    });
  }
}
