// MODEL.md version 2 (6.1, 6.2) on frontiers small enough to solve by hand:
// events scoped to materials, the market factor on spot and on index-linked
// offers, fixed against indexed prices. The working is in the comments; every
// back-end must find the same numbers.

import { describe, expect, it } from 'vitest';
import { expectRel, frontierOf, mustParse } from '../helpers/solve.js';

const BACKENDS = ['highs', 'jslp', 'benders', 'auto'];

/**
 * One period; a motor needs 1 kg Dy and 1 kg NdPr (demand 10, penalty 100 per
 * motor not built). A Chinese supplier sells Dy at 10 and NdPr at 20; the West
 * sells Dy at 60 (and NdPr at 30). In "refused" (p = 0.5) the licence stops
 * the Chinese Dy only: target { kind, materials: ["dy"] }. alpha = 0.5.
 *
 * NdPr: 10 kg from China in every point (delivered in both scenarios, 20 < 30).
 * Dy: z from China, y from the West, z + y = 10:
 *   Cost(base)    = 10 z + 60 y + 200             = 300 + 50 y
 *   Cost(refused) = 60 y + 100 (10 - y) + 200     = 1200 - 40 y
 * (in "refused" only y motors are built; the 10 kg of NdPr are delivered and
 * paid all the same), so E = 750 + 5 y and CVaR = 1200 - 40 y: from
 * A = (750, 1200) at y = 0 to B = (800, 800) at y = 10, and the middle point
 * of three (eps = 1000) has y = 5, E = 775. Without `materials` the refusal
 * would stop the NdPr too and Cost(refused) at A would be 1000, not 1200.
 */
const scopedLicence = (materials?: string[]) => ({
  name: 'hand: licence on Dy only',
  periods: 1,
  materials: [{ id: 'dy' }, { id: 'ndpr' }],
  products: [{ id: 'motor', demand: 10, shortfallPenalty: 100, designs: [{ id: 'pm', bom: { dy: 1, ndpr: 1 } }] }],
  suppliers: [
    {
      id: 'cn',
      kind: 'chinese_licensed',
      country: 'CN',
      offers: [
        { material: 'dy', unitCost: 10 },
        { material: 'ndpr', unitCost: 20 },
      ],
    },
    {
      id: 'west',
      kind: 'western_mine',
      country: 'AU',
      offers: [
        { material: 'dy', unitCost: 60 },
        { material: 'ndpr', unitCost: 30 },
      ],
    },
  ],
  scenarios: [
    { id: 'base', probability: 0.5 },
    {
      id: 'refused',
      probability: 0.5,
      events: [{ target: { kind: 'chinese_licensed', ...(materials ? { materials } : {}) }, availability: 0 }],
    },
  ],
  risk: { alpha: 0.5 },
  frontier: { points: 3 },
});

/**
 * One period, 10 kg of NdFeB needed (penalty 1000). An index-linked contract
 * at 30 (capacity 10) and a fixed-price one at 50 (capacity 10); spot at 60.
 * In "spike" (p = 0.5) a market event doubles the NdFeB price: g = 2, so the
 * indexed contract costs 60 and spot 120; the fixed contract stays at 50.
 * alpha = 0.5. Spot is never the cheapest, so z (indexed) + y (fixed) = 10:
 *   Cost(calm)  = 30 z + 50 y = 500 - 20 z
 *   Cost(spike) = 60 z + 50 y = 500 + 10 z
 * E = 500 - 5 z, CVaR = 500 + 10 z: A = (450, 600) all indexed, B = (500, 500)
 * all fixed; the middle point (eps = 550) has z = 5, E = 475. What the hedge
 * is worth: 50 of expected cost buys 100 off the CVaR.
 */
const indexedAgainstFixed = () => ({
  name: 'hand: indexed against fixed',
  periods: 1,
  materials: [{ id: 'ndfeb' }],
  products: [{ id: 'motor', demand: 10, shortfallPenalty: 1000, designs: [{ id: 'pm', bom: { ndfeb: 1 } }] }],
  suppliers: [
    {
      id: 'indexed',
      kind: 'other',
      country: 'JP',
      offers: [{ material: 'ndfeb', unitCost: 30, capacity: 10, priceIndexed: true }],
    },
    { id: 'fixed', kind: 'other', country: 'JP', offers: [{ material: 'ndfeb', unitCost: 50, capacity: 10 }] },
  ],
  spot: [{ material: 'ndfeb', unitCost: 60, capacity: 100 }],
  scenarios: [
    { id: 'calm', probability: 0.5 },
    { id: 'spike', probability: 0.5, events: [{ market: 'ndfeb', priceFactor: 2 }] },
  ],
  risk: { alpha: 0.5 },
  frontier: { points: 3 },
});

