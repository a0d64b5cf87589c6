import { describe, it, expect } from 'vitest';
import { DEFAULT_LIMITS, type ProblemLimits } from '../../src/domain/limits.js';
import type { InputError } from '../../src/domain/problem.js';
import { validateProblemInput } from '../../src/domain/validate.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

// Raw inputs are JSON-ish values, typed loosely on purpose: the tests break them.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access,
   @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- broken inputs are untyped by design */
type Raw = any;

/** The sample problem with one change applied, validated. */
function errorsAfter(change: (p: Raw) => void, limits: ProblemLimits = DEFAULT_LIMITS): InputError[] {
  const p: Raw = sampleProblemInput();
  change(p);
  return validateProblemInput(p, limits);
}

/** Asserts exactly one error, at `path`, whose message contains every fragment. */
function expectOnly(errors: InputError[], path: string, ...fragments: (string | RegExp)[]): void {
  expect(errors.map((e) => e.path)).toEqual([path]);
  for (const f of fragments) expect(errors[0].message).toMatch(f);
}

const gen = (drivers: Raw[]) => (p: Raw) => {
  delete p.scenarios;
  p.scenarioModel = { count: 10, seed: 7, drivers };
};
const licence = (extra: Raw = {}) => ({
  id: 'cn',
  type: 'licence',
  target: { kind: 'chinese_licensed' },
  approval: { EU: 0.8 },
  ...extra,
});
const disruption = (extra: Raw = {}) => ({
  id: 'mine',
  type: 'disruption',
  target: { suppliers: ['lynas-au'] },
  probability: 0.3,
  ...extra,
});
const yieldDriver = (extra: Raw = {}) => ({
  id: 'rec',
  type: 'yield',
  target: { kind: 'recycled' },
  availability: [0.6, 1],
  ...extra,
});

describe('validateProblemInput: valid input', () => {
  it('accepts the realistic sample problem', () => {
    expect(validateProblemInput(sampleProblemInput())).toEqual([]);
  });

  it('accepts a generated-scenario problem with all three driver types', () => {
    expect(
      errorsAfter(
        gen([
          licence({ approvalDelay: [1, 4], validity: 3, renewal: 0.85 }),
          disruption({ start: [1, 6], duration: [2, 3], availability: 0.5 }),
          yieldDriver(),
        ]),
      ),
    ).toEqual([]);
  });

  it('accepts the smallest problem, relying on every default', () => {
    const minimal = {
      periods: 1,
      materials: [{ id: 'ndfeb' }],
      products: [{ id: 'm', demand: 1, shortfallPenalty: 0, designs: [{ id: 'd' }] }],
    };
    expect(validateProblemInput(minimal)).toEqual([]);
  });

  it('ignores unknown extra fields, as the contract invites planners to add fields', () => {
    expect(
      errorsAfter((p) => {
        p.comment = 'x';
        p.suppliers[0].rating = 'A';
        p.scenarios[1].events[0].note = 1;
      }),
    ).toEqual([]);
  });

  it('accepts an event with a driver label, an empty target and no target', () => {
    expect(
      errorsAfter((p) => {
        p.scenarios[0].events = [{ target: {}, availability: 0.5, driver: 'manual' }, { fromPeriod: 2 }];
      }),
    ).toEqual([]);
  });

  it('accepts probabilities that sum to 1 within 1e-9', () => {
    expect(
      errorsAfter((p) => {
        p.scenarios[0].probability = 0.6 + 5e-10;
      }),
    ).toEqual([]);
  });

  it('accepts the same design id in two different products', () => {
    expect(
      errorsAfter((p) => {
        p.products.push({ ...structuredClone(p.products[0]), id: 'pump' });
      }),
    ).toEqual([]);
  });
});

