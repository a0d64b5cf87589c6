// Where the recourse LPs are solved: a scenario's first solve by the own dual
// simplex from the basis of a scenario with the same costs (else on HiGHS),
// its later ones from its own last basis, and a solve the dual simplex gives
// up on handed to HiGHS. Each answer is compared
// with HiGHS solving the same LP in a model of its own.

import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildSourcingLp } from '../../src/model/build-sourcing-lp.js';
import { RecourseModels } from '../../solver/benders/recourse-models.js';
import { recourseWeights, splitTwoStage, type TwoStageSplit } from '../../solver/benders/split.js';
import { BoundedDualSimplex } from '../../solver/dual-simplex/bounded-dual-simplex.js';
import { loadHighsRuntime } from '../../solver/highs/runtime.js';
import { mustParse } from '../helpers/solve.js';
import { scaledPlans, splitAtOptimum } from '../helpers/two-stage.js';

async function setUp(seed: number) {
  const { split, highs, at } = await splitAtOptimum(seed);
  return { split, highs, plans: scaledPlans(split, at, [1, 0.5, 0.9, 1.1, 1.5, 0.7]) };
}

/** Scenario k at plan x, on a fresh RecourseModels (so HiGHS's, its first solve). */
function reference(
  highs: Awaited<ReturnType<typeof loadHighsRuntime>>,
  split: TwoStageSplit,
  k: number,
  x: Float64Array,
) {
  const models = new RecourseModels(highs, split.recourse);
  try {
    const { rowLower, rowUpper } = split.recourse[k].lp;
    const outcome = models.solve(k, x, rowLower, rowUpper, false);
    return { status: outcome.status, objective: outcome.status === 'optimal' ? models.solution(k).objective : NaN };
  } finally {
    models.dispose();
  }
}

describe('RecourseModels', () => {
  afterEach(() => vi.restoreAllMocks());

  it('answers a scenario after its first solve from the own dual simplex, as HiGHS does', async () => {
    for (const seed of [7, 21]) {
      const { split, highs, plans } = await setUp(seed);
      const models = new RecourseModels(highs, split.recourse);
      try {
        let compared = 0;
        for (const x of plans) {
          for (let k = 0; k < split.recourse.length; k++) {
            const { rowLower, rowUpper } = split.recourse[k].lp;
            const outcome = models.solve(k, x, rowLower, rowUpper, false);
            const expected = reference(highs, split, k, x);
            expect(outcome.status).toBe(expected.status);
            if (outcome.status !== 'optimal') continue;
            const { objective } = models.solution(k);
            expect(Math.abs(objective - expected.objective)).toBeLessThanOrEqual(
              1e-9 * Math.max(1, Math.abs(expected.objective)),
            );
            compared++;
          }
        }
        // the first plan's solves were HiGHS's, the rest the dual simplex's, none handed over
        // only first solves were HiGHS's (at most one a scenario), none handed over
        expect(models.counts.own).toBeGreaterThanOrEqual(compared - split.recourse.length);
        expect(models.counts.handedOver).toBe(0);
        expect(compared).toBeGreaterThan(4 * split.recourse.length);
      } finally {
        models.dispose();
      }
    }
  });

  it("starts a scenario's first solve from another's basis where their costs and bounds agree", async () => {
    const problem = mustParse(
      JSON.parse(readFileSync(new URL('../../fixtures/bench/small.json', import.meta.url), 'utf8')),
    );
    const { lp } = buildSourcingLp(problem);
    const split = splitTwoStage(lp, recourseWeights(lp, lp.twoStage!));
    const highs = await loadHighsRuntime();
    const models = new RecourseModels(highs, split.recourse);
    try {
      const x = new Float64Array(split.master.numCols); // no orders: every scenario buys on the spot market
      for (let k = 0; k < split.recourse.length; k++) {
        const { rowLower, rowUpper } = split.recourse[k].lp;
        const outcome = models.solve(k, x, rowLower, rowUpper, false);
        const expected = reference(highs, split, k, x);
        expect(outcome.status).toBe(expected.status);
        const { objective } = models.solution(k);
        expect(Math.abs(objective - expected.objective)).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(expected.objective)),
        );
      }
      // bench/small's 20 scenarios share their costs and bounds: HiGHS solved the first alone
      expect(models.counts).toEqual({ own: split.recourse.length - 1, handedOver: 0 });
    } finally {
      models.dispose();
    }
  });

  it('hands a solve the dual simplex gives up on to HiGHS, with the same answer', async () => {
    const { split, highs, plans } = await setUp(7);
    const models = new RecourseModels(highs, split.recourse);
    try {
      const K = split.recourse.length;
      const solveAll = (x: Float64Array) =>
        split.recourse.map(({ lp }, k) => {
          const outcome = models.solve(k, x, lp.rowLower, lp.rowUpper, false);
          return outcome.status === 'optimal' ? models.solution(k).objective : NaN;
        });
      solveAll(plans[0]);
      const before = { ...models.counts };
      const giveUp = vi.spyOn(BoundedDualSimplex.prototype, 'solve').mockReturnValue('failed');
      const objectives = solveAll(plans[1]);
      expect(giveUp).toHaveBeenCalledTimes(K);
      expect(models.counts).toEqual({ own: before.own, handedOver: before.handedOver + K });
      objectives.forEach((objective, k) => {
        const expected = reference(highs, split, k, plans[1]);
        if (expected.status !== 'optimal') return;
        expect(Math.abs(objective - expected.objective)).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(expected.objective)),
        );
      });
      // and the dual simplex takes up the next solves again, from HiGHS's bases
      giveUp.mockRestore();
      solveAll(plans[2]);
      expect(models.counts.own).toBe(before.own + K);
    } finally {
      models.dispose();
    }
  });
});