describe('hand-solved version-2 frontiers', () => {
  it.each(BACKENDS)('a licence scoped to Dy leaves the Chinese NdPr flowing [%s]', async (backend) => {
    const result = await frontierOf(mustParse(scopedLicence(['dy'])), backend);
    const expected = [
      [750, 1200],
      [775, 1000],
      [800, 800],
    ];
    expect(result.frontier).toHaveLength(3);
    result.frontier.forEach((point, i) => {
      expectRel(point.expectedCost, expected[i][0]);
      expectRel(point.cvar, expected[i][1]);
    });
    expectRel(result.frontier[0].scenarioCosts[1], 1200);
    const ndprFromChina = result.frontier[1].orders
      .filter((o) => o.supplier === 'cn' && o.material === 'ndpr')
      .reduce((a, o) => a + o.quantity, 0);
    expectRel(ndprFromChina, 10);
  });

  it('the same refusal without materials stops the NdPr too (version 1 meaning)', async () => {
    // At y = 0 nothing Chinese arrives in "refused": 10 motors short, 1000, and no NdPr paid.
    const result = await frontierOf(mustParse(scopedLicence()), 'highs');
    const refusedAtA = result.frontier[0].scenarioCosts[1];
    expect(refusedAtA).not.toBeCloseTo(1200, 3);
  });

  it.each(BACKENDS)('a market spike moves the indexed contract, not the fixed one [%s]', async (backend) => {
    const result = await frontierOf(mustParse(indexedAgainstFixed()), backend);
    const expected = [
      [450, 600],
      [475, 550],
      [500, 500],
    ];
    expect(result.frontier).toHaveLength(3);
    result.frontier.forEach((point, i) => {
      expectRel(point.expectedCost, expected[i][0]);
      expectRel(point.cvar, expected[i][1]);
    });
    const qty = (point: number, s: string) =>
      result.frontier[point].orders.filter((o) => o.supplier === s).reduce((a, o) => a + o.quantity, 0);
    expectRel(qty(0, 'indexed'), 10);
    expectRel(qty(2, 'fixed'), 10);
    expectRel(qty(1, 'indexed'), 5);
  });

  it.each(BACKENDS)(
    'spot pays spotCost * priceFactor * g; reservationCost never moves; a window of periods [%s]',
    async (backend) => {
      // (1) Spot only, one scenario with a spot event (x1.5) and a market event (x2) on NdFeB:
      //     10 kg at 60 * 1.5 * 2 = 180, E = CVaR = 1800.
      const spotOnly = {
        ...indexedAgainstFixed(),
        suppliers: [],
        scenarios: [
          {
            id: 'only',
            probability: 1,
            events: [
              { spot: 'ndfeb', priceFactor: 1.5 },
              { market: 'ndfeb', priceFactor: 2 },
            ],
          },
        ],
      };
      const spot = await frontierOf(mustParse(spotOnly), backend);
      expect(spot.frontier).toHaveLength(1);
      expectRel(spot.frontier[0].expectedCost, 1800);

      // (2) An indexed offer at 10 with reservation 4, g = 3: each kg costs 10 * 3 + 4 = 34
      //     (not 42: the reservation is not indexed), E = 340.
      const reserved = {
        ...indexedAgainstFixed(),
        suppliers: [
          {
            id: 'indexed',
            kind: 'other',
            country: 'JP',
            offers: [{ material: 'ndfeb', unitCost: 10, reservationCost: 4, priceIndexed: true }],
          },
        ],
        spot: [],
        scenarios: [{ id: 'only', probability: 1, events: [{ market: 'ndfeb', priceFactor: 3 }] }],
      };
      expectRel((await frontierOf(mustParse(reserved), backend)).frontier[0].expectedCost, 340);

      // (3) Two periods, demand 10 in each, holding 1 per kg and period; the market triples
      //     from period 2 only. Buying 20 kg in period 1 at 10 and holding 10 costs
      //     200 + 10 = 210, against 100 + 300 = 400 for buying as needed: E = 210.
      const window = {
        ...reserved,
        periods: 2,
        suppliers: [
          {
            id: 'indexed',
            kind: 'other',
            country: 'JP',
            offers: [{ material: 'ndfeb', unitCost: 10, priceIndexed: true }],
          },
        ],
        inventory: [{ material: 'ndfeb', holdingCost: 1 }],
        scenarios: [{ id: 'only', probability: 1, events: [{ market: 'ndfeb', fromPeriod: 2, priceFactor: 3 }] }],
      };
      const held = await frontierOf(mustParse(window), backend);
      expectRel(held.frontier[0].expectedCost, 210);
      expect(held.frontier[0].orders).toEqual([{ supplier: 'indexed', material: 'ndfeb', period: 1, quantity: 20 }]);
    },
  );
});
