// MODEL.md section 8's check of a reported marginal value: re-solve the
// point's LP ("minimise E subject to CVaR <= bound") with one limit moved by
// d either way, on HiGHS and the whole LP, and see the value lie between the
// one-sided difference quotients.

import type { Problem } from '../../src/domain/problem.js';
import type { SourcingLp } from '../../src/model/build-sourcing-lp.js';
import { policyRows, type MarginalValues } from '../../src/model/marginal-values.js';
import { highsBackend } from '../../solver/highs/backend.js';
import type { SparseLp } from '../../solver/lp.js';

/** A limit of the LP: how to move it by `delta` units, and how far it can go down. */
export interface Limit {
  label: string;
  /** the reported value (0 when the point does not list it) */
  value: number;
  /** how far the limit can be lowered before it goes negative (Infinity: no floor) */
  room: number;
  /** a natural size for the steps d */
  scale: number;
  apply(lp: SparseLp, delta: number): void;
}

/**
 * The LP with every demand row of MODEL.md section 3 (sum_d q <= demand), also
 * those the builder drops because the designs' bounds imply them: raising a
 * design's bound must not let it build more than the demand.
 */
function withAllDemandRows(problem: Problem, model: SourcingLp): SparseLp {
  const { lp, layout } = model;
  const T = problem.periods;
  const G = layout.designs.length;
  const extra: number[][] = Array.from({ length: lp.numCols }, () => []);
  const upper: number[] = [];
  for (let k = 0; k < problem.scenarios.length; k++)
    problem.products.forEach((product, p) => {
      for (let t = 1; t <= T; t++) {
        const cols: number[] = [];
        let reach = 0;
        for (let g = 0; g < G; g++) {
          const j = layout.buildCol[(k * G + g) * T + t - 1];
          if (layout.designs[g].product !== p || j < 0) continue;
          cols.push(j);
          reach += lp.colUpper[j];
        }
        const demand = product.demand[t - 1];
        if (cols.length === 0 || reach > demand * (1 + 1e-12)) continue;
        const row = lp.numRows + upper.length;
        upper.push(demand);
        for (const j of cols) extra[j].push(row);
      }
    });
  const colStart = [0];
  const rowIndex: number[] = [];
  const value: number[] = [];
  for (let j = 0; j < lp.numCols; j++) {
    for (let q = lp.colStart[j]; q < lp.colStart[j + 1]; q++) {
      rowIndex.push(lp.rowIndex[q]);
      value.push(lp.value[q]);
    }
    for (const r of extra[j]) {
      rowIndex.push(r);
      value.push(1);
    }
    colStart.push(rowIndex.length);
  }
  const rowLower = new Float64Array(lp.numRows + upper.length).fill(-Infinity);
  const rowUpper = new Float64Array(lp.numRows + upper.length);
  rowLower.set(lp.rowLower);
  rowUpper.set(lp.rowUpper);
  rowUpper.set(upper, lp.numRows);
  return {
    ...lp,
    numRows: lp.numRows + upper.length,
    rowLower,
    rowUpper,
    colStart: Int32Array.from(colStart),
    rowIndex: Int32Array.from(rowIndex),
    value: Float64Array.from(value),
    colUpper: lp.colUpper.slice(),
    colLower: lp.colLower.slice(),
    twoStage: undefined,
  };
}

const trueLps = new WeakMap<SourcingLp, SparseLp>();

/** E* of the point's LP (with every demand row) with `change` applied to a copy of its bounds; Infinity when infeasible. */
export async function pointOptimum(
  problem: Problem,
  model: SourcingLp,
  cvarBound: number,
  change?: (lp: SparseLp) => void,
): Promise<number> {
  let full = trueLps.get(model);
  if (!full) trueLps.set(model, (full = withAllDemandRows(problem, model)));
  const lp: SparseLp = {
    ...full,
    colUpper: full.colUpper.slice(),
    colLower: full.colLower.slice(),
    rowUpper: full.rowUpper.slice(),
    rowLower: full.rowLower.slice(),
  };
  change?.(lp);
  lp.rowUpper[model.layout.cvarRow] = cvarBound;
  // HiGHS now and then ends a cold simplex 'unknown' (reported as error) on these LPs: retry without presolve, then by IPM
  const attempts = [
    { method: 'simplex' as const, presolve: true },
    { method: 'simplex' as const, presolve: false },
    { method: 'ipm' as const, presolve: true },
  ];
  let last = '';
  for (const { method, presolve } of attempts) {
    const session = await highsBackend.open(lp, { method });
    try {
      session.setCost(model.expectedObjective, model.constantCost);
      const result = await session.solve({ timeLimitSec: 60, presolve });
      if (result.status === 'infeasible') return Infinity;
      if (result.status === 'optimal') return result.objective;
      last = `${result.status}: ${result.message ?? ''}`;
    } finally {
      session.dispose();
    }
  }
  throw new Error(`re-solve ended ${last}`);
}

