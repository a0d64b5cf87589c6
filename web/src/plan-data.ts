// The numbers the plan and comparison panels show, computed from a frontier
// point (and, where the result does not say, from the loaded problem): pure
// functions, no DOM, so they are tested in Node (tests/web/plan-data.test.ts).

import type { FrontierPoint, ProblemInput } from './types.js';

/** Supplier kinds in display order (MODEL.md section 1, README "choices"); spot is not a supplier. */
export const SUPPLIER_KINDS = ['chinese_licensed', 'recycled', 'western_mine', 'other'] as const;
/**
 * What orders are grouped by: the known kinds, kinds of the planner's own (MODEL.md 6.3: any
 * label, shown together in a neutral style), spot purchases, and suppliers the loaded problem
 * does not name.
 */
export type SourceKind = (typeof SUPPLIER_KINDS)[number] | 'custom' | 'spot' | 'unknown';
export const SOURCE_KINDS: SourceKind[] = [...SUPPLIER_KINDS, 'custom', 'spot', 'unknown'];

export const KIND_LABELS: Record<SourceKind, string> = {
  chinese_licensed: 'Chinese (licensed)',
  recycled: 'Recycled',
  western_mine: 'Western mine',
  other: 'Other',
  custom: 'Own kinds',
  spot: 'Spot (expected)',
  unknown: 'Kind unknown',
};

/** supplier id -> kind, from the problem the result was solved from (the result itself does not carry kinds). */
export function supplierKinds(problem: ProblemInput | undefined): Map<string, SourceKind> {
  const kinds = new Map<string, SourceKind>();
  for (const s of problem?.suppliers ?? []) {
    kinds.set(s.id, (SUPPLIER_KINDS as readonly string[]).includes(s.kind ?? '') ? (s.kind as SourceKind) : 'custom');
  }
  return kinds;
}

/** T, from the per-period extras (every material has T entries), else the latest order. */
export function periodCount(point: FrontierPoint): number {
  const series = Object.values(point.expectedStock ?? {})[0];
  if (series) return series.length;
  return point.orders.reduce((t, o) => Math.max(t, o.period), 0);
}

/** Materials named anywhere in the point, in the result's own order. */
export function materialsOf(point: FrontierPoint): string[] {
  const seen = new Set<string>(Object.keys(point.expectedStock ?? {}));
  for (const o of point.orders) seen.add(o.material);
  return [...seen];
}

/** Contracted orders of one material per period, stacked by supplier kind, and expected spot purchases. */
export function ordersByKind(
  point: FrontierPoint,
  material: string,
  kinds: Map<string, SourceKind>,
): Map<SourceKind, number[]> {
  const T = periodCount(point);
  const out = new Map<SourceKind, number[]>();
  const series = (kind: SourceKind) => {
    let s = out.get(kind);
    if (!s) out.set(kind, (s = new Array<number>(T).fill(0)));
    return s;
  };
  for (const o of point.orders) {
    if (o.material !== material || o.period < 1 || o.period > T) continue;
    series(kinds.get(o.supplier) ?? 'unknown')[o.period - 1] += o.quantity;
  }
  const spot = point.expectedSpot?.[material];
  if (spot?.some((v) => v > 0)) spot.forEach((v, t) => (series('spot')[t] += v));
  return new Map(SOURCE_KINDS.filter((k) => out.has(k)).map((k) => [k, out.get(k)!]));
}

export interface OrderRow {
  supplier: string;
  kind: SourceKind;
  material: string;
  /** per period 1..T */
  quantities: number[];
  total: number;
}

/** The orders as supplier x material rows over periods 1..T, by kind, then supplier, then material. */
export function orderRows(point: FrontierPoint, kinds: Map<string, SourceKind>): OrderRow[] {
  const T = periodCount(point);
  const rows = new Map<string, OrderRow>();
  for (const o of point.orders) {
    const key = `${o.supplier}\u0000${o.material}`;
    let row = rows.get(key);
    if (!row)
      rows.set(
        key,
        (row = {
          supplier: o.supplier,
          kind: kinds.get(o.supplier) ?? 'unknown',
          material: o.material,
          quantities: new Array<number>(T).fill(0),
          total: 0,
        }),
      );
    if (o.period >= 1 && o.period <= T) row.quantities[o.period - 1] += o.quantity;
    row.total += o.quantity;
  }
  const kindOrder = (k: SourceKind) => SOURCE_KINDS.indexOf(k);
  return [...rows.values()].sort(
    (a, b) =>
      kindOrder(a.kind) - kindOrder(b.kind) ||
      a.supplier.localeCompare(b.supplier) ||
      a.material.localeCompare(b.material),
  );
}

