// A random sourcing problem's two-stage split with the whole LP's optimum as
// a first-stage point, and plans around it: where the L-shaped pieces (cuts,
// recourse solves) are tested against the recourse LPs themselves.

import { expect } from 'vitest';
import { buildSourcingLp } from '../../src/model/build-sourcing-lp.js';
import { recourseWeights, splitTwoStage, type TwoStageSplit } from '../../solver/benders/split.js';
import { loadHighsRuntime } from '../../solver/highs/runtime.js';
import { getBackend } from '../../solver/registry.js';
import { randomProblemInput } from './random-problem.js';
import { mustParse } from './solve.js';

export async function splitAtOptimum(seed: number) {
  const problem = mustParse(randomProblemInput(seed));
  const { lp } = buildSourcingLp(problem);
  const split = splitTwoStage(lp, recourseWeights(lp, lp.twoStage!));
  const highs = await loadHighsRuntime();
  const session = await getBackend('highs').open(lp);
  const whole = await session.solve();
  session.dispose?.();
  expect(whole.status).toBe('optimal');
  const at = new Float64Array(split.master.numCols);
  split.masterCols.forEach((j, i) => (at[i] = whole.x[j]));
  return { split, highs, at };
}

/** The plan with every first-stage column scaled by each factor, within its bounds (thetas kept). */
export function scaledPlans(split: TwoStageSplit, at: Float64Array, factors: number[]): Float64Array[] {
  const { colLower, colUpper } = split.master;
  return factors.map((f) =>
    at.map((v, i) => (i < split.firstTheta ? Math.min(colUpper[i], Math.max(colLower[i], v * f)) : v)),
  );
}