describe('validateProblemInput: shape', () => {
  it('rejects a value that is not an object', () => {
    expectOnly(validateProblemInput([1, 2]), '$', 'must be an object');
  });

  it('reports a missing required field', () => {
    expectOnly(
      errorsAfter((p) => delete p.products[0].shortfallPenalty),
      '$.products[0].shortfallPenalty',
      'is required',
    );
  });

  it('requires at least one material', () => {
    expectOnly(
      errorsAfter((p) => {
        p.materials = [];
        p.products[0].designs[0].bom = {};
        p.suppliers = [];
        delete p.inventory;
        delete p.spot;
        delete p.policy;
        p.scenarios[1].events = [];
      }),
      '$.materials',
      'at least one material',
    );
  });

  it('requires at least one product', () => {
    expectOnly(
      errorsAfter((p) => {
        p.products = [];
      }),
      '$.products',
      'at least one product',
    );
  });

  it('requires each product to have at least one design', () => {
    expectOnly(
      errorsAfter((p) => {
        p.products[0].designs = [];
      }),
      '$.products[0].designs',
      'at least one design',
    );
  });

  // MODEL.md 6.3: a kind is any non-empty label (an unknown one is a warning, not an error).
  it("requires a non-empty supplier kind, and accepts a label of the planner's own", () => {
    expectOnly(
      errorsAfter((p) => {
        p.suppliers[1].kind = '';
      }),
      '$.suppliers[1].kind',
      'must not be empty',
    );
    expect(
      errorsAfter((p) => {
        p.suppliers[1].kind = 'allied_processor';
      }),
    ).toEqual([]);
  });

  it("accepts only 'cvar' as risk measure", () => {
    expectOnly(
      errorsAfter((p) => {
        p.risk.measure = 'var';
      }),
      '$.risk.measure',
      '"cvar"',
      '"var"',
    );
  });

  it('rejects demand that is neither a number nor a list', () => {
    expectOnly(
      errorsAfter((p) => {
        p.products[0].demand = 'lots';
      }),
      '$.products[0].demand',
      'one per period',
      '"lots"',
    );
  });
});

