// Small random valid problems (MODEL.md section 2 input), seeded so a failure
// names the seed that reproduces it.

import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export function randomProblemInput(seed: number, opts: { periods?: number; scenarios?: number } = {}) {
  const rng = xoroshiro128plus(seed * 7919 + 17);
  const real = (lo: number, hi: number) => lo + (hi - lo) * uniformFloat64(rng);
  const int = (lo: number, hi: number) => uniformInt(rng, lo, hi);
  const round = (v: number) => Math.round(v * 100) / 100;
  const T = opts.periods ?? int(1, 4);
  const materials = ['ndfeb', 'dy', 'tb'].slice(0, int(1, 3)).map((id) => ({ id }));
  const kinds = ['chinese_licensed', 'recycled', 'western_mine'] as const;
  const countries = ['CN', 'AU', 'US', 'GB'];
  const products = Array.from({ length: int(1, 2) }, (_, p) => ({
    id: `p${p}`,
    demand: Array.from({ length: T }, () => int(0, 50)),
    shortfallPenalty: int(150, 600),
    designs: [
      { id: 'pm', bom: Object.fromEntries(materials.map((m) => [m.id, round(real(0.1, 2))])) },
      ...(real(0, 1) < 0.6
        ? [
            {
              id: 'free',
              bom: {},
              unitCost: int(20, 150),
              maxShare: round(real(0.1, 0.8)),
              availableFrom: int(1, T),
              ...(real(0, 1) < 0.5 ? { capacityCost: int(1, 20) } : {}),
            },
          ]
        : []),
    ],
  }));
  const suppliers = Array.from({ length: int(2, 4) }, (_, s) => {
    const kind = kinds[s % 3];
    return {
      id: `s${s}`,
      kind,
      country: kind === 'chinese_licensed' ? 'CN' : countries[int(1, 3)],
      offers: materials
        .filter(() => real(0, 1) < 0.8)
        .map((m) => ({
          material: m.id,
          // licensed Chinese supply is cheap and the one at risk; the rest is dearer
          unitCost: kind === 'chinese_licensed' ? int(10, 40) : int(50, 140),
          ...(real(0, 1) < 0.3 ? { reservationCost: int(1, 5) } : {}),
          capacity: real(0, 1) < 0.5 ? int(10, 80) : Array.from({ length: T }, () => int(0, 60)),
          leadTime: int(0, Math.min(2, T - 1)),
        })),
    };
  });
  const K = opts.scenarios ?? int(2, 4);
  const weights = Array.from({ length: K }, () => int(1, 10));
  const total = weights.reduce((a, b) => a + b, 0);
  const scenarios = weights.map((w, k) => ({
    id: `k${k}`,
    // the last one takes the remainder so the sum is 1 to rounding
    probability: k === K - 1 ? 1 - weights.slice(0, -1).reduce((a, b) => a + b / total, 0) : w / total,
    events:
      k === 0
        ? []
        : [
            {
              target: { kind: real(0, 1) < 0.7 ? 'chinese_licensed' : kinds[int(1, 2)] },
              fromPeriod: int(1, T),
              toPeriod: T,
              availability: round(real(0, 0.6)),
            },
            ...(real(0, 1) < 0.5
              ? [{ spot: materials[0].id, priceFactor: round(real(1, 3)), capacityFactor: round(real(0, 1)) }]
              : []),
          ],
  }));
  return {
    name: `random ${seed}`,
    periods: T,
    materials,
    products,
    suppliers,
    inventory: materials.map((m) => ({
      material: m.id,
      initial: int(0, 30),
      holdingCost: round(real(0, 2)),
      ...(real(0, 1) < 0.5 ? { max: int(30, 200) } : {}),
    })),
    spot: [{ material: materials[0].id, unitCost: int(150, 300), capacity: int(5, 40) }],
    policy:
      real(0, 1) < 0.5
        ? {
            maxShareByCountry: [{ country: 'CN', share: round(real(0.3, 0.9)) }],
            minShareByKind: [{ kind: 'recycled', material: materials[0].id, share: round(real(0, 0.2)) }],
          }
        : {},
    scenarios,
    risk: { measure: 'cvar', alpha: round(real(0.5, 0.95)) },
    frontier: { points: int(3, 6) },
  };
}
