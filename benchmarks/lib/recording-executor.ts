// Wraps any FrontierExecutor and keeps every step's solves (time, simplex/IPM
// iterations, method), so a slow frontier can say where its time went.

import type { FrontierExecutor, FrontierRun, OnStep, RunOutcome } from '../../src/frontier/executor.js';
import type { FrontierStep, SolveStats } from '../../src/frontier/steps.js';

export interface StepRecord {
  /** which solveRuns call (0: end points, 1: epsilon sweep, 2+: repairs) */
  phase: number;
  /** which run within the phase (one per parallel slot) */
  run: number;
  kind: FrontierStep['kind'];
  cvarBound?: number;
  solves: SolveStats[];
}

export class RecordingExecutor implements FrontierExecutor {
  readonly steps: StepRecord[] = [];
  private phase = 0;

  constructor(private readonly inner: FrontierExecutor) {}

  get parallelism(): number {
    return this.inner.parallelism;
  }

  async solveRuns(runs: FrontierRun[], signal?: AbortSignal, onStep?: OnStep): Promise<RunOutcome[]> {
    const phase = this.phase++;
    const outcomes = await this.inner.solveRuns(runs, signal, onStep);
    runs.forEach((run, r) =>
      run.steps.forEach((step, i) => {
        this.steps.push({
          phase,
          run: r,
          kind: step.kind,
          ...('cvarBound' in step ? { cvarBound: step.cvarBound } : {}),
          solves: outcomes[r].outcomes[i].solves,
        });
      }),
    );
    return outcomes;
  }

  info() {
    return this.inner.info();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

type PointKind = Exclude<FrontierStep['kind'], 'min-cvar'>;

/** Point B's steps: its min-CVaR half (phase 1) and its hold (phase 2). */
export const isPointB = (s: StepRecord) => s.kind === 'safest' || s.kind === 'min-cvar';

/** Solver ms by kind of step: end point A, end point B (both its halves), the epsilon sweep, repairs. */
export function timeByKind(steps: StepRecord[]): Record<PointKind, number> {
  const out: Record<PointKind, number> = { cheapest: 0, safest: 0, epsilon: 0, tighten: 0 };
  for (const s of steps) out[s.kind === 'min-cvar' ? 'safest' : s.kind] += s.solves.reduce((a, x) => a + x.ms, 0);
  return out;
}

/** Solver time on the critical path: per phase, the slowest run (runs of a phase go in parallel on a pool). */
export function criticalPathMs(steps: StepRecord[]): number {
  const byRun = new Map<string, number>();
  for (const s of steps)
    byRun.set(`${s.phase}/${s.run}`, (byRun.get(`${s.phase}/${s.run}`) ?? 0) + s.solves.reduce((a, x) => a + x.ms, 0));
  const byPhase = new Map<number, number>();
  for (const [key, ms] of byRun) {
    const phase = Number(key.split('/')[0]);
    byPhase.set(phase, Math.max(byPhase.get(phase) ?? 0, ms));
  }
  return [...byPhase.values()].reduce((a, b) => a + b, 0);
}
