// Deterministic generator of the benchmark problems fixtures/bench/{small,medium,large}.json.
//
// Run:  npx tsx benchmarks/generate-fixtures.ts
//
// The family is one realistic planner's problem scaled up: a European automaker
// (destination EU, EUR, T = 12 monthly periods) building up to five
// magnet-bearing products (main and secondary traction motors, hybrid P2 motor,
// EPS motor, e-compressor motor), each with a rare-earth-free or tolled
// alternative design, buying sintered NdFeB magnets, NdPr oxide (for magnets
// tolled outside China), Dy oxide and Tb oxide (consigned for grain-boundary
// diffusion) from four Chinese licensed suppliers, three recyclers and four
// western mines / magnet plants, with spot markets for NdFeB and Dy oxide.
// Scenarios come from a `scenarioModel` with five drivers: China's export
// licence (MOFCOM No. 18 of 2025), an NdPr export tightening, a Lynas outage,
// a ramp-up delay at the new western magnet plants, and recycling yield.
// Capacities, stocks and spot limits are set as fixed fractions of the
// material requirement of the products chosen, so every size is equally tight.
//
// How the sizes were reached (column formula of MODEL.md section 3, as the
// LP builder lays it out: first stage x, c, eta; per scenario q, b, I, v; u is
// substituted out):
//   columns = x + c + 1 + K * (q + b + I + 1)
//   x: one per offer and period t > leadTime with capacity[t] > 0
//      -> 18 offers, 174 columns (the same in every size; the Mountain Pass
//         magnet offer starts in period 4 and the French ones in period 7)
//   c: one per design with capacityCost -> 1 (small), 2 (medium, large)
//   eta: 1
//   per scenario, T = 12, 4 materials, spot on 2 materials:
//      I = 4 * 12 = 48, b = 2 * 12 = 24, v = 1             -> 73
//      q = sum over products of the periods each design can be built:
//        traction-motor-main  pmsm 12 + eesm (from period 4) 9        = 21
//        eps-motor            pmsm 12 + ferrite-bldc 12               = 24
//        traction-motor-2nd   pmsm 12 + tolled (from 3) 10 + asm 12   = 34
//        hybrid-p2-motor      pmsm 12 + tolled 12                     = 24
//        e-compressor-motor   pmsm 12 + ferrite-ipm (from 5) 8        = 20
//   small : 2 products (q = 45),  73 + 45 = 118 per scenario x  20 scenarios
//           = 2,360 + 174 + 1 + 1 = 2,536 columns
//   medium: 5 products (q = 123), 73 + 123 = 196 per scenario x 100 scenarios
//           = 19,600 + 174 + 2 + 1 = 19,777 columns
//   large : 5 products (q = 123), 196 per scenario x 400 scenarios
//           = 78,400 + 174 + 2 + 1 = 78,577 columns
// So the size grows with products (small -> medium) and mainly with scenarios
// (medium -> large, and any scenario count K passed to generateBenchProblem:
// columns = 177 + 196 K for medium/large, 176 + 118 K for small; e.g. 50, 100,
// 200, 400 scenarios of 'large' give 9,977, 19,777, 39,377, 78,577 columns).
// Small stays above 2k because even one realistic product pair with four
// materials needs about 118 columns per scenario.
// The script recomputes and prints the count for every file it writes.

import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareProblem } from '../src/model/prepare-problem.js';

// ---------------------------------------------------------------------------
// Raw input types (MODEL.md section 2), just what this generator writes.

type Series = number | number[];

export interface RawDesign {
  id: string;
  bom: Record<string, number>;
  unitCost?: number;
  maxShare?: number;
  availableFrom?: number;
  capacityCost?: number;
}

export interface RawProduct {
  id: string;
  name?: string;
  demand: Series;
  shortfallPenalty: number;
  designs: RawDesign[];
}

export interface RawOffer {
  material: string;
  unitCost?: number;
  reservationCost?: number;
  capacity?: Series;
  leadTime?: number;
}

export interface RawSupplier {
  id: string;
  name?: string;
  kind: 'chinese_licensed' | 'recycled' | 'western_mine' | 'other';
  country: string;
  offers: RawOffer[];
}

export interface RawTarget {
  suppliers?: string[];
  kind?: string;
  country?: string;
}

