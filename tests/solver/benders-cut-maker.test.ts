// The L-shaped method's optimality cuts are supporting hyperplanes of each
// scenario's recourse cost Q_k: a cut made at x_hat equals Q_k(x_hat) there
// and lies below Q_k at any other plan. Checked against the recourse LPs
// themselves, solved at a second plan, on a random two-stage problem.

import { describe, expect, it } from 'vitest';
import { CutMaker, type MadeCut } from '../../solver/benders/cut-maker.js';
import { RecourseModels } from '../../solver/benders/recourse-models.js';
import type { TwoStageSplit } from '../../solver/benders/split.js';
import { scaledPlans, splitAtOptimum } from '../helpers/two-stage.js';

/** The least theta_k the cut row allows at master point x (theta stored less its floor, as in the master). */
function thetaBound(cut: MadeCut, split: TwoStageSplit, k: number, x: Float64Array): number {
  const thetaCol = split.firstTheta + k;
  let rest = 0;
  let thetaCoef = 0;
  cut.indices.forEach((c, i) => {
    if (c === thetaCol) thetaCoef = cut.values[i];
    else rest += cut.values[i] * x[c];
  });
  return (cut.lower - rest) / thetaCoef + split.recourse[k].costFloor;
}

describe('CutMaker', () => {
  it('makes cuts tight at their point and below Q_k elsewhere, and none where theta already prices Q_k', async () => {
    const { split, highs, at } = await splitAtOptimum(7);
    const models = new RecourseModels(highs, split.recourse);
    const maker = new CutMaker(split, highs.infinity);
    try {
      // The whole LP's optimum, and plans around it: every order 1% and 50% lower and higher
      // (within its bounds). Near the optimum Q_k is often linear, so a cut of the wrong slope shows.
      const others = scaledPlans(split, at, [0.5, 0.99, 1.01, 1.5]);

      const solveAt = (k: number, x: Float64Array) => {
        const { rowLower, rowUpper } = split.recourse[k].lp;
        const outcome = models.solve(k, x, rowLower, rowUpper, false);
        return { outcome, ...models.solution(k) };
      };
      let compared = 0;
      for (let k = 0; k < split.recourse.length; k++) {
        const here = solveAt(k, at);
        expect(here.outcome.status).toBe('optimal');
        const cut = maker.make(k, at, here.objective, new Float64Array(here.rowDual), false)!;
        const scale = Math.max(1, Math.abs(here.objective));
        expect(Math.abs(thetaBound(cut, split, k, at) - here.objective) / scale).toBeLessThan(1e-9);

        for (const other of others) {
          const there = solveAt(k, other);
          if (there.outcome.status !== 'optimal') continue;
          expect(thetaBound(cut, split, k, other)).toBeLessThanOrEqual(there.objective + 1e-7 * scale);
          compared++;
        }

        // A master plan whose theta_k already equals Q_k needs no cut; one far below it does.
        const plan = at.slice();
        plan[split.firstTheta + k] = here.objective - split.recourse[k].costFloor;
        expect(maker.make(k, at, here.objective, new Float64Array(here.rowDual), false, plan)).toBeNull();
        plan[split.firstTheta + k] -= 0.01 * scale;
        expect(maker.make(k, at, here.objective, new Float64Array(here.rowDual), false, plan)).not.toBeNull();
      }
      expect(compared).toBeGreaterThan(2 * split.recourse.length);
    } finally {
      models.dispose();
    }
  });
});
