import { describe, it, expect } from 'vitest';
import { normaliseProblem } from '../../src/domain/normalise.js';
import { DEFAULT_LIMITS } from '../../src/domain/limits.js';
import { parseProblem } from '../../src/domain/parse.js';
import type { ProblemInput } from '../../src/domain/schema.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

/** The smallest valid problem: every optional field left out. */
function minimalInput(): ProblemInput {
  return {
    periods: 3,
    materials: [{ id: 'ndfeb' }, { id: 'dy' }],
    products: [
      { id: 'motor', demand: 5, shortfallPenalty: 10, designs: [{ id: 'pmsm', bom: { ndfeb: 2 } }, { id: 'eesm' }] },
    ],
    suppliers: [{ id: 'rec', kind: 'recycled', country: 'GB', offers: [{ material: 'ndfeb' }] }],
  };
}

describe('normaliseProblem: defaults', () => {
  const problem = normaliseProblem(minimalInput());

  it('defaults name, currency and destination to empty labels', () => {
    expect([problem.name, problem.currency, problem.destination]).toEqual(['', '', '']);
  });

  it('defaults a material unit to "" and its name to its id', () => {
    expect(problem.materials).toEqual([
      { id: 'ndfeb', unit: '', name: 'ndfeb' },
      { id: 'dy', unit: '', name: 'dy' },
    ]);
  });

  it('expands scalar demand to T periods', () => {
    expect(problem.products[0].demand).toEqual([5, 5, 5]);
  });

  it('defaults a design: unitCost 0, maxShare 1, availableFrom 1, no capacity variable, empty BOM', () => {
    expect(problem.products[0].designs[1]).toEqual({
      id: 'eesm',
      bom: [],
      unitCost: 0,
      maxShare: 1,
      availableFrom: 1,
      capacityCost: null,
    });
  });

  it('defaults an offer: unitCost 0, reservationCost 0, leadTime 0, unbounded capacity in every period', () => {
    expect(problem.offers).toEqual([
      {
        supplier: 0,
        material: 0,
        unitCost: 0,
        reservationCost: 0,
        capacity: [Infinity, Infinity, Infinity],
        leadTime: 0,
        priceIndexed: false,
      },
    ]);
  });

  it('gives a material without inventory entry initial 0, holding 0, no upper bound', () => {
    expect(problem.inventory).toEqual([
      { initial: 0, holdingCost: 0, max: Infinity },
      { initial: 0, holdingCost: 0, max: Infinity },
    ]);
  });

  it('gives a material without spot entry no spot market', () => {
    expect(problem.spot).toEqual([null, null]);
  });

  it('has no share rules without a policy', () => {
    expect(problem.policy).toEqual({ maxShareByCountry: [], minShareByKind: [] });
  });

  it('uses one scenario "base" with probability 1 when none is given', () => {
    expect(problem.scenarios).toEqual([{ id: 'base', probability: 1, events: [] }]);
    expect(problem.scenarioSource).toBe('default');
  });

  it('defaults alpha to 0.95 and points to 11', () => {
    expect(problem.risk).toEqual({ measure: 'cvar', alpha: 0.95 });
    expect(problem.frontier).toEqual({ points: 11 });
  });

  it('has no suppliers or offers when suppliers are left out', () => {
    const input = minimalInput();
    delete input.suppliers;
    const bare = normaliseProblem(input);
    expect([bare.suppliers, bare.offers]).toEqual([[], []]);
  });

  it('defaults the fields of an inventory or spot entry that are left out', () => {
    const input = minimalInput();
    input.inventory = [{ material: 'dy', initial: 3 }];
    input.spot = [{ material: 'dy' }];
    const p = normaliseProblem(input);
    expect(p.inventory[1]).toEqual({ initial: 3, holdingCost: 0, max: Infinity });
    expect(p.spot).toEqual([null, { unitCost: 0, capacity: Infinity }]);
  });

  it('defaults event periods to 1..T and factors to 1, and an absent target to every supplier', () => {
    const input = minimalInput();
    input.scenarios = [
      {
        id: 'only',
        probability: 1,
        events: [{}, { spot: 'ndfeb' }, { target: { kind: 'recycled' }, toPeriod: 2, driver: 'manual' }],
      },
    ];
    const p = normaliseProblem(input);
    expect(p.scenarioSource).toBe('explicit');
    expect(p.scenarios[0].events).toEqual([
      { target: {}, fromPeriod: 1, toPeriod: 3, availability: 1 },
      { spot: 'ndfeb', fromPeriod: 1, toPeriod: 3, priceFactor: 1, capacityFactor: 1 },
      { target: { kind: 'recycled' }, fromPeriod: 1, toPeriod: 2, availability: 1, driver: 'manual' },
    ]);
  });

  it('gives a scenario without events an empty event list', () => {
    expect(normaliseProblem(sampleProblemInput()).scenarios[0]).toEqual({ id: 'base', probability: 0.6, events: [] });
  });
});