/** Every limit MODEL.md section 8 values, with the value the point reports for it. */
export function limitsOf(problem: Problem, model: SourcingLp, values: MarginalValues): Limit[] {
  const { layout, effects } = model;
  const T = problem.periods;
  const K = problem.scenarios.length;
  const M = problem.materials.length;
  const G = layout.designs.length;
  const out: Limit[] = [];
  const raise = (cols: number[], per: number[]) => (lp: SparseLp, d: number) =>
    cols.forEach((j, i) => (lp.colUpper[j] += d * per[i]));

  problem.offers.forEach((offer, o) => {
    const supplier = problem.suppliers[offer.supplier].id;
    const material = problem.materials[offer.material].id;
    for (let t = 1; t <= T; t++) {
      const j = layout.orderCol[o * T + t - 1];
      if (j < 0) continue;
      const cap = offer.capacity[t - 1];
      const found = values.offers.find((v) => v.supplier === supplier && v.material === material && v.period === t);
      out.push({
        label: `offer ${supplier}/${material} t${t}`,
        value: found?.value ?? 0,
        room: cap,
        scale: cap,
        apply: raise([j], [1]),
      });
    }
  });
  for (let m = 0; m < M; m++) {
    const spot = problem.spot[m];
    if (!spot) continue;
    for (let t = 1; t <= T; t++) {
      const cols: number[] = [];
      const per: number[] = [];
      let missing = false;
      for (let k = 0; k < K; k++) {
        const i = (k * M + m) * T + t - 1;
        if (effects.capacityFactor[i] === 0) continue;
        if (layout.spotCol[i] < 0) missing = true;
        cols.push(layout.spotCol[i]);
        per.push(effects.capacityFactor[i]);
      }
      if (missing || cols.length === 0) continue;
      const found = values.spot.find((v) => v.material === problem.materials[m].id && v.period === t);
      out.push({
        label: `spot ${problem.materials[m].id} t${t}`,
        value: found?.value ?? 0,
        room: spot.capacity,
        scale: spot.capacity,
        apply: raise(cols, per),
      });
    }
  }
  for (let m = 0; m < M; m++) {
    const max = problem.inventory[m].max;
    if (!Number.isFinite(max)) continue;
    const cols: number[] = [];
    for (let k = 0; k < K; k++) for (let t = 1; t <= T; t++) cols.push(layout.stockCol[(k * M + m) * T + t - 1]);
    const found = values.inventory.find((v) => v.material === problem.materials[m].id);
    out.push({
      label: `stock max ${problem.materials[m].id}`,
      value: found?.value ?? 0,
      room: max,
      scale: Math.max(1, max),
      apply: raise(
        cols,
        cols.map(() => 1),
      ),
    });
  }
  for (let g = 0; g < G; g++) {
    const fd = layout.designs[g];
    const cols: number[] = [];
    let room = Infinity;
    let missing = false;
    if (layout.capacityCol[g] >= 0) cols.push(layout.capacityCol[g]);
    for (let k = 0; k < K; k++)
      for (let t = fd.design.availableFrom; t <= T; t++) {
        const j = layout.buildCol[(k * G + g) * T + t - 1];
        if (j < 0) missing = true;
        else cols.push(j);
      }
    if (missing || cols.length === 0) continue;
    for (const j of cols) room = Math.min(room, model.lp.colUpper[j]);
    const product = problem.products[fd.product].id;
    const found = values.designs.find((v) => v.product === product && v.design === fd.design.id);
    out.push({
      label: `design ${product}/${fd.design.id}`,
      value: found?.value ?? 0,
      room,
      scale: Math.max(1, room),
      apply: raise(
        cols,
        cols.map(() => 1),
      ),
    });
  }
  const rows = policyRows(problem, model);
  const rules = [
    ...problem.policy.maxShareByCountry.map((r) => ({ ...r, cap: true })),
    ...problem.policy.minShareByKind.map((r) => ({ ...r, cap: false })),
  ];
  rules.forEach((r, i) => {
    const material = problem.materials[r.material].id;
    const found = values.policy.find(
      (v) => v.material === material && (r.cap ? v.country === r.group : v.kind === r.group),
    );
    // a unit of relaxation, in expected deliveries: the rule's share of the capacity on offer sets the scale
    const offered = problem.offers
      .filter((o) => o.material === r.material)
      .reduce((s, o) => s + o.capacity.reduce((a, c) => a + c, 0), 0);
    out.push({
      label: `${r.cap ? 'cap' : 'floor'} ${r.group}/${material}`,
      value: found?.value ?? 0,
      room: Infinity,
      scale: Math.max(1, offered),
      apply: (lp, d) => {
        if (r.cap) lp.rowUpper[rows[i]] += d;
        else lp.rowLower[rows[i]] -= d;
      },
    });
  });
  return out;
}

export interface Bracket {
  left: number;
  right: number;
  tolerance: number;
}

/**
 * The one-sided quotients of E* at steps d: (E(c) - E(c+d))/d <= value <=
 * (E(c-d) - E(c))/d, each within 1e-7 max(1, |E|)/d (right = Infinity
 * where lowering is infeasible or not allowed).
 */
export async function brackets(
  base: number,
  optimum: (delta: number) => Promise<number>,
  steps: number[],
  room: number,
  lowerAllowed = true,
): Promise<Bracket[]> {
  const out: Bracket[] = [];
  for (const d of steps) {
    const up = await optimum(d);
    const down = lowerAllowed && d <= room ? await optimum(-d) : Infinity;
    out.push({
      left: (base - up) / d,
      right: down === Infinity ? Infinity : (down - base) / d,
      tolerance: (1e-7 * Math.max(1, Math.abs(base))) / d,
    });
  }
  return out;
}
