// The acceptance criteria of MODEL.md section 4 on random small problems:
// E_A, CVaR_B and E at every interior epsilon agree to 1e-6 relative between
// the two back-ends and with an independent naive formulation; the frontier
// is ordered and monotone; every reported number comes from a verified plan.

import { describe, expect, it } from 'vitest';
import { findViolations } from '../../src/model/verify-plan.js';
import { solveReference } from '../helpers/reference-lp.js';
import { randomProblemInput } from '../helpers/random-problem.js';
import { expectRel, frontierOf, mustParse } from '../helpers/solve.js';

const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);
const monotoneTol = (v: number) => 1e-6 * Math.max(1, Math.abs(v));

describe('random problems', () => {
  it.each(SEEDS)(
    'seed %i: highs, jslp and the naive reference formulation agree; the frontier is monotone',
    async (seed) => {
      const problem = mustParse(randomProblemInput(seed));
      const highs = await frontierOf(problem, 'highs');
      const jslp = await frontierOf(problem, 'jslp');

      const a = highs.frontier[0];
      const b = highs.frontier[highs.frontier.length - 1];
      expectRel(jslp.frontier[0].expectedCost, a.expectedCost);
      expectRel(jslp.frontier[jslp.frontier.length - 1].cvar, b.cvar);
      expectRel((await solveReference(problem, { minimise: 'E' })).value, a.expectedCost);
      expectRel((await solveReference(problem, { minimise: 'CVaR' })).value, b.cvar);

      expect(jslp.frontier.length).toBe(highs.frontier.length);
      for (const [i, point] of highs.frontier.entries()) {
        if (point.kind !== 'epsilon') continue;
        // E at each interior eps: the other back-end, and the reference LP, at the same bound
        expectRel(jslp.frontier[i].expectedCost, point.expectedCost, 1e-6);
        expectRel(
          (await solveReference(problem, { minimise: 'E', maxCVaR: point.cvarBound })).value,
          point.expectedCost,
        );
        expect(point.cvar).toBeLessThanOrEqual(point.cvarBound! + monotoneTol(point.cvarBound!));
      }

      for (let i = 1; i < highs.frontier.length; i++) {
        expect(highs.frontier[i].expectedCost).toBeGreaterThanOrEqual(
          highs.frontier[i - 1].expectedCost - monotoneTol(highs.frontier[i - 1].expectedCost),
        );
        expect(highs.frontier[i].cvar).toBeLessThanOrEqual(
          highs.frontier[i - 1].cvar + monotoneTol(highs.frontier[i - 1].cvar),
        );
      }
      for (const point of highs.frontier) {
        expect(point.cvar).toBeGreaterThanOrEqual(point.expectedCost - monotoneTol(point.expectedCost));
        expect(point.worstCaseCost).toBeGreaterThanOrEqual(point.cvar - monotoneTol(point.cvar));
        expect(point.scenarioCosts).toHaveLength(problem.scenarios.length);
      }
      if (highs.frontier.length === 1)
        expect(Math.abs(a.cvar - (await solveReference(problem, { minimise: 'CVaR' })).value)).toBeLessThanOrEqual(
          monotoneTol(a.cvar),
        );
      else expect(highs.frontier.length).toBe(problem.frontier.points);
    },
  );
});

describe('verification', () => {
  it('catches a plan that breaks a constraint', async () => {
    const { buildSourcingLp } = await import('../../src/model/build-sourcing-lp.js');
    const { decodePlan } = await import('../../src/model/plan.js');
    const problem = mustParse(randomProblemInput(3));
    const model = buildSourcingLp(problem);
    // all zeros is feasible (order nothing, build nothing) ...
    const zero = decodePlan(problem, model.layout, new Float64Array(model.lp.numCols));
    const initialOnly = findViolations(problem, model.effects, model.layout.designs, zero);
    // ... except that stock must then hold the initial inventory: zero stock breaks the balance
    const hasInitial = problem.inventory.some((i) => i.initial > 0);
    expect(initialOnly.length > 0).toBe(hasInitial);
    // an order above capacity is named
    const over = decodePlan(problem, model.layout, new Float64Array(model.lp.numCols));
    const o = problem.offers.findIndex((offer) => offer.capacity.every((c) => c < Infinity));
    over.orders[o * problem.periods + problem.periods - 1] = problem.offers[o].capacity[problem.periods - 1] * 2 + 1;
    const violations = findViolations(problem, model.effects, model.layout.designs, over);
    expect(violations.some((v) => v.constraint.includes('<= capacity'))).toBe(true);
  });
});