describe('normaliseProblem: the sample problem', () => {
  const input = sampleProblemInput();
  const problem = normaliseProblem(input);

  it('keeps the labels and given values', () => {
    expect(problem.name).toBe(input.name);
    expect(problem.periods).toBe(6);
    expect(problem.destination).toBe('EU');
    expect(problem.risk.alpha).toBe(0.9);
    expect(problem.frontier.points).toBe(5);
  });

  it('turns BOM ids into material indices', () => {
    expect(problem.products[0].designs[0].bom).toEqual([
      { material: 0, perUnit: 1.9 },
      { material: 1, perUnit: 0.05 },
    ]);
  });

  it('lists BOM lines in material order whatever the key order', () => {
    const reordered = sampleProblemInput();
    reordered.products[0].designs[0].bom = { dy: 0.05, ndfeb: 1.9 };
    expect(normaliseProblem(reordered).products[0].designs[0].bom).toEqual(problem.products[0].designs[0].bom);
  });

  it('flattens offers in input order, with supplier and material indices', () => {
    expect(problem.offers.map((o) => [o.supplier, o.material])).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [2, 0],
    ]);
    expect(problem.offers[2]).toEqual({
      supplier: 1,
      material: 0,
      unitCost: 95,
      reservationCost: 5,
      capacity: [0, 0, 500, 800, 1000, 1000],
      leadTime: 2,
      priceIndexed: false,
    });
    expect(problem.offers[0].capacity).toEqual([3000, 3000, 3000, 3000, 3000, 3000]);
  });

  it('does not alias the input arrays', () => {
    expect(problem.products[0].demand).not.toBe(input.products[0].demand);
    expect(problem.offers[2].capacity).not.toBe(input.suppliers![1].offers[0].capacity);
  });

  it('aligns inventory and spot with materials', () => {
    expect(problem.inventory[0]).toEqual({ initial: 400, holdingCost: 0.4, max: 6000 });
    expect(problem.inventory[2]).toEqual({ initial: 0, holdingCost: 0, max: Infinity });
    expect(problem.spot).toEqual([{ unitCost: 180, capacity: 200 }, null, null]);
  });

  it('keeps explicit scenarios and their events', () => {
    expect(problem.scenarioSource).toBe('explicit');
    expect(problem.scenarios[1]).toEqual({
      id: 'licence-denied',
      probability: 0.4,
      events: [
        { target: { kind: 'chinese_licensed' }, fromPeriod: 3, toPeriod: 6, availability: 0 },
        { spot: 'ndfeb', fromPeriod: 3, toPeriod: 6, priceFactor: 2.5, capacityFactor: 0.5 },
      ],
    });
  });
});