/**
 * How much of each scenario's probability lies in the worst (1 - alpha) tail:
 * the scenarios from the most expensive down, the last one in part. The same
 * rule as the service's CVaR (src/model/risk.ts), so sum(w*c)/sum(w) is the
 * reported CVaR.
 */
export function tailWeights(costs: readonly number[], probabilities: readonly number[], alpha: number): number[] {
  const tail = 1 - alpha;
  const weights = new Array<number>(costs.length).fill(0);
  const order = costs.map((_, k) => k).sort((a, b) => costs[b] - costs[a]);
  let mass = 0;
  for (const k of order) {
    const take = Math.min(probabilities[k], tail - mass);
    if (take <= 0) break;
    weights[k] = take;
    mass += take;
  }
  return weights;
}

export interface HistogramBin {
  from: number;
  to: number;
  /** probability of the bin's scenarios outside the CVaR tail */
  body: number;
  /** probability of the bin's scenarios inside the CVaR tail */
  tail: number;
  /** indices of the scenarios in the bin */
  scenarios: number[];
}

/** The scenario cost distribution in equal-width bins, each split into its in-tail and out-of-tail probability. */
export function costHistogram(
  costs: readonly number[],
  probabilities: readonly number[],
  alpha: number,
  binCount?: number,
): HistogramBin[] {
  if (costs.length === 0) return [];
  const weights = tailWeights(costs, probabilities, alpha);
  const lo = Math.min(...costs);
  const hi = Math.max(...costs);
  const n = binCount ?? (costs.length <= 12 ? 10 : Math.min(40, Math.max(10, Math.round(2 * Math.sqrt(costs.length)))));
  const width = hi > lo ? (hi - lo) / n : Math.max(1, Math.abs(hi) * 1e-6);
  const bins: HistogramBin[] = Array.from({ length: hi > lo ? n : 1 }, (_, i) => ({
    from: lo + i * width,
    to: lo + (i + 1) * width,
    body: 0,
    tail: 0,
    scenarios: [],
  }));
  costs.forEach((c, k) => {
    const bin = bins[Math.min(bins.length - 1, Math.floor((c - lo) / width))];
    bin.tail += weights[k];
    bin.body += Math.max(0, probabilities[k] - weights[k]);
    bin.scenarios.push(k);
  });
  return bins;
}

/** The cost level where the tail starts (value at risk): the cheapest scenario with weight in the tail. */
export function valueAtRisk(costs: readonly number[], probabilities: readonly number[], alpha: number): number {
  const weights = tailWeights(costs, probabilities, alpha);
  let v = Infinity;
  weights.forEach((w, k) => {
    if (w > 0 && costs[k] < v) v = costs[k];
  });
  return Number.isFinite(v) ? v : Math.max(...costs);
}

export interface OrderMove {
  supplier: string;
  kind: SourceKind;
  material: string;
  a: number;
  b: number;
  delta: number;
}

export interface Comparison {
  deltaExpected: number;
  deltaCvar: number;
  deltaWorst: number;
  deltaUnmet: number;
  /** extra expected cost paid per unit of CVaR removed (B against A); null when CVaR does not fall */
  costPerRiskUnit: number | null;
  /** totals over the horizon per supplier and material (spot as supplier "spot"), largest change first; unchanged ones left out */
  moves: OrderMove[];
}

const total = (record: Record<string, number>) => Object.values(record).reduce((s, v) => s + v, 0);

/** A key no supplier id can take: spot purchases are grouped apart from every supplier. */
const SPOT_KEY = '\u0001spot';

