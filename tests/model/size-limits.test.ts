// The limits on what costs (issue 11): rows, non-zeros, events per scenario,
// policy rules, scenario-period-offers and the LP's magnitudes, each refused
// before the LP is built (or right after, for magnitudes) with the limit and
// the value; and the pre-build bound never below the LP actually built, so a
// problem is never let through on an underestimate.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type ProblemLimits } from '../../src/domain/limits.js';
import { parseProblem } from '../../src/domain/parse.js';
import { buildSourcingLp } from '../../src/model/build-sourcing-lp.js';
import { lpSizeBound } from '../../src/model/lp-size-bound.js';
import { prepareProblem } from '../../src/model/prepare-problem.js';
import { lpSize } from '../../solver/lp.js';
import { randomProblemInput } from '../helpers/random-problem.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

const FIXTURES = ['eu-ev-maker', 'india-two-wheeler', 'jp-ev-maker', 'us-motor-maker', 'wind-turbine-oem'];

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../fixtures/${name}.json`, import.meta.url), 'utf8'));
}

function refused(raw: unknown, limits: Partial<ProblemLimits>) {
  const prepared = prepareProblem(raw, { ...DEFAULT_LIMITS, ...limits });
  if (prepared.ok) throw new Error('expected the problem to be refused');
  return prepared;
}

describe('lpSizeBound', () => {
  it('is never below the rows and non-zeros of the LP built, for every fixture and random problems', () => {
    const inputs: unknown[] = [sampleProblemInput(), ...FIXTURES.map(fixture)];
    for (let seed = 1; seed <= 20; seed++) inputs.push(randomProblemInput(seed, { scenarios: 1 + (seed % 4) }));
    for (const raw of inputs) {
      const parsed = parseProblem(raw);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors.slice(0, 3)));
      const bound = lpSizeBound(parsed.problem);
      const size = lpSize(buildSourcingLp(parsed.problem).lp);
      expect(bound.rows).toBeGreaterThanOrEqual(size.rows);
      expect(bound.nonzeros).toBeGreaterThanOrEqual(size.nonzeros);
      // and not wildly above it: the bound is meant to refuse only what is close to the limit
      expect(bound.nonzeros).toBeLessThan(3 * size.nonzeros + 100);
    }
  });
});

describe('limits on what costs', () => {
  it('refuses a problem over the rows limit with the limit, the bound and the variable to raise it', () => {
    const parsed = parseProblem(sampleProblemInput());
    if (!parsed.ok) throw new Error('sample must parse');
    const rows = lpSize(buildSourcingLp(parsed.problem).lp).rows;
    const prepared = refused(sampleProblemInput(), { maxRows: rows - 1 });
    expect(prepared.overLimit).toBe(true);
    expect(prepared.errors).toHaveLength(1);
    expect(prepared.errors[0]).toMatchObject({ path: '$', code: 'over_limit' });
    expect(prepared.errors[0].message).toMatch(
      new RegExp(`^the LP would have up to \\d+ rows, above the limit of ${rows - 1} \\(LODESTONE_MAX_ROWS\\)$`),
    );
    // At the exact size it passes.
    expect(
      prepareProblem(sampleProblemInput(), { ...DEFAULT_LIMITS, maxRows: lpSizeBound(parsed.problem).rows }).ok,
    ).toBe(true);
  });

  it('refuses a problem over the non-zeros limit', () => {
    const prepared = refused(sampleProblemInput(), { maxNonzeros: 10 });
    expect(prepared.errors[0].message).toMatch(/non-zeros, above the limit of 10 \(LODESTONE_MAX_NONZEROS\)/);
  });

  it('refuses too many policy rules and events per scenario before validating a single entry', () => {
    const raw = sampleProblemInput() as unknown as Record<string, unknown>;
    raw.policy = { minShareByKind: Array.from({ length: 5 }, () => ({ kind: 'recycled', share: 'not a number' })) };
    const prepared = refused(raw, { maxPolicyRules: 4 });
    expect(prepared.overLimit).toBe(true);
    expect(prepared.errors).toEqual([
      {
        path: '$.policy',
        message: 'has 5 share rules, above the limit of 4 (LODESTONE_MAX_POLICY_RULES)',
        code: 'over_limit',
      },
    ]);

    const withEvents = sampleProblemInput();
    withEvents.scenarios = [{ id: 'only', probability: 1, events: Array.from({ length: 6 }, () => ({})) }];
    expect(refused(withEvents, { maxEventsPerScenario: 5 }).errors[0]).toEqual({
      path: '$.scenarios[0].events',
      message: 'has 6 events, above the limit of 5 (LODESTONE_MAX_EVENTS_PER_SCENARIO)',
      code: 'over_limit',
    });
  });

  it('refuses scenarios x periods x offers over its limit, counted on the raw input', () => {
    const prepared = refused(sampleProblemInput(), { maxScenarioPeriodOffers: 10 });
    expect(prepared.errors[0]).toMatchObject({ path: '$.suppliers', code: 'over_limit' });
    expect(prepared.errors[0].message).toMatch(/scenario-period-offers, above the limit of 10/);
  });

  it('refuses a product of inputs beyond what the solver can represent, naming the cause', () => {
    const raw = sampleProblemInput();
    raw.products[0].demand = 1e12;
    raw.products[0].shortfallPenalty = 1e12;
    const prepared = refused(raw, {});
    expect(prepared.overLimit).toBe(false);
    expect(prepared.errors[0].message).toMatch(/beyond the 1000000000000000000 the solver can represent/);
  });

  it('refuses a single input over the magnitude limit with its path', () => {
    const raw = sampleProblemInput();
    raw.products[0].shortfallPenalty = 1e13;
    const prepared = refused(raw, {});
    expect(prepared.errors).toContainEqual({
      path: '$.products[0].shortfallPenalty',
      message:
        'must be at most 1000000000000 (the magnitude limit of quantities, costs and factors) (got 10000000000000)',
    });
  });
});
