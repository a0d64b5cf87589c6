// A two-stage LP family for the conformance suite, small enough to solve by
// hand at its smallest and as large as needed to keep a back-end busy: items
// ordered now (x_i), in each scenario k a shortage y_ki paid at a penalty,
// and the scenario's cost z_k in a linking row, so the benders back-end can
// split it (TwoStageStructure) and every other back-end solves it whole.
//
//   min  sum_k p_k z_k
//   cost_k (linking):   sum_i c_i x_i + sum_i q_i y_ki - z_k = 0
//   budget (linking):   sum_i x_i <= budget
//   demand_ki (block k): x_i + y_ki >= d_ki
//   relief_k (block k):  sum_i y_ki <= relief_k  (shortage the scenario can absorb)
//   0 <= x_i <= maxOrder, 0 <= y_ki, z_k free

import type { SparseLp } from '../lp.js';

export interface TwoStageSpec {
  /** unit cost c_i of each item (its length is the number of items) */
  unitCost: number[];
  /** shortage penalty q_i of each item */
  penalty: number[];
  /** scenario probabilities p_k (their length is the number of scenarios) */
  probability: number[];
  /** demand[k][i] */
  demand: number[][];
  budget: number;
  /** per scenario; Infinity for none */
  relief: number[];
  maxOrder: number;
  offset?: number;
}

/** Row and column numbers of the LP, for cases that change bounds or read values. */
export interface TwoStageLayout {
  x: (i: number) => number;
  z: (k: number) => number;
  y: (k: number, i: number) => number;
  costRow: (k: number) => number;
  budgetRow: number;
  demandRow: (k: number, i: number) => number;
  reliefRow: (k: number) => number;
}

export function twoStageLayout(items: number, scenarios: number): TwoStageLayout {
  const n = items;
  const K = scenarios;
  return {
    x: (i) => i,
    z: (k) => n + k,
    y: (k, i) => n + K + k * n + i,
    costRow: (k) => k,
    budgetRow: K,
    demandRow: (k, i) => K + 1 + k * (n + 1) + i,
    reliefRow: (k) => K + 1 + k * (n + 1) + n,
  };
}

export function twoStageLp(spec: TwoStageSpec): SparseLp {
  const n = spec.unitCost.length;
  const K = spec.probability.length;
  const at = twoStageLayout(n, K);
  const numCols = n + K + K * n;
  const numRows = K + 1 + K * (n + 1);
  // column-wise entries: [row, value] per column
  const entries: [number, number][][] = Array.from({ length: numCols }, () => []);
  const cost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols).fill(Infinity);
  const rowLower = new Float64Array(numRows).fill(-Infinity);
  const rowUpper = new Float64Array(numRows).fill(Infinity);
  const colBlock = new Int32Array(numCols).fill(-1);
  const rowBlock = new Int32Array(numRows).fill(-1);
  for (let i = 0; i < n; i++) {
    colUpper[at.x(i)] = spec.maxOrder;
    for (let k = 0; k < K; k++) entries[at.x(i)].push([at.costRow(k), spec.unitCost[i]]);
    entries[at.x(i)].push([at.budgetRow, 1]);
    for (let k = 0; k < K; k++) entries[at.x(i)].push([at.demandRow(k, i), 1]);
  }
  rowUpper[at.budgetRow] = spec.budget;
  for (let k = 0; k < K; k++) {
    cost[at.z(k)] = spec.probability[k];
    colLower[at.z(k)] = -Infinity;
    entries[at.z(k)].push([at.costRow(k), -1]);
    rowLower[at.costRow(k)] = 0;
    rowUpper[at.costRow(k)] = 0;
    for (let i = 0; i < n; i++) {
      const y = at.y(k, i);
      colBlock[y] = k;
      entries[y].push([at.costRow(k), spec.penalty[i]], [at.demandRow(k, i), 1], [at.reliefRow(k), 1]);
      rowBlock[at.demandRow(k, i)] = k;
      rowLower[at.demandRow(k, i)] = spec.demand[k][i];
    }
    rowBlock[at.reliefRow(k)] = k;
    rowUpper[at.reliefRow(k)] = spec.relief[k];
  }
  const colStart = new Int32Array(numCols + 1);
  const rowIndex: number[] = [];
  const value: number[] = [];
  entries.forEach((list, j) => {
    list.sort((a, b) => a[0] - b[0]);
    for (const [r, v] of list) {
      rowIndex.push(r);
      value.push(v);
    }
    colStart[j + 1] = rowIndex.length;
  });
  const names = ['cost', 'budget', 'demand'];
  return {
    numRows,
    numCols,
    cost,
    offset: spec.offset ?? 0,
    colLower,
    colUpper,
    rowLower,
    rowUpper,
    colStart,
    rowIndex: Int32Array.from(rowIndex),
    value: Float64Array.from(value),
    colName: (j) => (j < n ? `x${j}` : j < n + K ? `z${j - n}` : `y${Math.floor((j - n - K) / n)}_${(j - n - K) % n}`),
    rowName: (r) =>
      r < K
        ? `${names[0]}${r}`
        : r === K
          ? names[1]
          : `block${Math.floor((r - K - 1) / (n + 1))}_${(r - K - 1) % (n + 1)}`,
    twoStage: { blocks: K, colBlock, rowBlock, costRow: Int32Array.from({ length: K }, (_, k) => at.costRow(k)) },
  };
}

/** A pseudo-random instance with `items` items and `scenarios` scenarios (same seed, same LP). */
export function randomTwoStageSpec(items: number, scenarios: number, seed = 1): TwoStageSpec {
  let s = seed >>> 0 || 1;
  const rand = () => {
    // xorshift32: reproducible without a dependency
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
  const unitCost = Array.from({ length: items }, () => 1 + Math.round(rand() * 90) / 10);
  const penalty = unitCost.map((c) => c * (2 + Math.round(rand() * 30) / 10));
  const weights = Array.from({ length: scenarios }, () => 0.5 + rand());
  const total = weights.reduce((a, b) => a + b, 0);
  const demand = Array.from({ length: scenarios }, () => Array.from({ length: items }, () => Math.round(rand() * 100)));
  return {
    unitCost,
    penalty,
    probability: weights.map((w) => w / total),
    demand,
    budget: 40 * items,
    relief: demand.map((d) => 0.6 * d.reduce((a, b) => a + b, 0)),
    maxOrder: 100,
  };
}
