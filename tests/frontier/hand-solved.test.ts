// Frontiers small enough to solve by hand; the working is in the comments.

import { describe, expect, it } from 'vitest';
import { expectRel, frontierOf, mustParse } from '../helpers/solve.js';

/**
 * One period, one product (demand 10, 1 kg magnet each, penalty 100/unit),
 * a Chinese supplier at 10/kg that delivers nothing in scenario "denied"
 * (p = 0.5), a Western supplier at 60/kg that always delivers. alpha = 0.5, so
 * CVaR is the cost of the worse scenario.
 *
 * Ordering z from China and y from the West with z + y = 10:
 *   Cost(base)   = 10 z + 60 y       = 100 + 50 y
 *   Cost(denied) = 60 y + 100 (10 - y) = 1000 - 40 y
 * so E = 550 + 5 y and CVaR = Cost(denied) = 1000 - 40 y for y in [0, 10]
 * (ordering beyond 10 in total only adds cost). The frontier is the segment
 * from A = (550, 1000) at y = 0 to B = (600, 600) at y = 10, and with 5 points
 * the epsilon grid 900, 800, 700 gives E = 550 + (1000 - eps) / 8.
 */
const licenceGamble = () => ({
  name: 'hand: licence gamble',
  periods: 1,
  materials: [{ id: 'magnet' }],
  products: [{ id: 'motor', demand: 10, shortfallPenalty: 100, designs: [{ id: 'pmsm', bom: { magnet: 1 } }] }],
  suppliers: [
    { id: 'cn', kind: 'chinese_licensed', country: 'CN', offers: [{ material: 'magnet', unitCost: 10 }] },
    { id: 'west', kind: 'western_mine', country: 'AU', offers: [{ material: 'magnet', unitCost: 60 }] },
  ],
  scenarios: [
    { id: 'base', probability: 0.5 },
    { id: 'denied', probability: 0.5, events: [{ target: { country: 'CN' }, availability: 0 }] },
  ],
  risk: { measure: 'cvar', alpha: 0.5 },
  frontier: { points: 5 },
});