describe('validateProblemInput: ids and references', () => {
  it('reports a duplicate material id with the first occurrence', () => {
    expectOnly(
      errorsAfter((p) => {
        p.materials[2].id = 'dy';
      }),
      '$.materials[2].id',
      'duplicate id "dy"',
      'first at $.materials[1].id',
    );
  });

  it('reports a duplicate product id', () => {
    expectOnly(
      errorsAfter((p) => {
        p.products.push(structuredClone(p.products[0]));
      }),
      '$.products[1].id',
      'duplicate id "traction-motor"',
      '$.products[0].id',
    );
  });

  it('reports a duplicate design id within a product', () => {
    expectOnly(
      errorsAfter((p) => {
        p.products[0].designs[1].id = 'pmsm';
      }),
      '$.products[0].designs[1].id',
      'duplicate id "pmsm"',
      '$.products[0].designs[0].id',
    );
  });

  it('reports a duplicate supplier id', () => {
    expectOnly(
      errorsAfter((p) => {
        p.suppliers[2].id = 'cn-magnet-a';
      }),
      '$.suppliers[2].id',
      'duplicate id "cn-magnet-a" (first at $.suppliers[0].id)',
    );
  });

  it('reports a duplicate scenario id', () => {
    expectOnly(
      errorsAfter((p) => {
        p.scenarios[1].id = 'base';
      }),
      '$.scenarios[1].id',
      'duplicate id "base"',
      '$.scenarios[0].id',
    );
  });

  it('reports a BOM naming an unknown material', () => {
    expectOnly(
      errorsAfter((p) => {
        p.products[0].designs[0].bom.ndfe = 1;
      }),
      '$.products[0].designs[0].bom.ndfe',
      'names unknown material "ndfe"',
    );
  });

  it('quotes BOM keys that are not identifiers in the path', () => {
    expectOnly(
      errorsAfter((p) => {
        p.products[0].designs[0].bom['nd-pr'] = 1;
      }),
      '$.products[0].designs[0].bom["nd-pr"]',
      'unknown material "nd-pr"',
    );
  });

  it('reports an offer naming an unknown material', () => {
    expectOnly(
      errorsAfter((p) => {
        p.suppliers[2].offers[0].material = 'ndfe';
      }),
      '$.suppliers[2].offers[0].material',
      'names unknown material "ndfe"',
    );
  });

  it('reports inventory and spot entries naming an unknown material', () => {
    const errors = errorsAfter((p) => {
      p.inventory[0].material = 'sm';
      p.spot[0].material = 'gd';
    });
    expect(errors).toEqual([
      { path: '$.inventory[0].material', message: expect.stringContaining('unknown material "sm"') },
      { path: '$.spot[0].material', message: expect.stringContaining('unknown material "gd"') },
    ]);
  });

  it('reports policy rules naming an unknown material', () => {
    const errors = errorsAfter((p) => {
      p.policy.maxShareByCountry[0].material = 'x';
      p.policy.minShareByKind[0].material = 'y';
    });
    expect(errors.map((e) => e.path)).toEqual([
      '$.policy.maxShareByCountry[0].material',
      '$.policy.minShareByKind[0].material',
    ]);
    expect(errors[1].message).toContain('unknown material "y"');
  });

  it('reports an event target naming an unknown supplier', () => {
    expectOnly(
      errorsAfter((p) => {
        p.scenarios[1].events[0].target = { suppliers: ['lynas-au', 'mp-us'] };
      }),
      '$.scenarios[1].events[0].target.suppliers[1]',
      'names unknown supplier "mp-us"',
    );
  });

  it('reports a spot event naming an unknown material', () => {
    expectOnly(
      errorsAfter((p) => {
        p.scenarios[1].events[1].spot = 'ndpr';
      }),
      '$.scenarios[1].events[1].spot',
      'names unknown material "ndpr"',
    );
  });

  it('reports a driver target naming an unknown supplier', () => {
    expectOnly(
      errorsAfter(gen([disruption({ target: { suppliers: ['lynas'] } })])),
      '$.scenarioModel.drivers[0].target.suppliers[0]',
      'unknown supplier "lynas"',
    );
  });

  it('reports a duplicate driver id', () => {
    expectOnly(errorsAfter(gen([disruption(), disruption()])), '$.scenarioModel.drivers[1].id', 'duplicate id "mine"');
  });

  it('reports a duplicate inventory entry for one material', () => {
    expectOnly(
      errorsAfter((p) => {
        p.inventory.push({ material: 'ndfeb', initial: 1 });
      }),
      '$.inventory[1].material',
      'duplicate entry for material "ndfeb"',
      '$.inventory[0]',
    );
  });

  it('reports a duplicate spot entry for one material', () => {
    expectOnly(
      errorsAfter((p) => {
        p.spot.push({ material: 'ndfeb', unitCost: 200 });
      }),
      '$.spot[1].material',
      'duplicate entry for material "ndfeb"',
    );
  });

  it('reports a supplier offering the same material twice', () => {
    expectOnly(
      errorsAfter((p) => {
        p.suppliers[0].offers[1].material = 'ndfeb';
      }),
      '$.suppliers[0].offers[1].material',
      '"ndfeb" a second time',
      '$.suppliers[0].offers[0]',
    );
  });
});

describe('validateProblemInput: per-period arrays', () => {
  it('reports a demand array whose length is not T', () => {
    expectOnly(
      errorsAfter((p) => {
        p.products[0].demand.pop();
      }),
      '$.products[0].demand',
      'has 5 entries but periods is 6',
    );
  });

  it('reports a capacity array whose length is not T', () => {
    expectOnly(
      errorsAfter((p) => {
        p.suppliers[1].offers[0].capacity.push(1000);
      }),
      '$.suppliers[1].offers[0].capacity',
      'has 7 entries but periods is 6',
    );
  });

  it('reports a negative entry of a per-period array at its index', () => {
    expectOnly(
      errorsAfter((p) => {
        p.products[0].demand[2] = -1;
      }),
      '$.products[0].demand[2]',
      'must be a finite number >= 0',
      '-1',
    );
  });
});

