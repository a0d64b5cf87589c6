// Builds the two-stage stochastic CVaR LP of MODEL.md section 3 as one SparseLp.
//
// Formulation choices, made for simplex speed (see README "The LP"):
// - unmet demand u is substituted out: u = demand - sum_d q, so each demand
//   equality becomes `sum_d q <= demand` (and is dropped when the designs'
//   bounds already imply it), and penalty*demand moves into a constant;
// - x columns that must be 0 (t <= leadTime, zero capacity) and q columns
//   that must be 0 (before availableFrom, zero demand) are never created;
// - the expected cost E and the CVaR are kept as two "budget" rows that are
//   free until a frontier step bounds one of them, so every step of the
//   frontier is the same matrix with one bound and the objective changed,
//   which is what lets a simplex basis warm-start the next step.
//
// Rows are laid out in identical blocks per scenario (stock, demand, link,
// cost), then policy rows, then the two budget rows; columns are first-stage
// (x, c, eta) then per scenario (q, b, I, v). Entries within a column come out
// in increasing row order.

import type { Problem, ShareRule } from '../domain/problem.js';
import { computeScenarioEffects, type ScenarioEffects } from '../domain/scenario-effects.js';
import {
  buildUpperBound,
  capacityUpperBound,
  flattenDesigns,
  totalShortfallCost,
  type FlatDesign,
} from './flat-designs.js';
import { ColumnWriter } from './column-writer.js';
import { COL, columnNamer, rowNamerFor } from './sourcing-lp-names.js';
import type { SparseLp } from '../../solver/lp.js';

export interface SourcingLayout {
  periods: number;
  scenarios: number;
  designs: FlatDesign[];
  /** column of x[o,t] at o*T + t-1, or -1 */
  orderCol: Int32Array;
  /** column of c[g], or -1 */
  capacityCol: Int32Array;
  etaCol: number;
  /** column of q[k,g,t] at (k*G + g)*T + t-1, or -1 */
  buildCol: Int32Array;
  /** column of b[k,m,t] at (k*M + m)*T + t-1, or -1 */
  spotCol: Int32Array;
  /** column of I[k,m,t], same layout as spotCol */
  stockCol: Int32Array;
  /** column of v[k] */
  excessCol: Int32Array;
  /** the row bounding E (free until a step bounds it) */
  expectedRow: number;
  /** the row bounding CVaR (free until a step bounds it) */
  cvarRow: number;
}

export interface SourcingLp {
  lp: SparseLp;
  layout: SourcingLayout;
  effects: ScenarioEffects;
  /** E = expected . x + constant */
  expectedObjective: Float64Array;
  /** CVaR = cvar . x (eta + sum pi_k v_k / (1 - alpha)) */
  cvarObjective: Float64Array;
  /** sum of penalty * demand, the constant of every scenario cost */
  constantCost: number;
}

const INF = Infinity;

/** A share rule with its sense: at most (by country) or at least (by kind). */
type SensedRule = ShareRule & { upper: boolean };

/** Whether supplier s is in the rule's group: its country for an upper rule, its kind for a lower one. */
function isMember(problem: Problem, rule: SensedRule, s: number): boolean {
  const supplier = problem.suppliers[s];
  return rule.upper ? supplier.country === rule.group : supplier.kind === rule.group;
}

