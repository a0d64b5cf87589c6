// A small valid problem in the MODEL.md section 2 format, shared by tests.
// A fresh object on every call, so a test can mutate its copy freely.
// Figures are illustrative (EU EV maker, one traction motor, six months).

import type { ProblemInput } from '../../src/domain/schema.js';

export function sampleProblemInput(): ProblemInput {
  return {
    name: 'EU EV maker, H1 plan (sample)',
    currency: 'EUR',
    periods: 6,
    destination: 'EU',
    materials: [
      { id: 'ndfeb', unit: 'kg', name: 'Sintered NdFeB magnet' },
      { id: 'dy', unit: 'kg', name: 'Dysprosium' },
      { id: 'tb', unit: 'kg', name: 'Terbium' },
    ],
    products: [
      {
        id: 'traction-motor',
        demand: [800, 800, 900, 900, 1000, 1000],
        shortfallPenalty: 2500,
        designs: [
          { id: 'pmsm', bom: { ndfeb: 1.9, dy: 0.05 } },
          { id: 'eesm', bom: {}, unitCost: 140, maxShare: 0.35, availableFrom: 3, capacityCost: 30 },
        ],
      },
    ],
    suppliers: [
      {
        id: 'cn-magnet-a',
        kind: 'chinese_licensed',
        country: 'CN',
        offers: [
          { material: 'ndfeb', unitCost: 62, capacity: 3000, leadTime: 1 },
          { material: 'dy', unitCost: 350, capacity: 100, leadTime: 1 },
        ],
      },
      {
        id: 'lynas-au',
        kind: 'western_mine',
        country: 'AU',
        offers: [
          { material: 'ndfeb', unitCost: 95, reservationCost: 5, capacity: [0, 0, 500, 800, 1000, 1000], leadTime: 2 },
          { material: 'dy', unitCost: 600, capacity: 20 },
        ],
      },
      {
        id: 'hypromag-gb',
        kind: 'recycled',
        country: 'GB',
        offers: [{ material: 'ndfeb', unitCost: 80, capacity: 200 }],
      },
    ],
    inventory: [{ material: 'ndfeb', initial: 400, holdingCost: 0.4, max: 6000 }],
    spot: [{ material: 'ndfeb', unitCost: 180, capacity: 200 }],
    policy: {
      maxShareByCountry: [{ country: 'CN', material: 'ndfeb', share: 0.6 }],
      minShareByKind: [{ kind: 'recycled', share: 0.05 }],
    },
    scenarios: [
      { id: 'base', probability: 0.6 },
      {
        id: 'licence-denied',
        probability: 0.4,
        events: [
          { target: { kind: 'chinese_licensed' }, fromPeriod: 3, toPeriod: 6, availability: 0 },
          { spot: 'ndfeb', fromPeriod: 3, priceFactor: 2.5, capacityFactor: 0.5 },
        ],
      },
    ],
    risk: { measure: 'cvar', alpha: 0.9 },
    frontier: { points: 5 },
  };
}