describe('normaliseProblem: share rules', () => {
  it('gives one rule for a rule naming a material', () => {
    const p = normaliseProblem(sampleProblemInput());
    expect(p.policy.maxShareByCountry).toEqual([
      { group: 'CN', material: 0, share: 0.6, path: '$.policy.maxShareByCountry[0]' },
    ]);
  });

  it('gives one rule per material the kind offers when material is left out', () => {
    const p = normaliseProblem(sampleProblemInput());
    expect(p.policy.minShareByKind).toEqual([
      { group: 'recycled', material: 0, share: 0.05, path: '$.policy.minShareByKind[0]' },
    ]);
  });

  it('gives one rule per material the country offers, in material order', () => {
    const input = sampleProblemInput();
    // The CN supplier lists dy first: the rules still follow the materials list.
    input.suppliers![0].offers.reverse();
    input.policy = {
      maxShareByCountry: [
        { country: 'CN', share: 0.5 },
        { country: 'AU', material: 'tb', share: 0.2 },
      ],
    };
    const p = normaliseProblem(input);
    expect(p.policy.maxShareByCountry).toEqual([
      { group: 'CN', material: 0, share: 0.5, path: '$.policy.maxShareByCountry[0]' },
      { group: 'CN', material: 1, share: 0.5, path: '$.policy.maxShareByCountry[0]' },
      { group: 'AU', material: 2, share: 0.2, path: '$.policy.maxShareByCountry[1]' },
    ]);
  });

  it('gives no rule for a group that offers nothing', () => {
    const input = sampleProblemInput();
    input.policy = {
      maxShareByCountry: [{ country: 'US', share: 0.5 }],
      minShareByKind: [{ kind: 'other', share: 0.1 }],
    };
    expect(normaliseProblem(input).policy).toEqual({ maxShareByCountry: [], minShareByKind: [] });
  });
});

describe('normaliseProblem: generated scenarios', () => {
  it('expands a scenarioModel into explicit equiprobable scenarios', () => {
    const input = sampleProblemInput();
    delete input.scenarios;
    input.scenarioModel = {
      count: 4,
      seed: 7,
      drivers: [{ id: 'rec', type: 'yield', target: { kind: 'recycled' }, availability: [0.6, 0.9] }],
    };
    const p = normaliseProblem(input);
    expect(p.scenarioSource).toBe('generated');
    expect(p.scenarios).toHaveLength(4);
    for (const s of p.scenarios) {
      expect(s.probability).toBe(0.25);
      expect(s.events).toHaveLength(1);
      expect(s.events[0]).toMatchObject({ target: { kind: 'recycled' }, fromPeriod: 1, toPeriod: 6, driver: 'rec' });
    }
  });

  it('defaults the seed, so an unseeded model is still reproducible', () => {
    const input = sampleProblemInput();
    delete input.scenarios;
    input.scenarioModel = { count: 3, drivers: [{ id: 'rec', type: 'yield', target: {}, availability: [0, 1] }] };
    expect(normaliseProblem(input).scenarios).toEqual(
      normaliseProblem({ ...input, scenarioModel: { ...input.scenarioModel, seed: 0 } }).scenarios,
    );
  });
});

describe('parseProblem', () => {
  it('normalises a valid problem', () => {
    const result = parseProblem(sampleProblemInput());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.problem).toEqual(normaliseProblem(sampleProblemInput()));
  });

  it('returns every error and no problem for an invalid input', () => {
    const input: Record<string, unknown> = { ...sampleProblemInput(), periods: -1, frontier: { points: 1 } };
    const result = parseProblem(input);
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: '$.periods', message: expect.stringContaining('integer >= 1') },
        { path: '$.frontier.points', message: expect.stringContaining('integer >= 2') },
      ],
    });
  });

  it('applies the limits it is given', () => {
    const result = parseProblem(sampleProblemInput(), { ...DEFAULT_LIMITS, maxScenarios: 1 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toEqual(['$.scenarios']);
  });

  it('drops unknown fields', () => {
    const result = parseProblem({ ...sampleProblemInput(), comment: 'draft' });
    expect(result.ok).toBe(true);
    if (result.ok) expect('comment' in result.problem).toBe(false);
  });
});
