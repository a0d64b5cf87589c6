// The explorer's own arithmetic (web/src/plan-data.ts): the CVaR tail it
// shades must be the tail the service's CVaR is the mean of, and what it
// compares and exports must add up.

import { describe, expect, it } from 'vitest';
import { conditionalValueAtRisk } from '../../src/model/risk.js';
import {
  comparePoints,
  costHistogram,
  orderRows,
  ordersByKind,
  planCsv,
  supplierKinds,
  tailWeights,
  valueAtRisk,
} from '../../web/src/plan-data.js';
import type { FrontierPoint } from '../../web/src/types.js';

/** A small deterministic generator, so failures reproduce. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function point(overrides: Partial<FrontierPoint> = {}): FrontierPoint {
  return {
    kind: 'epsilon',
    expectedCost: 100,
    cvar: 150,
    worstCaseCost: 200,
    scenarioCosts: [80, 120, 200],
    unmetDemand: { motor: 0 },
    orders: [],
    designCapacities: [],
    production: [],
    sharesByKind: {},
    sharesByCountry: {},
    expectedStock: { ndfeb: [0, 0, 0] },
    expectedSpot: { ndfeb: [0, 0, 0] },
    expectedCostBreakdown: { contracts: 0, spot: 0, holding: 0, shortfall: 0, designs: 0, tooling: 0 },
    ...overrides,
  };
}

describe('tailWeights', () => {
  it("shades the tail whose mean is the service's CVaR (200 random distributions)", () => {
    const random = lcg(7);
    for (let trial = 0; trial < 200; trial++) {
      const k = 1 + Math.floor(random() * 30);
      // Ties are common in real frontiers (many scenarios at the same cost).
      const costs = Array.from({ length: k }, () => Math.round(random() * 10) * 1000);
      const raw = costs.map(() => random() + 0.01);
      const sum = raw.reduce((a, b) => a + b, 0);
      const probabilities = raw.map((p) => p / sum);
      const alpha = [0, 0.5, 0.9, 0.95, 0.99][trial % 5];
      const weights = tailWeights(costs, probabilities, alpha);
      const mass = weights.reduce((a, b) => a + b, 0);
      expect(mass).toBeCloseTo(1 - alpha, 12);
      weights.forEach((w, i) => expect(w).toBeLessThanOrEqual(probabilities[i] + 1e-15));
      const tailMean = weights.reduce((s, w, i) => s + w * costs[i], 0) / mass;
      expect(tailMean).toBeCloseTo(conditionalValueAtRisk(costs, probabilities, alpha), 6);
      // Nothing outside the tail costs more than anything inside it.
      const inside = costs.filter((_, i) => weights[i] > 0);
      const outside = costs.filter((_, i) => weights[i] < probabilities[i] - 1e-15);
      if (outside.length) expect(Math.max(...outside)).toBeLessThanOrEqual(Math.min(...inside) + 1e-9);
      expect(valueAtRisk(costs, probabilities, alpha)).toBe(Math.min(...inside));
    }
  });
});

describe('costHistogram', () => {
  it('puts every scenario in one bin, and splits each bin into its in-tail and out-of-tail probability', () => {
    const costs = [10, 12, 15, 15, 30, 31, 50, 90, 91, 100];
    const probabilities = costs.map(() => 0.1);
    const bins = costHistogram(costs, probabilities, 0.75);
    expect(bins).toHaveLength(10);
    expect(bins.flatMap((b) => b.scenarios).sort((a, b) => a - b)).toEqual(costs.map((_, i) => i));
    expect(bins.reduce((s, b) => s + b.body + b.tail, 0)).toBeCloseTo(1, 12);
    expect(bins.reduce((s, b) => s + b.tail, 0)).toBeCloseTo(0.25, 12);
    // Bins 9 wide. The worst 25%: 100 and 91 in full (the top bin), and half of 90's 10% (the bin below).
    expect(bins[9].scenarios).toEqual([8, 9]);
    expect(bins[9]).toMatchObject({ tail: 0.2, body: 0 });
    expect(bins[8].scenarios).toEqual([7]);
    expect(bins[8].tail).toBeCloseTo(0.05, 12);
    expect(bins[8].body).toBeCloseTo(0.05, 12);
    expect(bins[0].from).toBe(10);
    expect(bins[9].to).toBe(100);
  });

  it('draws one bin when every scenario costs the same', () => {
    const bins = costHistogram([5, 5, 5], [0.2, 0.3, 0.5], 0.9);
    expect(bins).toHaveLength(1);
    expect(bins[0].tail).toBeCloseTo(0.1, 12);
  });
});

describe('orders by kind and by supplier', () => {
  const kinds = supplierKinds({
    suppliers: [
      { id: 'cn-a', kind: 'chinese_licensed' },
      { id: 'rec', kind: 'recycled' },
      { id: 'odd', kind: 'something_new' },
    ],
  });
  const p = point({
    orders: [
      { supplier: 'cn-a', material: 'ndfeb', period: 1, quantity: 10 },
      { supplier: 'cn-a', material: 'ndfeb', period: 3, quantity: 5 },
      { supplier: 'rec', material: 'ndfeb', period: 2, quantity: 4 },
      { supplier: 'odd', material: 'ndfeb', period: 2, quantity: 1 },
      { supplier: 'ghost', material: 'ndfeb', period: 3, quantity: 2 },
      { supplier: 'cn-a', material: 'dy', period: 1, quantity: 7 },
    ],
    expectedSpot: { ndfeb: [0, 0.5, 0], dy: [0, 0, 0] },
  });

  it('stacks one material per period by kind, with spot, in display order', () => {
    const byKind = ordersByKind(p, 'ndfeb', kinds);
    // a kind outside the known list is grouped as the planner's own (neutral style), not as 'other'
    expect([...byKind.keys()]).toEqual(['chinese_licensed', 'recycled', 'custom', 'spot', 'unknown']);
    expect(byKind.get('custom')).toEqual([0, 1, 0]);
    expect(byKind.get('chinese_licensed')).toEqual([10, 0, 5]);
    expect(byKind.get('spot')).toEqual([0, 0.5, 0]);
    expect(byKind.get('unknown')).toEqual([0, 0, 2]);
    expect([...ordersByKind(p, 'dy', kinds).keys()]).toEqual(['chinese_licensed']);
  });

  it('lays orders out as supplier x material rows over the periods', () => {
    const rows = orderRows(p, kinds);
    expect(rows.map((r) => `${r.supplier}/${r.material}`)).toEqual([
      'cn-a/dy',
      'cn-a/ndfeb',
      'rec/ndfeb',
      'odd/ndfeb',
      'ghost/ndfeb',
    ]);
    expect(rows[1]).toMatchObject({ kind: 'chinese_licensed', quantities: [10, 0, 5], total: 15 });
  });
});

describe('comparePoints', () => {
  it('prices the risk reduction and lists the orders that move, largest first', () => {
    const kinds = supplierKinds({
      suppliers: [
        { id: 'cn-a', kind: 'chinese_licensed' },
        { id: 'spot', kind: 'recycled' },
      ],
    });
    const a = point({
      expectedCost: 100,
      cvar: 180,
      worstCaseCost: 250,
      unmetDemand: { motor: 3 },
      orders: [
        { supplier: 'cn-a', material: 'ndfeb', period: 1, quantity: 50 },
        { supplier: 'spot', material: 'ndfeb', period: 1, quantity: 1 },
      ],
      expectedSpot: { ndfeb: [2, 0, 0] },
    });
    const b = point({
      expectedCost: 110,
      cvar: 140,
      worstCaseCost: 200,
      unmetDemand: { motor: 1 },
      orders: [
        { supplier: 'cn-a', material: 'ndfeb', period: 1, quantity: 20 },
        { supplier: 'spot', material: 'ndfeb', period: 1, quantity: 1 },
      ],
      expectedSpot: { ndfeb: [0, 0, 0] },
    });
    const c = comparePoints(a, b, kinds);
    expect(c).toMatchObject({
      deltaExpected: 10,
      deltaCvar: -40,
      deltaWorst: -50,
      deltaUnmet: -2,
      costPerRiskUnit: 0.25,
    });
    // The supplier whose id is "spot" is not the spot market, and it did not move.
    expect(c.moves).toEqual([
      { supplier: 'cn-a', kind: 'chinese_licensed', material: 'ndfeb', a: 50, b: 20, delta: -30 },
      { supplier: 'spot', kind: 'spot', material: 'ndfeb', a: 2, b: 0, delta: -2 },
    ]);
    expect(comparePoints(b, a, kinds).costPerRiskUnit).toBeNull();
  });
});

describe('planCsv', () => {
  it('writes the whole plan as one RFC 4180 table, quoting what needs it', () => {
    const p = point({
      orders: [
        { supplier: 'acme, inc', material: 'nd"fe"b', period: 2, quantity: 1.5 },
        { supplier: '=HYPERLINK("x")', material: 'dy', period: 1, quantity: 3 },
      ],
      expectedSpot: { ndfeb: [0, 4, 0] },
      expectedStock: { ndfeb: [1, 2, 3] },
      designCapacities: [{ product: 'motor', design: 'eesm', capacity: 900 }],
      production: [{ product: 'motor', design: 'eesm', expected: 5400 }],
      unmetDemand: { motor: 12.5 },
    });
    const lines = planCsv(p, new Map()).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1)).toEqual([
      'record,supplier,supplier_kind,material,product,design,period,value',
      'order,"acme, inc",unknown,"nd""fe""b",,,2,1.5',
      `order,"'=HYPERLINK(""x"")",unknown,dy,,,1,3`,
      'expected_spot,spot,spot,ndfeb,,,2,4',
      'expected_stock,,,ndfeb,,,1,1',
      'expected_stock,,,ndfeb,,,2,2',
      'expected_stock,,,ndfeb,,,3,3',
      'design_capacity,,,,motor,eesm,,900',
      'expected_production,,,,motor,eesm,,5400',
      'expected_unmet_demand,,,,motor,,,12.5',
    ]);
  });
});

describe('planCsv marginal values (MODEL.md section 8)', () => {
  it('adds the risk price and one row per marginal value where the point has them', () => {
    const p = {
      ...point({ orders: [], unmetDemand: {} }),
      riskPrice: 0.5,
      marginalValues: {
        offers: [{ supplier: 'au', material: 'ndfeb', period: 2, value: 12 }],
        spot: [{ material: 'ndfeb', period: 1, value: 3 }],
        inventory: [{ material: 'ndfeb', value: 1.5 }],
        designs: [{ product: 'motor', design: 'eesm', value: 7 }],
        policy: [{ rule: 'maxShareByCountry' as const, country: 'CN', material: 'dy', value: 2, perShare: 400 }],
      },
    } as FrontierPoint;
    const lines = planCsv(p, new Map([['au', 'western_mine' as const]])).split('\r\n');
    expect(lines).toContain('risk_price,,,,,,,0.5');
    expect(lines).toContain('marginal_value_offer,au,western_mine,ndfeb,,,2,12');
    expect(lines).toContain('marginal_value_spot,spot,spot,ndfeb,,,1,3');
    expect(lines).toContain('marginal_value_stock_max,,,ndfeb,,,,1.5');
    expect(lines).toContain('marginal_value_design,,,,motor,eesm,,7');
    expect(lines).toContain('marginal_value_maxShareByCountry,CN,,dy,,,,2');
    expect(lines).toContain('marginal_value_maxShareByCountry_per_share,CN,,dy,,,,400');
  });
});
