// `auto`: javascript-lp-solver for tiny LPs, where it beats HiGHS's per-call
// overhead, HiGHS above the measured crossover, and the L-shaped decomposition
// (benders) for big two-stage LPs. A jsLPSolver solve that times out or fails
// is re-run on HiGHS, and the session stays on HiGHS.

import type { SparseLp } from './lp.js';
import { BendersSession } from './benders/session.js';
import { highsBackend } from './highs/backend.js';
import { jslpBackend } from './jslp/backend.js';
import type { LpSession, SessionOptions, SolveOptions, SolveResult, SolverBackend, WarmStart } from './types.js';

/**
 * Largest LP (columns) that `auto` gives to jsLPSolver. Measured on this
 * 2-core machine type, one cold solve (median of 7) of random sourcing LPs:
 *   2 cols: jslp 0.42 ms, HiGHS 0.95 ms;  22: 0.87 vs 1.30;  38: 2.25 vs 1.37;
 *   55: 5.95 vs 5.50;  123: 26.5 vs 5.2;  171: jslp hung (time limit), HiGHS 4.4.
 * The crossover is between 22 and 38 columns.
 */
export const JSLP_MAX_COLUMNS = 30;
/**
 * Smallest two-stage LP (columns) that `auto` decomposes. Measured (frontier
 * of 11 or 21 points, one session): bench/small at 100 scenarios (11,976
 * columns) whole LP 4.0 s, benders 5.3 s; at 200 (23,776) 18.4 s against
 * 13.1 s; bench/medium (19,777 columns, 100 scenarios, 21 points) 13.8 s
 * against 10.5 s; bench/large (78,577) 216 s against 49 s.
 */
export const BENDERS_FROM_COLUMNS = 15_000;
/** jsLPSolver gets this long on a tiny LP (it needs milliseconds) before `auto` hands it to HiGHS. */
export const JSLP_FALLBACK_SEC = 1;

class AutoSession implements LpSession {
  readonly backend = 'auto';
  private highs: LpSession | null = null;
  private readonly cost: Float64Array;
  private offset: number;
  private readonly bounds = new Map<number, [number, number]>();

  constructor(
    private readonly lp: SparseLp,
    private jslp: LpSession | null,
    private readonly options: SessionOptions,
  ) {
    this.cost = lp.cost.slice();
    this.offset = lp.offset;
  }

  static async open(lp: SparseLp, options: SessionOptions): Promise<AutoSession> {
    const session = new AutoSession(lp, lp.numCols <= JSLP_MAX_COLUMNS ? await jslpBackend.open(lp) : null, options);
    if (!session.jslp) await session.openHighs();
    return session;
  }

  private async openHighs(): Promise<LpSession> {
    if (this.highs) return this.highs;
    const highs = await highsBackend.open(this.lp, this.options);
    highs.setCost(this.cost, this.offset);
    for (const [row, [lo, hi]] of this.bounds) highs.setRowBounds(row, lo, hi);
    this.highs = highs;
    return highs;
  }

  setCost(cost: Float64Array, offset: number): void {
    this.cost.set(cost);
    this.offset = offset;
    (this.jslp ?? this.highs)?.setCost(cost, offset);
  }

  setRowBounds(row: number, lower: number, upper: number): void {
    this.bounds.set(row, [lower, upper]);
    (this.jslp ?? this.highs)?.setRowBounds(row, lower, upper);
  }

  async solve(options: SolveOptions = {}): Promise<SolveResult> {
    // jsLPSolver has no reliable duals: a solve that needs them goes to HiGHS (and stays there).
    if (this.jslp && options.duals) {
      this.jslp.dispose();
      this.jslp = null;
    }
    if (this.jslp) {
      const limit = Math.min(options.timeLimitSec ?? Infinity, this.options.jslpFallbackSec ?? JSLP_FALLBACK_SEC);
      const result = await this.jslp.solve({ ...options, timeLimitSec: limit });
      if (
        result.status === 'optimal' ||
        result.status === 'infeasible' ||
        result.status === 'unbounded' ||
        result.status === 'interrupted'
      )
        return result;
      this.jslp.dispose();
      this.jslp = null;
      const highs = await this.openHighs();
      const rest =
        options.timeLimitSec === undefined ? undefined : Math.max(0.1, options.timeLimitSec - result.ms / 1000);
      const fallback = await highs.solve({ ...options, timeLimitSec: rest });
      return {
        ...fallback,
        ms: fallback.ms + result.ms,
        message: `javascript-lp-solver ${result.status.replace('_', ' ')}; solved with HiGHS`,
      };
    }
    return (await this.openHighs()).solve(options);
  }

  getWarmStart(): WarmStart | null {
    return this.highs?.getWarmStart() ?? null;
  }

  setWarmStart(start: WarmStart): void {
    this.highs?.setWarmStart(start);
  }

  dispose(): void {
    this.jslp?.dispose();
    this.highs?.dispose();
  }
}

export const autoBackend: SolverBackend = {
  name: 'auto',
  // a solve that asks for duals runs on HiGHS (or benders, which has them too)
  supports: { duals: true },
  open: (lp, options = {}) =>
    lp.twoStage && lp.numCols >= BENDERS_FROM_COLUMNS ? BendersSession.open(lp) : AutoSession.open(lp, options),
};
