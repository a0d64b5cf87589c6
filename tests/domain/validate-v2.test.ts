// Validation of the MODEL.md version-2 fields (6.1-6.3, 7): every new field
// is checked with its JSON path and a sentence naming what is wrong.

import { describe, expect, it } from 'vitest';
import type { InputError } from '../../src/domain/problem.js';
import { validateProblemInput } from '../../src/domain/validate.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access,
   @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- broken inputs are untyped by design */
type Raw = Record<string, any>;

function errorsAfter(change: (p: Raw) => void): InputError[] {
  const p = sampleProblemInput() as Raw;
  change(p);
  return validateProblemInput(p);
}

function expectOnly(errors: InputError[], path: string, ...fragments: string[]): void {
  expect(errors.map((e) => e.path)).toEqual([path]);
  for (const f of fragments) expect(errors[0].message).toContain(f);
}

/** The sample problem with a generated scenario set instead of explicit scenarios. */
function withModel(p: Raw, drivers: Raw[]): void {
  delete p.scenarios;
  p.scenarioModel = { count: 50, seed: 1, drivers };
}

const licence = (extra: Raw = {}) => ({
  id: 'cn',
  type: 'licence',
  target: { kind: 'chinese_licensed' },
  approval: { EU: 0.8 },
  ...extra,
});

describe('events scoped to materials (6.1)', () => {
  it('accepts known materials, and rejects an unknown one by its path', () => {
    expect(errorsAfter((p) => (p.scenarios[1].events[0].target.materials = ['dy', 'ndfeb']))).toEqual([]);
    expectOnly(
      errorsAfter((p) => (p.scenarios[1].events[0].target.materials = ['dy', 'nd'])),
      '$.scenarios[1].events[0].target.materials[1]',
      'unknown material "nd"',
    );
  });

  it('rejects an empty list (leave it out to match every material)', () => {
    expectOnly(
      errorsAfter((p) => (p.scenarios[1].events[0].target.materials = [])),
      '$.scenarios[1].events[0].target.materials',
      'at least one material',
    );
  });

  it('checks a driver target the same way', () => {
    expectOnly(
      errorsAfter((p) => withModel(p, [licence({ target: { kind: 'chinese_licensed', materials: ['tb', 'xx'] } })])),
      '$.scenarioModel.drivers[0].target.materials[1]',
      'unknown material "xx"',
    );
  });
});

describe('market events and indexed offers (6.2)', () => {
  it('accepts a market event and a priceIndexed offer', () => {
    expect(
      errorsAfter((p) => {
        p.scenarios[1].events.push({ market: 'dy', fromPeriod: 2, priceFactor: 2 });
        p.suppliers[0].offers[0].priceIndexed = true;
      }),
    ).toEqual([]);
  });

  it('names the market material when it is unknown', () => {
    expectOnly(
      errorsAfter((p) => p.scenarios[1].events.push({ market: 'dys', priceFactor: 2 })),
      '$.scenarios[1].events[2].market',
      'unknown material "dys"',
    );
  });

  it('an event is exactly one kind: mixing fields is an error naming the field', () => {
    expectOnly(
      errorsAfter((p) => p.scenarios[1].events.push({ market: 'dy', priceFactor: 2, capacityFactor: 0.5 })),
      '$.scenarios[1].events[2].capacityFactor',
      'spot-event field',
      'market "dy"',
    );
    expectOnly(
      errorsAfter((p) => p.scenarios[1].events.push({ market: 'dy', availability: 0.5 })),
      '$.scenarios[1].events[2].availability',
      'supplier-event field',
    );
    expectOnly(
      errorsAfter((p) => p.scenarios[1].events.push({ market: 'dy', spot: 'dy', priceFactor: 2 })),
      '$.scenarios[1].events[2].spot',
      'spot-event field',
    );
  });

  it('priceIndexed must be true or false', () => {
    expectOnly(
      errorsAfter((p) => (p.suppliers[0].offers[0].priceIndexed = 'yes')),
      '$.suppliers[0].offers[0].priceIndexed',
      'true or false',
    );
  });
});

describe('kinds are labels (6.3)', () => {
  it('accepts any non-empty kind on suppliers, targets and policies', () => {
    expect(
      errorsAfter((p) => {
        p.suppliers[1].kind = 'allied_processor';
        p.scenarios[1].events[0].target.kind = 'allied_processor';
        p.policy = { minShareByKind: [{ kind: 'allied_processor', share: 0.1 }] };
      }),
    ).toEqual([]);
    expectOnly(
      errorsAfter((p) => (p.policy = { minShareByKind: [{ kind: '', share: 0.1 }] })),
      '$.policy.minShareByKind[0].kind',
      'must not be empty',
    );
  });
});

