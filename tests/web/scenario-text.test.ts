// The scenario panel's event sentences (web/src/scenario-text.ts).

import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../web/src/scenario-text.js';

describe('describeEvent', () => {
  it('says periods, target, materials, effect and driver', () => {
    expect(
      describeEvent({
        target: { kind: 'chinese_licensed', materials: ['dy', 'tb'] },
        fromPeriod: 3,
        toPeriod: 12,
        availability: 0,
        driver: 'cn-licence',
      }),
    ).toBe('periods 3\u201312: chinese_licensed [dy, tb] deliver 0% (cn-licence)');
    expect(describeEvent({ target: {}, fromPeriod: 2, toPeriod: 2, availability: 0.55 })).toBe(
      'period 2: every supplier deliver 55%',
    );
    expect(
      describeEvent({ spot: 'dy', fromPeriod: 1, toPeriod: 4, priceFactor: 2.5, capacityFactor: 0.5, driver: 'x' }),
    ).toBe('periods 1\u20134: dy spot price \u00d72.5, capacity \u00d70.5 (x)');
    expect(describeEvent({ market: 'ndpr', fromPeriod: 5, toPeriod: 12, priceFactor: 1.2345678 })).toBe(
      'periods 5\u201312: ndpr market price \u00d71.23',
    );
  });
});
