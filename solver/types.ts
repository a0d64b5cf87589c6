// The back-end interface every solver adapter implements (in the spirit of
// MathOptInterface): a session owns one loaded LP, lets the caller change the
// objective and row bounds between solves, and may carry a warm start.

import type { SparseLp } from './lp.js';

export type SolveStatus = 'optimal' | 'infeasible' | 'unbounded' | 'time_limit' | 'interrupted' | 'error';

export interface SolveResult {
  status: SolveStatus;
  /** objective value including the offset; NaN unless optimal */
  objective: number;
  /** primal column values (length numCols); empty unless optimal */
  x: Float64Array;
  iterations: number;
  ms: number;
  /** the back-end that produced this result ('auto' reports the one it used) */
  backend: string;
  method: string;
  message?: string;
  /**
   * Present when the solve was optimal and asked for `duals`: HiGHS's sign
   * convention, d objective / d bound. rowDual[i] is the change of the optimum
   * per unit raise of row i's binding bound (<= 0 for a binding upper bound of
   * a minimisation); colDual[j] the reduced cost c_j - A_j' rowDual, likewise
   * the rate for column j's binding bound.
   */
  duals?: { rowDual: Float64Array; colDual: Float64Array };
}

export interface SolveOptions {
  /** wall-clock limit for this one solve */
  timeLimitSec?: number;
  /** polled during the solve; returning true stops it with status 'interrupted' */
  shouldStop?: () => boolean;
  /**
   * The LP changed so much that the current basis is a poor start (a new
   * objective with every budget released): solve as on a cold start.
   */
  fresh?: boolean;
  /** run the back-end's presolve (default: its own choice) */
  presolve?: boolean;
  /**
   * the last optimum still satisfies every constraint (only the objective or a held
   * bound changed): primal simplex fits
   */
  primalFeasibleStart?: boolean;
  /**
   * Return a dual optimal solution with the result (row duals and reduced
   * costs). Off by default, so solves that do not need them pay nothing; a
   * back-end without reliable duals (jslp) refuses with a SolverError.
   */
  duals?: boolean;
}

export type LpMethod = 'auto' | 'simplex' | 'ipm';

export interface SessionOptions {
  method?: LpMethod;
  /** `auto` only: how long jsLPSolver may take on a small LP before HiGHS takes over */
  jslpFallbackSec?: number;
}

/** Opaque warm-start data, only meaningful to the back-end that produced it. */
export type WarmStart = BasisWarmStart | CutsWarmStart;

/** A simplex basis (HiGHS). */
export interface BasisWarmStart {
  backend: 'highs';
  colStatus: Int32Array;
  rowStatus: Int32Array;
}

/**
 * The cuts a decomposition learnt (benders): valid whatever the objective and
 * budgets, so another session of the same LP can start with them. Cut i is a
 * master row lower[i] <= a.x <= upper[i] with entries start[i]..start[i+1]-1
 * over master columns; id[i] tells copies of one cut apart.
 */
export interface CutsWarmStart {
  backend: 'benders';
  /**
   * Where the cuts came from, for duals (see benders/duals.ts): cut i was
   * derived from scenario block[i]'s recourse LP with row duals given sparsely
   * at dualStart[i]..dualStart[i+1]-1 (local rows dualIndex, values dualValue).
   */
  origin?: { block: Int32Array; dualStart: Int32Array; dualIndex: Int32Array; dualValue: Float64Array };
  id: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  start: Int32Array;
  index: Int32Array;
  value: Float64Array;
}

export interface LpSession {
  readonly backend: string;
  setCost(cost: Float64Array, offset: number): void;
  setRowBounds(row: number, lower: number, upper: number): void;
  solve(options?: SolveOptions): Promise<SolveResult>;
  /** the basis of the last optimal solve, if the back-end has one */
  getWarmStart(): WarmStart | null;
  setWarmStart(start: WarmStart): void;
  dispose(): void;
}

export interface SolverBackend {
  readonly name: string;
  /** what the back-end offers beyond the core contract (the conformance suite tests what it declares) */
  readonly supports?: { duals?: boolean };
  open(lp: SparseLp, options?: SessionOptions): Promise<LpSession>;
}

export class SolverError extends Error {
  constructor(
    message: string,
    readonly status?: SolveStatus,
  ) {
    super(message);
    this.name = 'SolverError';
  }
}