export type RawDriver =
  | {
      id: string;
      type: 'licence';
      target: RawTarget;
      approval: Record<string, number>;
      approvalDelay: [number, number];
      validity: number;
      renewal: number;
    }
  | {
      id: string;
      type: 'disruption';
      target: RawTarget;
      probability: number;
      start: [number, number];
      duration?: [number, number];
      availability: number;
    }
  | { id: string; type: 'yield'; target: RawTarget; availability: [number, number] };

export interface RawScenario {
  id: string;
  probability: number;
  events?: unknown[];
}

export interface RawProblem {
  name: string;
  description?: string;
  currency?: string;
  periods: number;
  destination: string;
  materials: { id: string; unit: string; name: string }[];
  products: RawProduct[];
  suppliers: RawSupplier[];
  inventory?: { material: string; initial?: number; holdingCost?: number; max?: number }[];
  spot?: { material: string; unitCost: number; capacity?: number }[];
  policy?: {
    maxShareByCountry?: { country: string; material?: string; share: number }[];
    minShareByKind?: { kind: string; material?: string; share: number }[];
  };
  scenarios?: RawScenario[];
  scenarioModel?: { count: number; seed: number; drivers: RawDriver[] };
  risk?: { measure: 'cvar'; alpha?: number };
  frontier?: { points?: number };
}

// ---------------------------------------------------------------------------
// The benchmark family.

export type BenchSize = 'small' | 'medium' | 'large';

const T = 12;
/** monthly production profile of a European plant: August shutdown, December slowdown */
const SEASON = [0.95, 1.0, 1.05, 1.0, 1.05, 1.0, 0.9, 0.6, 1.05, 1.1, 1.1, 0.85];

const DEFAULT_SCENARIOS: Record<BenchSize, number> = { small: 20, medium: 100, large: 400 };

interface ProductSpec {
  product: Omit<RawProduct, 'demand'>;
  /** average monthly units */
  volume: number;
}

/** Products in the order they are added as the size grows. */
const CATALOGUE: ProductSpec[] = [
  {
    volume: 10_000,
    product: {
      id: 'traction-motor-main',
      name: 'Rear-axle traction motor, 150-200 kW',
      shortfallPenalty: 3_500,
      designs: [
        { id: 'pmsm', bom: { ndfeb: 1.95, 'dy-oxide': 0.03, 'tb-oxide': 0.008 } },
        { id: 'eesm', bom: {}, unitCost: 160, maxShare: 0.35, availableFrom: 4, capacityCost: 9_000 },
      ],
    },
  },
  {
    volume: 24_000,
    product: {
      id: 'eps-motor',
      name: 'Electric power steering motor (all vehicles)',
      shortfallPenalty: 2_500,
      designs: [
        { id: 'pmsm', bom: { ndfeb: 0.12, 'dy-oxide': 0.002 } },
        { id: 'ferrite-bldc', bom: {}, unitCost: 9, maxShare: 0.5 },
      ],
    },
  },
  {
    volume: 6_000,
    product: {
      id: 'traction-motor-secondary',
      name: 'Front-axle traction motor, 80-120 kW',
      shortfallPenalty: 3_500,
      designs: [
        { id: 'pmsm', bom: { ndfeb: 1.4, 'dy-oxide': 0.02, 'tb-oxide': 0.006 } },
        // magnets made under toll outside China from consigned oxide (~0.36 kg NdPr oxide per kg magnet)
        {
          id: 'pmsm-tolled',
          bom: { 'ndpr-oxide': 0.5, 'dy-oxide': 0.022, 'tb-oxide': 0.006 },
          unitCost: 22,
          maxShare: 0.4,
          availableFrom: 3,
        },
        { id: 'asm', bom: {}, unitCost: 95, maxShare: 0.5, capacityCost: 5_000 },
      ],
    },
  },
  {
    volume: 8_000,
    product: {
      id: 'hybrid-p2-motor',
      name: 'P2 hybrid module motor',
      shortfallPenalty: 2_800,
      designs: [
        { id: 'pmsm', bom: { ndfeb: 1.1, 'dy-oxide': 0.018, 'tb-oxide': 0.004 } },
        {
          id: 'pmsm-tolled',
          bom: { 'ndpr-oxide': 0.4, 'dy-oxide': 0.02, 'tb-oxide': 0.004 },
          unitCost: 18,
          maxShare: 0.4,
        },
      ],
    },
  },
  {
    volume: 9_000,
    product: {
      id: 'e-compressor-motor',
      name: 'Electric A/C compressor motor',
      shortfallPenalty: 2_000,
      designs: [
        { id: 'pmsm', bom: { ndfeb: 0.25, 'dy-oxide': 0.004 } },
        { id: 'ferrite-ipm', bom: {}, unitCost: 14, maxShare: 0.6, availableFrom: 5 },
      ],
    },
  },
];

