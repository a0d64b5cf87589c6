// What a conformance case asserts about a SolveResult, without a test
// framework (solver/ ships in the build): each check throws a
// ConformanceFailure that says what the back-end got wrong.

import type { LpNumbers } from '../lp.js';
import type { SolveResult, SolveStatus } from '../types.js';

export class ConformanceFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceFailure';
  }
}

/** Relative tolerance on objective values (benders' acceptance is 1e-6 relative). */
export const OBJECTIVE_TOL = 1e-6;
/** Absolute-or-relative tolerance on a row activity or column value against its bound. */
export const FEASIBILITY_TOL = 1e-6;

const close = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

export function expectStatus(result: SolveResult, status: SolveStatus, what: string): void {
  if (result.status !== status)
    throw new ConformanceFailure(
      `${what}: status ${result.status}, expected ${status}${result.message ? ` (${result.message})` : ''}`,
    );
}

export function expectObjective(actual: number, expected: number, what: string): void {
  if (!close(actual, expected, OBJECTIVE_TOL))
    throw new ConformanceFailure(`${what}: objective ${actual}, expected ${expected}`);
}

/** A result that is not optimal carries no solution: objective NaN and an empty x. */
export function expectNoSolution(result: SolveResult, what: string): void {
  if (!Number.isNaN(result.objective) || result.x.length !== 0)
    throw new ConformanceFailure(`${what}: a ${result.status} result must carry no solution (objective NaN, x empty)`);
}

/** Row activities A x, for an LP in CSC form. */
export function rowActivities(lp: LpNumbers, x: Float64Array): Float64Array {
  const activity = new Float64Array(lp.numRows);
  for (let j = 0; j < lp.numCols; j++)
    for (let p = lp.colStart[j]; p < lp.colStart[j + 1]; p++) activity[lp.rowIndex[p]] += lp.value[p] * x[j];
  return activity;
}

/**
 * An optimal result's x satisfies every row and column bound, and its
 * objective is cost.x + offset (the cost and offset the session was last given).
 */
export function expectPrimalFeasible(
  lp: LpNumbers,
  cost: Float64Array,
  offset: number,
  result: SolveResult,
  what: string,
): void {
  expectStatus(result, 'optimal', what);
  if (result.x.length !== lp.numCols)
    throw new ConformanceFailure(`${what}: x has ${result.x.length} values for ${lp.numCols} columns`);
  const within = (v: number, lo: number, hi: number) =>
    v >= lo - FEASIBILITY_TOL * Math.max(1, Math.abs(lo)) && v <= hi + FEASIBILITY_TOL * Math.max(1, Math.abs(hi));
  for (let j = 0; j < lp.numCols; j++)
    if (!within(result.x[j], lp.colLower[j], lp.colUpper[j]))
      throw new ConformanceFailure(
        `${what}: column ${j} = ${result.x[j]} outside its bounds [${lp.colLower[j]}, ${lp.colUpper[j]}]`,
      );
  const activity = rowActivities(lp, result.x);
  for (let i = 0; i < lp.numRows; i++)
    if (!within(activity[i], lp.rowLower[i], lp.rowUpper[i]))
      throw new ConformanceFailure(
        `${what}: row ${i} activity ${activity[i]} outside its bounds [${lp.rowLower[i]}, ${lp.rowUpper[i]}]`,
      );
  let value = offset;
  for (let j = 0; j < lp.numCols; j++) value += cost[j] * result.x[j];
  expectObjective(result.objective, value, `${what} (objective against cost.x + offset)`);
}

/**
 * Duals certify optimality (HiGHS's convention, see SolveResult.duals): the
 * reduced costs are c - A' rowDual, and every dual is complementary to its
 * bound: >= 0 only where the lower bound binds, <= 0 only where the upper does.
 */
export function expectDualCertificate(lp: LpNumbers, cost: Float64Array, result: SolveResult, what: string): void {
  const duals = result.duals;
  if (!duals) throw new ConformanceFailure(`${what}: no duals in an optimal result that asked for them`);
  if (duals.rowDual.length !== lp.numRows || duals.colDual.length !== lp.numCols)
    throw new ConformanceFailure(
      `${what}: ${duals.rowDual.length} row and ${duals.colDual.length} column duals ` +
        `for ${lp.numRows} rows and ${lp.numCols} columns`,
    );
  const scale = Math.max(1, ...Array.from(cost, Math.abs));
  const tol = 1e-6 * scale;
  for (let j = 0; j < lp.numCols; j++) {
    let reduced = cost[j];
    for (let p = lp.colStart[j]; p < lp.colStart[j + 1]; p++) reduced -= lp.value[p] * duals.rowDual[lp.rowIndex[p]];
    if (Math.abs(reduced - duals.colDual[j]) > tol)
      throw new ConformanceFailure(`${what}: column ${j}'s dual ${duals.colDual[j]} is not c - A'y = ${reduced}`);
  }
  const complementary = (kind: string, index: number, dual: number, v: number, lo: number, hi: number) => {
    const atLower = v <= lo + FEASIBILITY_TOL * Math.max(1, Math.abs(lo));
    const atUpper = v >= hi - FEASIBILITY_TOL * Math.max(1, Math.abs(hi));
    if ((dual > tol && !atLower) || (dual < -tol && !atUpper))
      throw new ConformanceFailure(
        `${what}: ${kind} ${index}'s dual ${dual} is not complementary to its value ${v} in [${lo}, ${hi}]`,
      );
  };
  const activity = rowActivities(lp, result.x);
  for (let i = 0; i < lp.numRows; i++)
    complementary('row', i, duals.rowDual[i], activity[i], lp.rowLower[i], lp.rowUpper[i]);
  for (let j = 0; j < lp.numCols; j++)
    complementary('column', j, duals.colDual[j], result.x[j], lp.colLower[j], lp.colUpper[j]);
}