describe('validateProblemInput: numbers', () => {
  it('rejects a negative number', () => {
    expectOnly(
      errorsAfter((p) => {
        p.products[0].shortfallPenalty = -5;
      }),
      '$.products[0].shortfallPenalty',
      'must be a finite number >= 0',
      '-5',
    );
  });

  it('rejects NaN, as MessagePack can carry it', () => {
    expectOnly(
      errorsAfter((p) => {
        p.suppliers[0].offers[0].unitCost = NaN;
      }),
      '$.suppliers[0].offers[0].unitCost',
      'finite number',
      'NaN',
    );
  });

  it('rejects Infinity, even where absence means unbounded', () => {
    expectOnly(
      errorsAfter((p) => {
        p.suppliers[0].offers[0].capacity = Infinity;
      }),
      '$.suppliers[0].offers[0].capacity',
      'finite number',
      'Infinity',
    );
  });

  it('rejects a number given as a string', () => {
    expectOnly(
      errorsAfter((p) => {
        p.spot[0].unitCost = '180';
      }),
      '$.spot[0].unitCost',
      'finite number',
      '"180"',
    );
  });

  it('requires periods to be an integer >= 1', () => {
    expectOnly(
      errorsAfter((p) => {
        p.periods = 0;
      }),
      '$.periods',
      'integer >= 1',
    );
    expectOnly(
      errorsAfter((p) => {
        p.periods = 6.5;
      }),
      '$.periods',
      'integer >= 1',
      '6.5',
    );
  });

  it('requires leadTime to be an integer >= 0', () => {
    expectOnly(
      errorsAfter((p) => {
        p.suppliers[0].offers[0].leadTime = 1.5;
      }),
      '$.suppliers[0].offers[0].leadTime',
      'integer >= 0',
    );
    expectOnly(
      errorsAfter((p) => {
        p.suppliers[0].offers[0].leadTime = -1;
      }),
      '$.suppliers[0].offers[0].leadTime',
      'integer >= 0',
    );
  });

  it('requires availableFrom to be an integer >= 1', () => {
    expectOnly(
      errorsAfter((p) => {
        p.products[0].designs[1].availableFrom = 0;
      }),
      '$.products[0].designs[1].availableFrom',
      'integer >= 1',
    );
  });

  it('requires maxShare in [0, 1]', () => {
    expectOnly(
      errorsAfter((p) => {
        p.products[0].designs[1].maxShare = 1.2;
      }),
      '$.products[0].designs[1].maxShare',
      'between 0 and 1',
    );
  });

  it('requires policy shares in [0, 1]', () => {
    expectOnly(
      errorsAfter((p) => {
        p.policy.maxShareByCountry[0].share = -0.1;
      }),
      '$.policy.maxShareByCountry[0].share',
      'between 0 and 1',
    );
    expectOnly(
      errorsAfter((p) => {
        p.policy.minShareByKind[0].share = 1.5;
      }),
      '$.policy.minShareByKind[0].share',
      'between 0 and 1',
    );
  });

  it('requires an event availability in [0, 1]', () => {
    expectOnly(
      errorsAfter((p) => {
        p.scenarios[1].events[0].availability = 1.5;
      }),
      '$.scenarios[1].events[0].availability',
      'between 0 and 1',
    );
  });

  it('requires spot event factors to be finite numbers >= 0', () => {
    expectOnly(
      errorsAfter((p) => {
        p.scenarios[1].events[1].priceFactor = -2;
      }),
      '$.scenarios[1].events[1].priceFactor',
      'finite number >= 0',
    );
  });

  it('requires alpha in [0, 1)', () => {
    expectOnly(
      errorsAfter((p) => {
        p.risk.alpha = 1;
      }),
      '$.risk.alpha',
      '>= 0 and < 1',
      '1',
    );
    expectOnly(
      errorsAfter((p) => {
        p.risk.alpha = -0.1;
      }),
      '$.risk.alpha',
      '>= 0 and < 1',
    );
    expect(
      errorsAfter((p) => {
        p.risk.alpha = 0;
      }),
    ).toEqual([]);
  });

  it('requires points to be an integer >= 2', () => {
    expectOnly(
      errorsAfter((p) => {
        p.frontier.points = 1;
      }),
      '$.frontier.points',
      'integer >= 2',
    );
    expectOnly(
      errorsAfter((p) => {
        p.frontier.points = 2.5;
      }),
      '$.frontier.points',
      'integer >= 2',
    );
  });

  it('rejects initial stock above max', () => {
    expectOnly(
      errorsAfter((p) => {
        p.inventory[0].initial = 7000;
      }),
      '$.inventory[0].initial',
      'is 7000, above max 6000',
    );
  });
});

