// The small problem of tests/analysis/vss-evpi.test.ts, whose section 9
// values are worked out by hand there (rp 300, ev 100, eev 600, ws 200).

export function handProblem(stockMax?: number) {
  return {
    name: 'hand',
    periods: 1,
    materials: [{ id: 'ndfeb', unit: 'kg' }],
    products: [{ id: 'motor', demand: 10, shortfallPenalty: 100, designs: [{ id: 'pm', bom: { ndfeb: 1 } }] }],
    suppliers: [
      {
        id: 'cn',
        kind: 'chinese_licensed',
        country: 'CN',
        offers: [{ material: 'ndfeb', unitCost: 10, capacity: 20 }],
      },
      { id: 'au', kind: 'western_mine', country: 'AU', offers: [{ material: 'ndfeb', unitCost: 30, capacity: 20 }] },
    ],
    ...(stockMax !== undefined ? { inventory: [{ material: 'ndfeb', initial: 0, max: stockMax }] } : {}),
    scenarios: [
      { id: 'granted', probability: 0.5 },
      { id: 'refused', probability: 0.5, events: [{ target: { kind: 'chinese_licensed' }, availability: 0 }] },
    ],
    frontier: { points: 2 },
  };
}