describe('scenario model additions (7)', () => {
  it('accepts every new driver field', () => {
    expect(
      errorsAfter((p) =>
        withModel(p, [
          {
            id: 'escalation',
            type: 'regime',
            probability: 0.3,
            start: [2, 4],
            duration: [1, 3],
            effects: [{ spot: 'dy', priceFactor: 2, capacityFactor: 0.5 }],
          },
          licence({
            when: { driver: 'escalation', fired: true },
            target: { kind: 'chinese_licensed', materials: ['dy'] },
            quota: [0.4, 0.8],
            reapply: [1, 3],
            validity: 3,
            effects: [{ market: 'dy', priceFactor: 1.5 }],
          }),
          { id: 'dy-price', type: 'price', material: 'dy', factor: [0.9, 1.3], start: [1, 3] },
        ]),
      ),
    ).toEqual([]);
  });

  it('when must name an earlier licence, disruption or regime driver', () => {
    expectOnly(
      errorsAfter((p) => withModel(p, [licence({ when: { driver: 'later', fired: true } })])),
      '$.scenarioModel.drivers[0].when.driver',
      'no earlier driver "later"',
    );
    expectOnly(
      errorsAfter((p) =>
        withModel(p, [
          { id: 'p', type: 'price', material: 'dy', factor: [1, 2] },
          licence({ when: { driver: 'p', fired: true } }),
        ]),
      ),
      '$.scenarioModel.drivers[1].when.driver',
      'price driver "p"',
    );
    expectOnly(
      errorsAfter((p) => withModel(p, [licence({ when: { driver: 'cn', fired: true } })])),
      '$.scenarioModel.drivers[0].when.driver',
      'the driver itself',
    );
    expectOnly(
      errorsAfter((p) => withModel(p, [licence(), licence({ id: 'b', when: { driver: 'cn', fired: 'yes' } })])),
      '$.scenarioModel.drivers[1].when.fired',
      'true or false',
    );
  });

  it('effects: only on licence, disruption and regime drivers, each exactly one of spot or market', () => {
    expectOnly(
      errorsAfter((p) =>
        withModel(p, [{ id: 'p', type: 'price', material: 'dy', factor: [1, 2], effects: [{ spot: 'dy' }] }]),
      ),
      '$.scenarioModel.drivers[0].effects',
      'cannot be given on a price driver',
    );
    expectOnly(
      errorsAfter((p) => withModel(p, [licence({ effects: [{ spot: 'dy', market: 'dy' }] })])),
      '$.scenarioModel.drivers[0].effects[0].market',
      'together with spot',
    );
    expectOnly(
      errorsAfter((p) => withModel(p, [licence({ effects: [{ priceFactor: 2 }] })])),
      '$.scenarioModel.drivers[0].effects[0]',
      'must name a spot market',
    );
    expectOnly(
      errorsAfter((p) => withModel(p, [licence({ effects: [{ market: 'dy', capacityFactor: 0.5 }] })])),
      '$.scenarioModel.drivers[0].effects[0].capacityFactor',
      'a market has no capacity',
    );
    expectOnly(
      errorsAfter((p) => withModel(p, [licence({ effects: [{ spot: 'dyy' }] })])),
      '$.scenarioModel.drivers[0].effects[0].spot',
      'unknown material "dyy"',
    );
  });

  it('quota is a [lo, hi] share range; reapply a range of whole periods >= 1', () => {
    expectOnly(
      errorsAfter((p) => withModel(p, [licence({ quota: [0.5, 1.2] })])),
      '$.scenarioModel.drivers[0].quota[1]',
      'between 0 and 1',
    );
    expectOnly(
      errorsAfter((p) => withModel(p, [licence({ quota: [0.8, 0.5] })])),
      '$.scenarioModel.drivers[0].quota',
      'lo 0.8 above hi 0.5',
    );
    expectOnly(
      errorsAfter((p) => withModel(p, [licence({ reapply: [0, 2] })])),
      '$.scenarioModel.drivers[0].reapply[0]',
      'integer >= 1',
    );
  });

  it('price and regime drivers: their material, factor range and start within the horizon', () => {
    expectOnly(
      errorsAfter((p) => withModel(p, [{ id: 'p', type: 'price', material: 'xx', factor: [1, 2] }])),
      '$.scenarioModel.drivers[0].material',
      'unknown material "xx"',
    );
    expectOnly(
      errorsAfter((p) => withModel(p, [{ id: 'p', type: 'price', material: 'dy', factor: [1, 2], start: [1, 9] }])),
      '$.scenarioModel.drivers[0].start',
      'within periods 1..6',
    );
    expectOnly(
      errorsAfter((p) => withModel(p, [{ id: 'r', type: 'regime', start: [1, 2] }])),
      '$.scenarioModel.drivers[0].probability',
      'is required',
    );
  });
});