export function comparePoints(a: FrontierPoint, b: FrontierPoint, kinds: Map<string, SourceKind>): Comparison {
  const totals = (point: FrontierPoint) => {
    const out = new Map<string, number>();
    const add = (supplier: string, material: string, q: number) =>
      out.set(`${supplier}\u0000${material}`, (out.get(`${supplier}\u0000${material}`) ?? 0) + q);
    for (const o of point.orders) add(o.supplier, o.material, o.quantity);
    for (const [material, series] of Object.entries(point.expectedSpot ?? {})) {
      const sum = series.reduce((s, v) => s + v, 0);
      if (sum > 0) add(SPOT_KEY, material, sum);
    }
    return out;
  };
  const ta = totals(a);
  const tb = totals(b);
  const moves: OrderMove[] = [];
  for (const key of new Set([...ta.keys(), ...tb.keys()])) {
    const [supplier, material] = key.split('\u0000');
    const qa = ta.get(key) ?? 0;
    const qb = tb.get(key) ?? 0;
    // Below this the two plans order the same: solver round-off, not a decision.
    if (Math.abs(qb - qa) <= 1e-7 * Math.max(1, Math.abs(qa), Math.abs(qb))) continue;
    const spot = supplier === SPOT_KEY;
    moves.push({
      supplier: spot ? 'spot' : supplier,
      kind: spot ? 'spot' : (kinds.get(supplier) ?? 'unknown'),
      material,
      a: qa,
      b: qb,
      delta: qb - qa,
    });
  }
  moves.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || x.supplier.localeCompare(y.supplier));
  const deltaExpected = b.expectedCost - a.expectedCost;
  const deltaCvar = b.cvar - a.cvar;
  return {
    deltaExpected,
    deltaCvar,
    deltaWorst: b.worstCaseCost - a.worstCaseCost,
    deltaUnmet: total(b.unmetDemand) - total(a.unmetDemand),
    costPerRiskUnit: deltaCvar < 0 ? deltaExpected / -deltaCvar : null,
    moves,
  };
}

/** One CSV field (RFC 4180); text that a spreadsheet would run as a formula is quoted with a leading apostrophe. */
function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The whole plan of one point as one tidy CSV table, a row per number:
 * contracted orders, expected spot purchases and stock (per material and
 * period), design capacities, expected production and unmet demand (over the
 * horizon).
 */
export function planCsv(point: FrontierPoint, kinds: Map<string, SourceKind>): string {
  const header = ['record', 'supplier', 'supplier_kind', 'material', 'product', 'design', 'period', 'value'];
  const rows: (string | number | undefined)[][] = [];
  for (const o of point.orders)
    rows.push([
      'order',
      o.supplier,
      kinds.get(o.supplier) ?? 'unknown',
      o.material,
      undefined,
      undefined,
      o.period,
      o.quantity,
    ]);
  for (const [material, series] of Object.entries(point.expectedSpot ?? {})) {
    series.forEach(
      (v, t) => v > 0 && rows.push(['expected_spot', 'spot', 'spot', material, undefined, undefined, t + 1, v]),
    );
  }
  for (const [material, series] of Object.entries(point.expectedStock ?? {})) {
    series.forEach((v, t) =>
      rows.push(['expected_stock', undefined, undefined, material, undefined, undefined, t + 1, v]),
    );
  }
  for (const c of point.designCapacities)
    rows.push(['design_capacity', undefined, undefined, undefined, c.product, c.design, undefined, c.capacity]);
  for (const p of point.production)
    rows.push(['expected_production', undefined, undefined, undefined, p.product, p.design, undefined, p.expected]);
  for (const [product, units] of Object.entries(point.unmetDemand))
    rows.push(['expected_unmet_demand', undefined, undefined, undefined, product, undefined, undefined, units]);
  // MODEL.md section 8: what one more unit of each binding limit saves (present when the back-end gave duals)
  const mv = point.marginalValues;
  if (point.riskPrice !== undefined)
    rows.push(['risk_price', undefined, undefined, undefined, undefined, undefined, undefined, point.riskPrice]);
  for (const o of mv?.offers ?? [])
    rows.push([
      'marginal_value_offer',
      o.supplier,
      kinds.get(o.supplier) ?? 'unknown',
      o.material,
      undefined,
      undefined,
      o.period,
      o.value,
    ]);
  for (const s of mv?.spot ?? [])
    rows.push(['marginal_value_spot', 'spot', 'spot', s.material, undefined, undefined, s.period, s.value]);
  for (const i of mv?.inventory ?? [])
    rows.push(['marginal_value_stock_max', undefined, undefined, i.material, undefined, undefined, undefined, i.value]);
  for (const d of mv?.designs ?? [])
    rows.push(['marginal_value_design', undefined, undefined, undefined, d.product, d.design, undefined, d.value]);
  for (const p of mv?.policy ?? []) {
    // a country cap names its country in the supplier column, a kind floor its kind in supplier_kind
    const who = p.rule === 'maxShareByCountry' ? [p.country, undefined] : [undefined, p.kind];
    rows.push([`marginal_value_${p.rule}`, ...who, p.material, undefined, undefined, undefined, p.value]);
    rows.push([`marginal_value_${p.rule}_per_share`, ...who, p.material, undefined, undefined, undefined, p.perShare]);
  }
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** A file-name-safe slug of a problem's name. */
export function slug(text: string | undefined, fallback = 'frontier'): string {
  const s = (text ?? '')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return s || fallback;
}