describe('validateProblemInput: scenarios', () => {
  it('requires each probability in [0, 1]', () => {
    const errors = errorsAfter((p) => {
      p.scenarios[0].probability = 1.4;
      p.scenarios[1].probability = -0.4;
    });
    expect(errors.map((e) => e.path)).toEqual(['$.scenarios[0].probability', '$.scenarios[1].probability']);
    expect(errors[0].message).toContain('between 0 and 1');
  });

  it('requires probabilities to sum to 1', () => {
    expectOnly(
      errorsAfter((p) => {
        p.scenarios[0].probability = 0.5;
      }),
      '$.scenarios',
      'probabilities sum to 0.9, not 1',
    );
  });

  it('rejects a sum off by more than 1e-9', () => {
    expectOnly(
      errorsAfter((p) => {
        p.scenarios[0].probability = 0.6 + 1e-8;
      }),
      '$.scenarios',
      'sum to 1.00000001',
    );
  });

  it('rejects an empty scenario list', () => {
    expectOnly(
      errorsAfter((p) => {
        p.scenarios = [];
      }),
      '$.scenarios',
      'at least one scenario',
    );
  });

  it('rejects both scenarios and scenarioModel', () => {
    expectOnly(
      errorsAfter((p) => {
        p.scenarioModel = { count: 10, seed: 1, drivers: [] };
      }),
      '$.scenarioModel',
      'together with scenarios',
    );
  });

  it('requires fromPeriod within 1..T', () => {
    expectOnly(
      errorsAfter((p) => {
        p.scenarios[1].events[0].fromPeriod = 0;
      }),
      '$.scenarios[1].events[0].fromPeriod',
      'integer >= 1',
    );
    expectOnly(
      errorsAfter((p) => {
        p.scenarios[1].events[1].fromPeriod = 7;
      }),
      '$.scenarios[1].events[1].fromPeriod',
      'is 7, after the last period (periods is 6)',
    );
  });

  it('requires toPeriod within 1..T', () => {
    expectOnly(
      errorsAfter((p) => {
        p.scenarios[1].events[0].toPeriod = 12;
      }),
      '$.scenarios[1].events[0].toPeriod',
      'after the last period',
    );
  });

  it('requires fromPeriod <= toPeriod', () => {
    expectOnly(
      errorsAfter((p) => {
        p.scenarios[1].events[0].toPeriod = 2;
      }),
      '$.scenarios[1].events[0].toPeriod',
      'is 2, before fromPeriod 3',
    );
  });

  it('rejects a spot event carrying a supplier-event field, naming the field', () => {
    expectOnly(
      errorsAfter((p) => {
        p.scenarios[1].events[1].availability = 0;
      }),
      '$.scenarios[1].events[1].availability',
      'supplier-event field',
      'spot "ndfeb"',
    );
  });

  it('rejects a supplier event carrying a spot-event field, naming the field', () => {
    expectOnly(
      errorsAfter((p) => {
        p.scenarios[1].events[0].capacityFactor = 0.5;
      }),
      '$.scenarios[1].events[0].capacityFactor',
      'spot-event field',
      'target',
    );
  });

  it('requires a spot event to name its material', () => {
    expectOnly(
      errorsAfter((p) => {
        delete p.scenarios[1].events[1].spot;
      }),
      '$.scenarios[1].events[1].spot',
      'is required',
      'priceFactor',
    );
  });
});