const PRODUCTS_BY_SIZE: Record<BenchSize, number> = { small: 2, medium: 5, large: 5 };

function round(value: number, step: number): number {
  return Math.max(step, Math.round(value / step) * step);
}

/** Zero before `from`, then a linear ramp over `rampPeriods` periods to `full`. */
function ramp(full: number, from: number, rampPeriods: number, step: number): number[] {
  return Array.from({ length: T }, (_, i) => {
    const t = i + 1;
    if (t < from) return 0;
    return round(full * Math.min(1, (t - from + 1) / rampPeriods), step);
  });
}

/**
 * The benchmark problem of the given size; `scenarios` overrides the scenario
 * count (20, 100, 400 by default) so benchmarks can run the same family with
 * 50/100/200/400 scenarios. Deterministic: same arguments, same problem.
 */
export function generateBenchProblem(size: BenchSize, scenarios?: number): RawProblem {
  const count = scenarios ?? DEFAULT_SCENARIOS[size];
  if (!Number.isInteger(count) || count < 1) throw new Error(`scenario count must be a positive integer, got ${count}`);
  const specs = CATALOGUE.slice(0, PRODUCTS_BY_SIZE[size]);

  const products: RawProduct[] = specs.map(({ product, volume }) => ({
    id: product.id,
    name: product.name,
    demand: SEASON.map((f) => Math.round(volume * f)),
    shortfallPenalty: product.shortfallPenalty,
    designs: product.designs,
  }));

  // Average monthly requirement of each material: magnets and heavy rare earths
  // if everything were built with the first (PMSM) design; NdPr oxide if every
  // tolled design ran at its maximum share.
  const need: Record<string, number> = { ndfeb: 0, 'ndpr-oxide': 0, 'dy-oxide': 0, 'tb-oxide': 0 };
  for (const { product, volume } of specs) {
    for (const [m, perUnit] of Object.entries(product.designs[0].bom)) need[m] += perUnit * volume;
    for (const d of product.designs) {
      const ndpr = d.bom['ndpr-oxide'];
      if (ndpr !== undefined) need['ndpr-oxide'] += ndpr * volume * (d.maxShare ?? 1);
    }
  }
  if (need['ndpr-oxide'] === 0) need['ndpr-oxide'] = 0.05 * need.ndfeb; // spare oxide for prototypes
  const mag = need.ndfeb;
  const ndpr = need['ndpr-oxide'];
  const dy = need['dy-oxide'];
  const tb = need['tb-oxide'];

  const suppliers: RawSupplier[] = [
    // Chinese licensed suppliers: cheapest and largest (2024 export average ~ $49/kg).
    {
      id: 'cn-magnet-ningbo',
      name: 'Ningbo sintered NdFeB maker',
      kind: 'chinese_licensed',
      country: 'CN',
      offers: [
        { material: 'ndfeb', unitCost: 46, reservationCost: 1.5, capacity: round(0.45 * mag, 100), leadTime: 1 },
      ],
    },
    {
      id: 'cn-magnet-baotou',
      name: 'Baotou sintered NdFeB maker',
      kind: 'chinese_licensed',
      country: 'CN',
      offers: [
        { material: 'ndfeb', unitCost: 44, reservationCost: 1.5, capacity: round(0.35 * mag, 100), leadTime: 2 },
      ],
    },
    {
      id: 'cn-magnet-ganzhou',
      name: 'Ganzhou magnet and heavy rare earth group',
      kind: 'chinese_licensed',
      country: 'CN',
      offers: [
        { material: 'ndfeb', unitCost: 48, reservationCost: 1.5, capacity: round(0.3 * mag, 100), leadTime: 1 },
        { material: 'dy-oxide', unitCost: 300, reservationCost: 10, capacity: round(1.2 * dy, 1), leadTime: 1 },
        { material: 'tb-oxide', unitCost: 1_150, reservationCost: 35, capacity: round(1.2 * tb, 1), leadTime: 1 },
      ],
    },
    {
      // NdPr oxide is not on the April 2025 list: not targeted by the licence driver.
      id: 'cn-refiner-baotou',
      name: 'Baotou light rare earth refiner',
      kind: 'chinese_licensed',
      country: 'CN',
      offers: [{ material: 'ndpr-oxide', unitCost: 68, capacity: round(1.0 * ndpr, 10), leadTime: 1 }],
    },
    // Recyclers: small, uncertain yield.
    {
      id: 'de-magnet-recycler',
      name: 'German magnet-to-magnet recycler',
      kind: 'recycled',
      country: 'DE',
      offers: [{ material: 'ndfeb', unitCost: 60, reservationCost: 3, capacity: round(0.05 * mag, 10), leadTime: 1 }],
    },
    {
      id: 'gb-magnet-recycler',
      name: 'UK hydrogen-process magnet recycler',
      kind: 'recycled',
      country: 'GB',
      offers: [{ material: 'ndfeb', unitCost: 62, reservationCost: 3, capacity: round(0.03 * mag, 10), leadTime: 2 }],
    },
    {
      id: 'fr-hre-separator',
      name: 'French recycling and heavy rare earth separation plant',
      kind: 'recycled',
      country: 'FR',
      offers: [
        { material: 'ndpr-oxide', unitCost: 85, capacity: ramp(round(0.1 * ndpr, 10), 7, 3, 10), leadTime: 1 },
        { material: 'dy-oxide', unitCost: 650, capacity: ramp(round(0.08 * dy, 1), 7, 3, 1), leadTime: 1 },
        { material: 'tb-oxide', unitCost: 2_600, capacity: ramp(round(0.08 * tb, 1), 7, 3, 1), leadTime: 1 },
      ],
    },
    // Western mines, refiners and magnet plants: dearer, limited, ramping.
    {
      id: 'ee-magnet-narva',
      name: 'Narva (Estonia) sintered magnet plant',
      kind: 'western_mine',
      country: 'EE',
      offers: [
        {
          material: 'ndfeb',
          unitCost: 72,
          reservationCost: 3,
          capacity: ramp(round(0.15 * mag, 100), 1, 9, 100),
          leadTime: 1,
        },
      ],
    },
    {
      id: 'jp-magnet',
      name: 'Japanese sintered magnet maker',
      kind: 'western_mine',
      country: 'JP',
      offers: [{ material: 'ndfeb', unitCost: 78, reservationCost: 3, capacity: round(0.12 * mag, 100), leadTime: 2 }],
    },
    {
      id: 'lynas-my',
      name: 'Lynas Malaysia (Mt Weld feed)',
      kind: 'western_mine',
      country: 'MY',
      offers: [
        { material: 'ndpr-oxide', unitCost: 80, reservationCost: 2, capacity: round(0.6 * ndpr, 10), leadTime: 2 },
        { material: 'dy-oxide', unitCost: 800, reservationCost: 20, capacity: round(0.15 * dy, 1), leadTime: 2 },
        { material: 'tb-oxide', unitCost: 3_000, reservationCost: 80, capacity: round(0.12 * tb, 1), leadTime: 2 },
      ],
    },
    {
      id: 'us-mp-materials',
      name: 'Mountain Pass oxide and Texas magnet plant',
      kind: 'western_mine',
      country: 'US',
      offers: [
        { material: 'ndpr-oxide', unitCost: 110, capacity: round(0.3 * ndpr, 10), leadTime: 2 },
        {
          material: 'ndfeb',
          unitCost: 85,
          reservationCost: 3,
          capacity: ramp(round(0.08 * mag, 100), 4, 6, 100),
          leadTime: 2,
        },
      ],
    },
  ];

  const problem: RawProblem = {
    name: `Lodestone benchmark (${size}): EU automaker, ${specs.length} products, ${count} scenarios`,
    description:
      'Generated by benchmarks/generate-fixtures.ts. European automaker planning 12 months of magnet, NdPr, Dy and Tb ' +
      "purchases under China's April 2025 export licences; capacities are fractions of the products' requirement.",
    currency: 'EUR',
    periods: T,
    destination: 'EU',
    materials: [
      { id: 'ndfeb', unit: 'kg', name: 'Sintered NdFeB magnet (finished, coated)' },
      { id: 'ndpr-oxide', unit: 'kg', name: 'NdPr oxide, consigned to a toll magnet maker outside China' },
      { id: 'dy-oxide', unit: 'kg', name: 'Dysprosium oxide 99.5%, consigned for grain-boundary diffusion' },
      { id: 'tb-oxide', unit: 'kg', name: 'Terbium oxide 99.99%, consigned for grain-boundary diffusion' },
    ],
    products,
    suppliers,
    inventory: [
      { material: 'ndfeb', initial: round(1.5 * mag, 100), holdingCost: 0.5, max: round(4 * mag, 100) },
      { material: 'ndpr-oxide', initial: round(0.5 * ndpr, 10), holdingCost: 0.6, max: round(3 * ndpr, 10) },
      { material: 'dy-oxide', initial: round(1.5 * dy, 1), holdingCost: 2.5, max: round(5 * dy, 1) },
      { material: 'tb-oxide', initial: round(1.5 * tb, 1), holdingCost: 9, max: round(5 * tb, 1) },
    ],
    spot: [
      { material: 'ndfeb', unitCost: 140, capacity: round(0.05 * mag, 10) },
      { material: 'dy-oxide', unitCost: 950, capacity: round(0.05 * dy, 1) },
    ],
    policy: {
      maxShareByCountry: [
        { country: 'CN', material: 'ndfeb', share: 0.7 },
        { country: 'CN', material: 'dy-oxide', share: 0.9 },
      ],
      minShareByKind: [{ kind: 'recycled', material: 'ndfeb', share: 0.03 }],
    },
    scenarioModel: {
      count,
      seed: 20250404,
      drivers: [
        {
          id: 'cn-licence',
          type: 'licence',
          target: { suppliers: ['cn-magnet-ningbo', 'cn-magnet-baotou', 'cn-magnet-ganzhou'] },
          approval: { EU: 0.8, US: 0.45, JP: 0.7, KR: 0.5, IN: 0.05 },
          approvalDelay: [1, 3],
          validity: 6,
          renewal: 0.85,
        },
        {
          id: 'cn-ndpr-tightening',
          type: 'disruption',
          target: { suppliers: ['cn-refiner-baotou'] },
          probability: 0.15,
          start: [4, 12],
          availability: 0.5,
        },
        {
          id: 'lynas-outage',
          type: 'disruption',
          target: { suppliers: ['lynas-my'] },
          probability: 0.2,
          start: [1, 12],
          duration: [2, 6],
          availability: 0,
        },
        {
          id: 'western-ramp-delay',
          type: 'disruption',
          target: { suppliers: ['ee-magnet-narva', 'us-mp-materials'] },
          probability: 0.3,
          start: [1, 6],
          duration: [3, 9],
          availability: 0.4,
        },
        { id: 'recycling-yield', type: 'yield', target: { kind: 'recycled' }, availability: [0.6, 1.0] },
      ],
    },
    risk: { measure: 'cvar', alpha: 0.95 },
    frontier: { points: 11 },
  };
  return problem;
}

// ---------------------------------------------------------------------------
// Script entry point: only when executed directly (npx tsx benchmarks/generate-fixtures.ts).

function main(): void {
  const outDir = fileURLToPath(new URL('../fixtures/bench/', import.meta.url));
  mkdirSync(outDir, { recursive: true });
  for (const size of ['small', 'medium', 'large'] as const) {
    const problem = generateBenchProblem(size);
    const file = resolve(outDir, `${size}.json`);
    writeFileSync(file, JSON.stringify(problem, null, 2) + '\n');
    // Sized with the engine's own builder, so the counts are the LP that is solved.
    const prepared = prepareProblem(problem);
    if (!prepared.ok)
      throw new Error(
        `generated ${size} problem is invalid: ${prepared.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      );
    const { rows, columns, nonzeros } = prepared.size;
    console.log(
      `${size.padEnd(6)} ${String(columns).padStart(6)} columns, ${rows} rows, ${nonzeros} non-zeros -> ${file}`,
    );
  }
}

const invokedAs = process.argv[1] === undefined ? '' : resolve(process.argv[1]);
if (invokedAs === fileURLToPath(import.meta.url)) main();