describe('hand-solved frontiers', () => {
  it.each(['highs', 'jslp'])(
    'licence gamble: the straight frontier from (550, 1000) to (600, 600) [%s]',
    async (backend) => {
      const result = await frontierOf(mustParse(licenceGamble()), backend);
      const expected = [
        [550, 1000],
        [562.5, 900],
        [575, 800],
        [587.5, 700],
        [600, 600],
      ];
      expect(result.frontier).toHaveLength(5);
      result.frontier.forEach((point, i) => {
        // the end points may use the lexicographic slack of 1e-9 relative
        expectRel(point.expectedCost, expected[i][0]);
        expectRel(point.cvar, expected[i][1]);
        expectRel(point.worstCaseCost, expected[i][1]);
      });
      expect(result.frontier.map((p) => p.kind)).toEqual(['cheapest', 'epsilon', 'epsilon', 'epsilon', 'safest']);
      // the middle point orders y = 5 from the West and z = 5 from China
      const middle = result.frontier[2];
      const qty = (s: string) => middle.orders.filter((o) => o.supplier === s).reduce((a, o) => a + o.quantity, 0);
      expectRel(qty('west'), 5);
      expectRel(qty('cn'), 5);
      expectRel(middle.scenarioCosts[0], 350);
      expectRel(middle.scenarioCosts[1], 800);
      // expected deliveries: China 0.5 * 5, West 5, so China holds 1/3
      expectRel(middle.sharesByCountry.magnet.CN, 1 / 3);
      expectRel(middle.sharesByKind.magnet.western_mine, 2 / 3);
      // "denied" builds only the 5 Western kilograms: 5 short with probability 0.5
      expectRel(middle.unmetDemand.motor, 2.5);
    },
  );

  it('a country cap alone: min 10 z + 60 y with z <= y and z + y = 10 gives z = y = 5, cost 350, one point', async () => {
    // One scenario, so E = CVaR and the frontier collapses to a single point.
    const raw = {
      ...licenceGamble(),
      scenarios: undefined,
      policy: { maxShareByCountry: [{ country: 'CN', share: 0.5 }] },
    };
    const result = await frontierOf(mustParse(raw));
    expect(result.frontier).toHaveLength(1);
    expect(result.frontier[0].expectedCost).toBeCloseTo(350, 6);
    expect(result.frontier[0].sharesByCountry.magnet.CN).toBeCloseTo(0.5, 9);
    expect(result.scenarios).toEqual([{ id: 'base', probability: 1, events: [] }]);
  });

  it('tooling a magnet-free design against a licence refusal: c = 5, E = 725, CVaR = 1225', async () => {
    // Two periods, demand 10 each; PMSM needs 1 kg magnet from China (10/kg,
    // nothing delivered in "denied", p = 0.5); EESM needs no magnet, costs 20
    // per unit more, at most half of demand, and needs tooling at 5 per unit of
    // per-period capacity c. With z = 10 ordered each period:
    //   base:   PMSM builds all 20: 200 + 5 c
    //   denied: EESM builds min(c, 5) per period: 40 c + 100 * 2 (10 - c) + 5 c = 2000 - 155 c
    //   E = 5 c + 100 + 1000 - 80 c = 1100 - 75 c  -> c = 5: E = 725
    //   CVaR(alpha 0.5) = denied = 2000 - 775 = 1225, minimal at c = 5 too: one point.
    const raw = {
      name: 'hand: EESM hedge',
      periods: 2,
      materials: [{ id: 'magnet' }],
      products: [
        {
          id: 'motor',
          demand: 10,
          shortfallPenalty: 100,
          designs: [
            { id: 'pmsm', bom: { magnet: 1 } },
            { id: 'eesm', bom: {}, unitCost: 20, maxShare: 0.5, capacityCost: 5 },
          ],
        },
      ],
      suppliers: [
        { id: 'cn', kind: 'chinese_licensed', country: 'CN', offers: [{ material: 'magnet', unitCost: 10 }] },
      ],
      scenarios: [
        { id: 'base', probability: 0.5 },
        { id: 'denied', probability: 0.5, events: [{ target: { kind: 'chinese_licensed' }, availability: 0 }] },
      ],
      risk: { measure: 'cvar', alpha: 0.5 },
    };
    const result = await frontierOf(mustParse(raw));
    expect(result.frontier).toHaveLength(1);
    const point = result.frontier[0];
    expect(point.expectedCost).toBeCloseTo(725, 6);
    expect(point.cvar).toBeCloseTo(1225, 6);
    expect(point.designCapacities).toEqual([{ product: 'motor', design: 'eesm', capacity: expect.closeTo(5, 6) }]);
    const production = Object.fromEntries(point.production.map((p) => [p.design, p.expected]));
    expect(production.pmsm).toBeCloseTo(10, 6); // 20 in base, 0 in denied
    expect(production.eesm).toBeCloseTo(5, 6); // 0 in base, 10 in denied
    expect(point.unmetDemand.motor).toBeCloseTo(5, 6); // 10 short in denied
  });

  it('stock carries a lead-time gap: initial 4 kg covers period 1, orders arrive from period 2', async () => {
    // T = 2, demand 4 per period at 1 kg; the only supplier has lead time 1 so
    // x[1] = 0; initial stock 4 covers period 1, x[2] = 4 at 10 -> cost 40.
    // Holding 1/kg/period: stock ends period 1 at 0, so no holding cost.
    const raw = {
      name: 'hand: lead time',
      periods: 2,
      materials: [{ id: 'magnet' }],
      products: [{ id: 'motor', demand: 4, shortfallPenalty: 100, designs: [{ id: 'pmsm', bom: { magnet: 1 } }] }],
      suppliers: [
        {
          id: 'west',
          kind: 'western_mine',
          country: 'US',
          offers: [{ material: 'magnet', unitCost: 10, leadTime: 1 }],
        },
      ],
      inventory: [{ material: 'magnet', initial: 4, holdingCost: 1 }],
    };
    const result = await frontierOf(mustParse(raw));
    const point = result.frontier[0];
    expect(point.expectedCost).toBeCloseTo(40, 9);
    expect(point.orders).toEqual([{ supplier: 'west', material: 'magnet', period: 2, quantity: expect.closeTo(4, 9) }]);
    expect(point.expectedStock.magnet).toEqual([expect.closeTo(0, 9), expect.closeTo(0, 9)]);
  });
});