describe('validateProblemInput: scenarioModel', () => {
  const at = '$.scenarioModel.drivers[0]';

  it('requires count to be an integer >= 1 and seed an integer', () => {
    const errors = errorsAfter((p) => {
      gen([])(p);
      p.scenarioModel.count = 0;
      p.scenarioModel.seed = 0.5;
    });
    expect(errors.map((e) => e.path)).toEqual(['$.scenarioModel.count', '$.scenarioModel.seed']);
    expect(errors[0].message).toContain('integer >= 1');
    expect(errors[1].message).toContain('must be an integer');
  });

  it('rejects an unknown driver type', () => {
    expectOnly(
      errorsAfter(gen([{ ...yieldDriver(), type: 'war' }])),
      `${at}.type`,
      '"licence", "disruption", "yield"',
      '"war"',
    );
  });

  it('requires a licence approval probability in [0, 1]', () => {
    expectOnly(errorsAfter(gen([licence({ approval: { EU: 1.2 } })])), `${at}.approval.EU`, 'between 0 and 1');
  });

  it('requires approvalDelay bounds to be integers >= 0 with lo <= hi', () => {
    expectOnly(errorsAfter(gen([licence({ approvalDelay: [-1, 2] })])), `${at}.approvalDelay[0]`, 'integer >= 0');
    expectOnly(errorsAfter(gen([licence({ approvalDelay: [4, 1] })])), `${at}.approvalDelay`, 'lo 4 above hi 1');
    expectOnly(errorsAfter(gen([licence({ approvalDelay: [4] })])), `${at}.approvalDelay`, 'pair [lo, hi]');
  });

  it('requires validity >= 1 and renewal in [0, 1]', () => {
    const errors = errorsAfter(gen([licence({ validity: 0, renewal: 1.1 })]));
    expect(errors.map((e) => e.path)).toEqual([`${at}.validity`, `${at}.renewal`]);
    expect(errors[0].message).toContain('integer >= 1');
    expect(errors[1].message).toContain('between 0 and 1');
  });

  it('requires a disruption probability and availability in [0, 1]', () => {
    const errors = errorsAfter(gen([disruption({ probability: 2, availability: -1 })]));
    expect(errors.map((e) => e.path)).toEqual([`${at}.probability`, `${at}.availability`]);
  });

  it('requires disruption start within 1..T', () => {
    expectOnly(errorsAfter(gen([disruption({ start: [0, 3] })])), `${at}.start[0]`, 'integer >= 1');
    expectOnly(errorsAfter(gen([disruption({ start: [3, 9] })])), `${at}.start`, 'within periods 1..6', '[3, 9]');
  });

  it('requires disruption duration >= 1', () => {
    expectOnly(errorsAfter(gen([disruption({ duration: [0, 3] })])), `${at}.duration[0]`, 'integer >= 1');
  });

  it('requires a yield range of reals in [0, 1] with lo <= hi', () => {
    expectOnly(
      errorsAfter(gen([yieldDriver({ availability: [0.5, 1.2] })])),
      `${at}.availability[1]`,
      'between 0 and 1',
    );
    expectOnly(
      errorsAfter(gen([yieldDriver({ availability: [0.9, 0.5] })])),
      `${at}.availability`,
      'lo 0.9 above hi 0.5',
    );
  });
});