export function buildSourcingLp(
  problem: Problem,
  effects: ScenarioEffects = computeScenarioEffects(problem),
): SourcingLp {
  const T = problem.periods;
  const K = problem.scenarios.length;
  const M = problem.materials.length;
  const P = problem.products.length;
  const designs = flattenDesigns(problem);
  const G = designs.length;
  const offers = problem.offers;
  const alpha = problem.risk.alpha;
  const pi = problem.scenarios.map((s) => s.probability);
  const constantCost = totalShortfallCost(problem);

  // --- row layout, identical in every scenario block -------------------------
  const buildUb = new Float64Array(G * T);
  designs.forEach((fd, g) => {
    for (let t = 1; t <= T; t++) buildUb[g * T + t - 1] = buildUpperBound(problem, fd, t);
  });
  let local = M * T;
  const demandRowLocal = new Int32Array(P * T).fill(-1);
  for (let p = 0; p < P; p++) {
    for (let t = 1; t <= T; t++) {
      let reach = 0;
      designs.forEach((fd, g) => {
        if (fd.product === p) reach += buildUb[g * T + t - 1];
      });
      const demand = problem.products[p].demand[t - 1];
      if (reach > demand * (1 + 1e-12)) demandRowLocal[p * T + t - 1] = local++;
    }
  }
  const linkRowLocal = new Int32Array(G * T).fill(-1);
  designs.forEach((fd, g) => {
    if (fd.design.capacityCost === null) return;
    for (let t = 1; t <= T; t++) if (buildUb[g * T + t - 1] > 0) linkRowLocal[g * T + t - 1] = local++;
  });
  const costRowLocal = local++;
  const block = local;
  const shareRules: SensedRule[] = [
    ...problem.policy.maxShareByCountry.map((r) => ({ ...r, upper: true })),
    ...problem.policy.minShareByKind.map((r) => ({ ...r, upper: false })),
  ];
  const policyRow0 = K * block;
  const expectedRow = policyRow0 + shareRules.length;
  const cvarRow = expectedRow + 1;
  const numRows = cvarRow + 1;

  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  for (let k = 0; k < K; k++) {
    const base = k * block;
    for (let m = 0; m < M; m++) {
      // stock balance: sum a x + b - sum bom q + I[t-1] - I[t] = -initial at t = 1, else 0
      const rhs = -problem.inventory[m].initial;
      rowLower[base + m * T] = rhs;
      rowUpper[base + m * T] = rhs;
    }
    for (let i = 0; i < P * T; i++) {
      const r = demandRowLocal[i];
      if (r < 0) continue;
      rowLower[base + r] = -INF;
      rowUpper[base + r] = problem.products[Math.floor(i / T)].demand[i % T];
    }
    for (let i = 0; i < G * T; i++) {
      const r = linkRowLocal[i];
      if (r < 0) continue;
      rowLower[base + r] = -INF;
      rowUpper[base + r] = 0;
    }
    // Cost_k - eta - v_k <= 0, with the substituted constant moved right
    rowLower[base + costRowLocal] = -INF;
    rowUpper[base + costRowLocal] = -constantCost;
  }
  shareRules.forEach((rule, r) => {
    rowLower[policyRow0 + r] = rule.upper ? -INF : 0;
    rowUpper[policyRow0 + r] = rule.upper ? 0 : INF;
  });
  rowLower[expectedRow] = -INF;
  rowUpper[expectedRow] = INF;
  rowLower[cvarRow] = -INF;
  rowUpper[cvarRow] = INF;

  // --- columns ----------------------------------------------------------------
  const estimate = offers.length * T * (2 * K + 2) + K * (G * T * 4 + M * T * 5);
  const w = new ColumnWriter(estimate, K * (G + 2 * M) * T + offers.length * T + 16);

  const {
    offerAvailability: a,
    expectedOfferAvailability: abar,
    priceFactor,
    capacityFactor,
    marketFactor: g,
  } = effects;
  const O = offers.length;
  const orderCol = new Int32Array(offers.length * T).fill(-1);
  for (let o = 0; o < O; o++) {
    const offer = offers[o];
    const s = offer.supplier;
    for (let t = offer.leadTime + 1; t <= T; t++) {
      const cap = offer.capacity[t - 1];
      if (!(cap > 0)) continue;
      // An index-linked offer pays unitCost * g per unit delivered (MODEL.md 6.2); E weighs the
      // same coefficients by pi_k, so it stays the expectation of the cost rows.
      let indexedExpected = 0;
      for (let k = 0; k < K; k++) {
        const akot = a[(k * O + o) * T + t - 1];
        const price = offer.priceIndexed ? offer.unitCost * g[(k * M + offer.material) * T + t - 1] : offer.unitCost;
        if (offer.priceIndexed) indexedExpected += pi[k] * price * akot;
        w.entry(k * block + offer.material * T + t - 1, akot);
        w.entry(k * block + costRowLocal, price * akot + offer.reservationCost);
      }
      const ab = abar[o * T + t - 1];
      for (let r = 0; r < shareRules.length; r++) {
        const rule = shareRules[r];
        if (rule.material !== offer.material) continue;
        w.entry(policyRow0 + r, ((isMember(problem, rule, s) ? 1 : 0) - rule.share) * ab);
      }
      const e = (offer.priceIndexed ? indexedExpected : offer.unitCost * ab) + offer.reservationCost;
      w.entry(expectedRow, e);
      orderCol[o * T + t - 1] = w.endColumn(0, cap, e, 0, COL.order, o, t, -1);
    }
  }

  const capacityCol = new Int32Array(G).fill(-1);
  for (let g = 0; g < G; g++) {
    const fd = designs[g];
    const cc = fd.design.capacityCost;
    if (cc === null) continue;
    for (let k = 0; k < K; k++) {
      for (let t = 1; t <= T; t++) {
        const r = linkRowLocal[g * T + t - 1];
        if (r >= 0) w.entry(k * block + r, -1);
      }
      w.entry(k * block + costRowLocal, cc);
    }
    w.entry(expectedRow, cc);
    capacityCol[g] = w.endColumn(0, capacityUpperBound(problem, fd), cc, 0, COL.capacity, g, 0, -1);
  }

  for (let k = 0; k < K; k++) w.entry(k * block + costRowLocal, -1);
  w.entry(cvarRow, 1);
  const etaCol = w.endColumn(-INF, INF, 0, 1, COL.eta, 0, 0, -1);

  const buildCol = new Int32Array(K * G * T).fill(-1);
  const spotCol = new Int32Array(K * M * T).fill(-1);
  const stockCol = new Int32Array(K * M * T).fill(-1);
  const excessCol = new Int32Array(K);
  const bomSorted = designs.map((fd) => [...fd.design.bom].sort((x, y) => x.material - y.material));
  const tailWeight = 1 / (1 - alpha);
  for (let k = 0; k < K; k++) {
    const base = k * block;
    const pk = pi[k];
    for (let g = 0; g < G; g++) {
      const fd = designs[g];
      const penalty = problem.products[fd.product].shortfallPenalty;
      const unit = fd.design.unitCost - penalty;
      for (let t = 1; t <= T; t++) {
        const ub = buildUb[g * T + t - 1];
        if (!(ub > 0)) continue;
        for (const line of bomSorted[g]) w.entry(base + line.material * T + t - 1, -line.perUnit);
        const dr = demandRowLocal[fd.product * T + t - 1];
        if (dr >= 0) w.entry(base + dr, 1);
        const lr = linkRowLocal[g * T + t - 1];
        if (lr >= 0) w.entry(base + lr, 1);
        w.entry(base + costRowLocal, unit);
        w.entry(expectedRow, pk * unit);
        buildCol[(k * G + g) * T + t - 1] = w.endColumn(0, ub, pk * unit, 0, COL.build, g, t, k);
      }
    }
    for (let m = 0; m < M; m++) {
      const spot = problem.spot[m];
      if (spot === null) continue;
      for (let t = 1; t <= T; t++) {
        const i = (k * M + m) * T + t - 1;
        const cap = spot.capacity * capacityFactor[i];
        if (!(cap > 0)) continue;
        // g = 1 without market events, so a version-1 problem's coefficients are unchanged bit for bit
        const price = spot.unitCost * priceFactor[i] * g[i];
        w.entry(base + m * T + t - 1, 1);
        w.entry(base + costRowLocal, price);
        w.entry(expectedRow, pk * price);
        spotCol[i] = w.endColumn(0, cap, pk * price, 0, COL.spot, m, t, k);
      }
    }
    for (let m = 0; m < M; m++) {
      const inv = problem.inventory[m];
      for (let t = 1; t <= T; t++) {
        w.entry(base + m * T + t - 1, -1);
        if (t < T) w.entry(base + m * T + t, 1);
        w.entry(base + costRowLocal, inv.holdingCost);
        w.entry(expectedRow, pk * inv.holdingCost);
        stockCol[(k * M + m) * T + t - 1] = w.endColumn(0, inv.max, pk * inv.holdingCost, 0, COL.stock, m, t, k);
      }
    }
    w.entry(base + costRowLocal, -1);
    w.entry(cvarRow, pk * tailWeight);
    excessCol[k] = w.endColumn(0, INF, 0, pk * tailWeight, COL.excess, 0, 0, k);
  }

  const { numCols } = w;
  const expectedObjective = w.expected.toArray();
  const kinds = w.kind.toArray();
  const tags = { a: w.tagA.toArray(), t: w.tagT.toArray(), k: w.tagK.toArray() };
  const names = columnNamer(problem, designs, kinds, tags);
  const rowNamer = rowNamerFor(problem, designs, {
    block,
    T,
    M,
    demandRowLocal,
    linkRowLocal,
    costRowLocal,
    policyRow0,
    expectedRow,
    cvarRow,
  });

  // For decomposition: q, b and I are scenario k's recourse; its stock, demand and
  // link rows are its block; x, c, eta, v and the cost rows stay in the master.
  const colBlock = new Int32Array(numCols);
  for (let j = 0; j < numCols; j++)
    colBlock[j] = kinds[j] === COL.build || kinds[j] === COL.spot || kinds[j] === COL.stock ? tags.k[j] : -1;
  const rowBlock = new Int32Array(numRows).fill(-1);
  for (let r = 0; r < K * block; r++) if (r % block !== costRowLocal) rowBlock[r] = Math.floor(r / block);
  const costRow = Int32Array.from({ length: K }, (_, k) => k * block + costRowLocal);

  const lp: SparseLp = {
    numRows,
    numCols,
    cost: expectedObjective.slice(),
    offset: constantCost,
    colLower: w.colLower.toArray(),
    colUpper: w.colUpper.toArray(),
    rowLower,
    rowUpper,
    colStart: w.colStart.toArray(),
    rowIndex: w.rowIndex.toArray(),
    value: w.value.toArray(),
    colName: names,
    rowName: rowNamer,
    twoStage: { blocks: K, colBlock, rowBlock, costRow },
  };
  return {
    lp,
    layout: {
      periods: T,
      scenarios: K,
      designs,
      orderCol,
      capacityCol,
      etaCol,
      buildCol,
      spotCol,
      stockCol,
      excessCol,
      expectedRow,
      cvarRow,
    },
    effects,
    expectedObjective,
    cvarObjective: w.cvarCost.toArray(),
    constantCost,
  };
}
