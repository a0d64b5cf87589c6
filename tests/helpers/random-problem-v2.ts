// Small random problems that use every MODEL.md version-2 field: events and
// drivers scoped to materials, market events, index-linked offers, a kind of
// the planner's own, and (odd seeds) a generated set with effects, price and
// regime drivers, `when` conditions, licence quotas and re-application.
// Seeded, so a failure names the seed that reproduces it.

import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { randomProblemInput } from './random-problem.js';

export function randomProblemInputV2(seed: number) {
  const base = randomProblemInput(seed, { periods: 2 + (seed % 3) });
  const rng = xoroshiro128plus(seed * 104729 + 3);
  const real = (lo: number, hi: number) => lo + (hi - lo) * uniformFloat64(rng);
  const int = (lo: number, hi: number) => uniformInt(rng, lo, hi);
  const round = (v: number) => Math.round(v * 100) / 100;
  const T = base.periods;
  const ids = base.materials.map((m) => m.id);
  const some = () => {
    const picked = ids.filter(() => real(0, 1) < 0.5);
    return picked.length > 0 ? picked : [ids[int(0, ids.length - 1)]];
  };

  const suppliers = base.suppliers.map((s, i) => ({
    ...s,
    // one supplier per problem carries a kind of the planner's own
    kind: i === 1 ? 'allied_processor' : s.kind,
    offers: s.offers.map((o) => ({ ...o, ...(real(0, 1) < 0.5 ? { priceIndexed: true } : {}) })),
  }));
  const spot = ids.slice(0, 2).map((material) => ({ material, unitCost: int(150, 300), capacity: int(5, 40) }));
  const policy = real(0, 1) < 0.5 ? { minShareByKind: [{ kind: 'allied_processor', share: round(real(0, 0.2)) }] } : {};

  if (seed % 2 === 0) {
    const scenarios = base.scenarios.map((s, k) => ({
      ...s,
      events:
        k === 0
          ? []
          : [
              {
                target: { kind: 'chinese_licensed', materials: some() },
                fromPeriod: int(1, T),
                availability: round(real(0, 0.6)),
              },
              { market: ids[int(0, ids.length - 1)], fromPeriod: int(1, T), priceFactor: round(real(0.7, 2.5)) },
              ...(real(0, 1) < 0.5
                ? [{ spot: ids[0], priceFactor: round(real(1, 3)), capacityFactor: round(real(0.2, 1)) }]
                : []),
            ],
    }));
    return { ...base, suppliers, spot, policy, scenarios };
  }

  const m = () => ids[int(0, ids.length - 1)];
  const scenarioModel = {
    count: int(5, 8),
    seed,
    drivers: [
      {
        id: 'escalation',
        type: 'regime',
        probability: 0.4,
        start: [1, T],
        duration: [1, 2],
        effects: [
          { spot: ids[0], priceFactor: 2, capacityFactor: 0.5 },
          { market: m(), priceFactor: 1.6 },
        ],
      },
      {
        id: 'calm-licence',
        type: 'licence',
        when: { driver: 'escalation', fired: false },
        target: { kind: 'chinese_licensed', materials: some() },
        approval: { JP: 0.8 },
        approvalDelay: [0, 1],
        validity: 1,
        renewal: 0.7,
        quota: [0.5, 1],
        reapply: [1, 2],
        effects: [{ market: m(), priceFactor: 1.4 }],
      },
      {
        id: 'tight-licence',
        type: 'licence',
        when: { driver: 'escalation', fired: true },
        target: { kind: 'chinese_licensed', materials: some() },
        approval: { JP: 0.3 },
        validity: 2,
        renewal: 0.5,
        quota: [0.2, 0.6],
        reapply: [1, 1],
        effects: [{ spot: ids[0], priceFactor: 2.5 }],
      },
      {
        id: 'outage',
        type: 'disruption',
        target: { kind: 'allied_processor', materials: some() },
        probability: 0.5,
        start: [1, T],
        duration: [1, 2],
        availability: 0.3,
        effects: [{ market: m(), priceFactor: 1.2 }],
      },
      { id: 'yield', type: 'yield', target: { kind: 'recycled' }, availability: [0.6, 1] },
      { id: 'price', type: 'price', material: m(), factor: [0.8, 1.6], start: [1, T] },
    ],
  };
  const { scenarios: _explicit, ...rest } = base;
  void _explicit;
  return { ...rest, destination: 'JP', suppliers, spot, policy, scenarioModel };
}