describe('validateProblemInput: limits', () => {
  const small: ProblemLimits = { ...DEFAULT_LIMITS, maxPeriods: 5, maxScenarios: 3 };

  it('rejects more periods than the limit', () => {
    const errors = errorsAfter(() => {}, small);
    expect(errors.find((e) => e.path === '$.periods')?.message).toBe('is 6, above the limit of 5 periods');
  });

  it('rejects more explicit scenarios than the limit', () => {
    const errors = errorsAfter((p) => {
      p.periods = 5;
      p.products[0].demand.pop();
      p.suppliers[1].offers[0].capacity.pop();
      p.scenarios[1].events[0].toPeriod = 5;
      p.scenarios = [...p.scenarios, ...[1, 2].map((i) => ({ id: `extra-${i}`, probability: 0 }))];
    }, small);
    expectOnly(errors, '$.scenarios', 'has 4 scenarios', 'limit of 3');
  });

  it('rejects a scenarioModel count above the limit', () => {
    expectOnly(
      errorsAfter((p) => {
        gen([])(p);
        p.scenarioModel.count = 5001;
      }),
      '$.scenarioModel.count',
      'is 5001, above the limit of 5000 scenarios',
    );
  });

  it('rejects more frontier points than the limit, as an over-limit error', () => {
    const errors = errorsAfter((p) => {
      p.frontier.points = 202;
    });
    expectOnly(errors, '$.frontier.points', 'is 202, above the limit of 201 points');
    expect(errors[0].code).toBe('over_limit');
  });
});

describe('validateProblemInput: every problem at once', () => {
  it('reports unrelated structural and semantic errors together', () => {
    const errors = errorsAfter((p) => {
      p.products[0].shortfallPenalty = -1; // zod
      p.suppliers[2].offers[0].material = 'ndfe'; // unknown reference
      p.products[0].demand = [1, 2, 3]; // length
      p.scenarios[0].probability = 0.5; // sum
      p.suppliers[0].kind = ''; // empty label
      p.risk.alpha = 1.5; // range
      p.inventory[0].initial = 1e6; // initial above max
    });
    expect(errors.map((e) => e.path).sort()).toEqual(
      [
        '$.products[0].shortfallPenalty',
        '$.suppliers[2].offers[0].material',
        '$.products[0].demand',
        '$.scenarios',
        '$.suppliers[0].kind',
        '$.risk.alpha',
        '$.inventory[0].initial',
      ].sort(),
    );
  });

  it('still checks references when other parts are malformed', () => {
    const errors = errorsAfter((p) => {
      p.suppliers[0] = 'not a supplier';
      p.scenarios[1].events = 'none';
      p.products[0].designs[0].bom.sm = 1;
    });
    expect(errors.map((e) => e.path)).toEqual([
      '$.suppliers[0]',
      '$.scenarios[1].events',
      '$.products[0].designs[0].bom.sm',
    ]);
  });

  it('reports no path twice', () => {
    const errors = errorsAfter((p) => {
      p.periods = 'six';
      p.scenarios[0].probability = NaN;
    });
    const paths = errors.map((e) => e.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toEqual(['$.periods', '$.scenarios[0].probability']);
  });

  it('writes messages in plain English, without zod jargon', () => {
    const errors = errorsAfter((p) => {
      p.name = 3;
      p.materials[0] = null;
      delete p.suppliers[0].offers;
    });
    for (const e of errors) expect(e.message).not.toMatch(/Invalid input|expected .* received/);
    expect(errors).toEqual([
      { path: '$.name', message: 'must be a string (got 3)' },
      { path: '$.materials[0]', message: 'must be an object (got null)' },
      { path: '$.suppliers[0].offers', message: 'is required' },
    ]);
  });
});
