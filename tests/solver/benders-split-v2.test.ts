// The L-shaped split (solver/benders/split.ts) still applies to a version-2
// LP: material-scoped availability and market factors change coefficients,
// not the recourse structure. Checked on a random problem with every new field
// and on jp-ev-maker: the split finds one recourse LP per scenario, E weighs
// each scenario's recourse cost by its probability, and the technology
// matrix T_k holds a[k,o,t] for each order column in its stock rows.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recourseMultipliers, recourseWeights, splitTwoStage } from '../../solver/benders/split.js';
import type { ProblemInput } from '../../src/domain/schema.js';
import { buildSourcingLp } from '../../src/model/build-sourcing-lp.js';
import { randomProblemInputV2 } from '../helpers/random-problem-v2.js';
import { mustParse } from '../helpers/solve.js';

function jpSmall(): ProblemInput {
  const raw = JSON.parse(
    readFileSync(new URL('../../fixtures/jp-ev-maker.json', import.meta.url), 'utf8'),
  ) as ProblemInput;
  raw.scenarioModel!.count = 12;
  return raw;
}

describe('benders split on version-2 LPs', () => {
  it.each([
    ['random v2 seed 3', randomProblemInputV2(3)],
    ['random v2 seed 4', randomProblemInputV2(4)],
    ['jp-ev-maker, 12 scenarios', jpSmall()],
  ])('%s: one recourse per scenario, E weighs it by pi_k, T_k holds a[k,o,t]', (_, raw) => {
    const problem = mustParse(raw);
    const model = buildSourcingLp(problem);
    const { lp, layout, effects } = model;
    const weights = recourseWeights(lp, lp.twoStage!);
    const split = splitTwoStage(lp, weights);
    const K = problem.scenarios.length;
    expect(split.recourse).toHaveLength(K);
    const lambda = recourseMultipliers(split, weights, (j) => model.expectedObjective[j], 'E');
    problem.scenarios.forEach((s, k) => expect(lambda[k]).toBeCloseTo(s.probability, 12));

    const T = problem.periods;
    const O = problem.offers.length;
    let checked = 0;
    split.recourse.forEach((rec, k) => {
      for (let i = 0; i + 1 < rec.tStart.length; i++) {
        for (let p = rec.tStart[i]; p < rec.tStart[i + 1]; p++) {
          const lpCol = split.masterCols[rec.tCol[p]];
          const o = layout.orderCol.indexOf(lpCol);
          if (o < 0) continue;
          const offer = Math.floor(o / T);
          const t = o % T;
          expect(rec.tValue[p]).toBe(effects.offerAvailability[(k * O + offer) * T + t]);
          checked++;
        }
      }
    });
    expect(checked).toBeGreaterThan(0);
  });
});
