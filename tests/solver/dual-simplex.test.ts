// The recourse LPs' own dual simplex against HiGHS: random sparse LPs with
// boxed columns and every kind of row, re-solved from HiGHS's optimal basis
// after their row bounds moved (what the L-shaped method does each round) and
// from a slack basis. Each answer is checked on its own terms too: the plan is
// feasible, the row duals and reduced costs are dual feasible, and the dual
// objective they give equals the plan's cost (strong duality); and the row
// duals are the objective's slopes, by finite differences.

import { describe, expect, it } from 'vitest';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Highs } from 'highs';
import { createModel } from '../../solver/benders/highs-models.js';
import { BasisFactor } from '../../solver/dual-simplex/basis-factor.js';
import { AT_LOWER, AT_UPPER, BASIC, BoundedDualSimplex } from '../../solver/dual-simplex/bounded-dual-simplex.js';
import { loadHighsRuntime } from '../../solver/highs/runtime.js';
import type { LpNumbers } from '../../solver/lp.js';

type Random = () => number;

function random(seed: number): Random {
  const rng = xoroshiro128plus(seed);
  return () => uniformFloat64(rng);
}

/** A sparse LP with boxed columns, feasible at a random point x0; rows equal, <=, >=, ranged or free. */
function randomLp(rand: Random, m: number, n: number): { lp: LpNumbers; x0: Float64Array; kinds: number[] } {
  const colStart = [0];
  const rowIndex: number[] = [];
  const value: number[] = [];
  for (let j = 0; j < n; j++) {
    const rows = new Set<number>([Math.floor(rand() * m)]);
    while (rand() < 0.55 && rows.size < m) rows.add(Math.floor(rand() * m));
    for (const i of [...rows].sort((p, q) => p - q)) {
      rowIndex.push(i);
      value.push(rand() < 0.3 ? -1 : Math.round((rand() * 4 - 1.5) * 100) / 100 || 1);
    }
    colStart.push(rowIndex.length);
  }
  const colLower = Float64Array.from({ length: n }, () => (rand() < 0.8 ? 0 : -5));
  const colUpper = Float64Array.from({ length: n }, (_, j) => colLower[j] + 1 + Math.floor(rand() * 20));
  const x0 = Float64Array.from({ length: n }, (_, j) => colLower[j] + rand() * (colUpper[j] - colLower[j]));
  const cost = Float64Array.from({ length: n }, () => Math.round((rand() * 20 - 6) * 10) / 10);
  const lp: LpNumbers = {
    numRows: m,
    numCols: n,
    cost,
    colLower,
    colUpper,
    rowLower: new Float64Array(m),
    rowUpper: new Float64Array(m),
    colStart: Int32Array.from(colStart),
    rowIndex: Int32Array.from(rowIndex),
    value: Float64Array.from(value),
  };
  const kinds = Array.from({ length: m }, () => Math.floor(rand() * 5));
  setRowBounds(lp, x0, kinds, rand);
  return { lp, x0, kinds };
}

function activity(lp: LpNumbers, x: ArrayLike<number>): Float64Array {
  const ax = new Float64Array(lp.numRows);
  for (let j = 0; j < lp.numCols; j++)
    for (let k = lp.colStart[j]; k < lp.colStart[j + 1]; k++) ax[lp.rowIndex[k]] += lp.value[k] * x[j];
  return ax;
}

/** Row bounds around A x0: 0 equal, 1 <=, 2 >=, 3 ranged, 4 free. */
function setRowBounds(lp: LpNumbers, x0: Float64Array, kinds: number[], rand: Random): void {
  const ax = activity(lp, x0);
  kinds.forEach((kind, i) => {
    const gap = 0.5 + rand() * 3;
    lp.rowLower[i] = kind === 0 || kind === 2 ? ax[i] - (kind === 2 ? gap : 0) : kind === 3 ? ax[i] - gap : -Infinity;
    lp.rowUpper[i] = kind === 0 || kind === 1 ? ax[i] + (kind === 1 ? gap : 0) : kind === 3 ? ax[i] + gap : Infinity;
  });
}

interface Reference {
  objective: number;
  status: Uint8Array;
}

function solveWithHighs(highs: Highs, lp: LpNumbers): Reference | 'infeasible' {
  const clamp = (a: Float64Array) =>
    a.map((v) => (v === Infinity ? highs.infinity : v === -Infinity ? -highs.infinity : v));
  const model = createModel(highs, { ...lp, rowLower: clamp(lp.rowLower), rowUpper: clamp(lp.rowUpper) });
  try {
    const code = model.run().modelStatus;
    if (code === highs.constants.modelStatus.infeasible) return 'infeasible';
    expect(code).toBe(highs.constants.modelStatus.optimal);
    const basis = model.getBasis();
    const status = new Uint8Array(lp.numCols + lp.numRows);
    status.set(basis.colStatus);
    status.set(basis.rowStatus, lp.numCols);
    return { objective: model.getObjectiveValue(), status };
  } finally {
    model.dispose();
  }
}

/** The plan is feasible; y and d = c - A^T y are dual feasible; the dual objective equals the plan's cost. */
function expectCertified(lp: LpNumbers, simplex: BoundedDualSimplex): void {
  const { x, rowDual: y, objective } = simplex;
  const scale = 1 + Math.abs(objective);
  const ax = activity(lp, x);
  for (let j = 0; j < lp.numCols; j++) {
    expect(x[j]).toBeGreaterThanOrEqual(lp.colLower[j] - 1e-9);
    expect(x[j]).toBeLessThanOrEqual(lp.colUpper[j] + 1e-9);
  }
  for (let i = 0; i < lp.numRows; i++) {
    expect(ax[i]).toBeGreaterThanOrEqual(lp.rowLower[i] - 1e-8);
    expect(ax[i]).toBeLessThanOrEqual(lp.rowUpper[i] + 1e-8);
  }
  // dual objective: sum_i y_i * (the row bound y's sign picks) + sum_j d_j * (the column bound d's sign picks)
  let dual = 0;
  for (let i = 0; i < lp.numRows; i++) {
    if (Math.abs(y[i]) < 1e-12) continue;
    const bound = y[i] > 0 ? lp.rowLower[i] : lp.rowUpper[i];
    expect(Number.isFinite(bound)).toBe(true);
    dual += y[i] * bound;
  }
  for (let j = 0; j < lp.numCols; j++) {
    let d = lp.cost[j];
    for (let k = lp.colStart[j]; k < lp.colStart[j + 1]; k++) d -= lp.value[k] * y[lp.rowIndex[k]];
    dual += d * (d > 0 ? lp.colLower[j] : lp.colUpper[j]);
  }
  let primal = 0;
  for (let j = 0; j < lp.numCols; j++) primal += lp.cost[j] * x[j];
  expect(Math.abs(primal - objective)).toBeLessThan(1e-9 * scale);
  expect(Math.abs(dual - objective)).toBeLessThan(1e-7 * scale);
}

describe('BoundedDualSimplex', () => {
  it('re-solves moved row bounds from the last optimal basis to HiGHS optimum, certified', async () => {
    const highs = await loadHighsRuntime();
    let pivots = 0;
    let solves = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rand = random(seed);
      const m = 10 + Math.floor(rand() * 40);
      const { lp, kinds } = randomLp(rand, m, m + Math.floor(rand() * 2 * m));
      const first = solveWithHighs(highs, lp);
      if (first === 'infeasible') continue;
      const simplex = new BoundedDualSimplex(lp);
      const warm = simplex.warmBasis(first.status);
      for (let round = 0; round < 4; round++) {
        const x1 = Float64Array.from(
          { length: lp.numCols },
          (_, j) => lp.colLower[j] + rand() * (lp.colUpper[j] - lp.colLower[j]),
        );
        setRowBounds(lp, x1, kinds, rand);
        const reference = solveWithHighs(highs, lp) as Reference;
        expect(simplex.solve(lp, warm)).toBe('optimal');
        expect(simplex.objective).toBeCloseTo(reference.objective, 6);
        expect(Math.abs(simplex.objective - reference.objective)).toBeLessThan(
          1e-9 * (1 + Math.abs(reference.objective)),
        );
        expectCertified(lp, simplex);
        pivots += simplex.iterations;
        solves++;
      }
    }
    expect(solves).toBeGreaterThan(100);
    expect(pivots).toBeGreaterThan(solves); // the bounds' moves did need pivots
  });

  it('solves from a slack basis (every column at the bound its cost prefers)', async () => {
    const highs = await loadHighsRuntime();
    for (let seed = 100; seed < 120; seed++) {
      const rand = random(seed);
      const { lp } = randomLp(rand, 30, 60);
      const reference = solveWithHighs(highs, lp) as Reference;
      const status = new Uint8Array(lp.numCols + lp.numRows).fill(BASIC);
      for (let j = 0; j < lp.numCols; j++) status[j] = lp.cost[j] >= 0 ? AT_LOWER : AT_UPPER;
      const simplex = new BoundedDualSimplex(lp);
      const warm = simplex.warmBasis(status);
      expect(simplex.solve(lp, warm)).toBe('optimal');
      expect(Math.abs(simplex.objective - reference.objective)).toBeLessThan(
        1e-9 * (1 + Math.abs(reference.objective)),
      );
      expectCertified(lp, simplex);
      // the basis it returns is optimal: a second solve takes no pivot
      expect(warm.fresh).toBe(true);
      expect(simplex.solve(lp, warm)).toBe('optimal');
      expect(simplex.iterations).toBe(0);
      expect(Math.abs(simplex.objective - reference.objective)).toBeLessThan(
        1e-9 * (1 + Math.abs(reference.objective)),
      );
      // and from its statuses alone, factorised afresh
      warm.reset(warm.status.slice());
      expect(simplex.solve(lp, warm)).toBe('optimal');
      expect(simplex.iterations).toBe(0);
    }
  });

  it('gives row duals that are the slopes of the optimal cost in the row bounds', async () => {
    const highs = await loadHighsRuntime();
    const rand = random(7);
    const { lp } = randomLp(rand, 25, 50);
    const first = solveWithHighs(highs, lp) as Reference;
    const simplex = new BoundedDualSimplex(lp);
    const warm = simplex.warmBasis(first.status);
    expect(simplex.solve(lp, warm)).toBe('optimal');
    const y = simplex.rowDual.slice();
    const base = simplex.objective;
    let checked = 0;
    const h = 1e-4;
    for (let i = 0; i < lp.numRows; i++) {
      if (y[i] === 0) continue;
      // move the binding bound (lower where y > 0) by h, keeping the row's other bound out of the way
      const moved = { ...lp, rowLower: lp.rowLower.slice(), rowUpper: lp.rowUpper.slice() };
      if (y[i] > 0) moved.rowLower[i] += h;
      else moved.rowUpper[i] -= h;
      if (moved.rowLower[i] > moved.rowUpper[i]) continue;
      const again = new BoundedDualSimplex(moved);
      expect(again.solve(moved, again.warmBasis(warm.status))).toBe('optimal');
      const slope = (again.objective - base) / (y[i] > 0 ? h : -h);
      expect(slope).toBeCloseTo(y[i], 4);
      checked++;
    }
    expect(checked).toBeGreaterThan(3);
  });

  it('reports bounds no plan meets as infeasible', async () => {
    const rand = random(3);
    const { lp, x0, kinds } = randomLp(rand, 20, 40);
    const highs = await loadHighsRuntime();
    const first = solveWithHighs(highs, lp) as Reference;
    // the first row demands more than its columns' bounds allow
    setRowBounds(lp, x0, kinds, rand);
    let reach = 0;
    for (let j = 0; j < lp.numCols; j++)
      for (let k = lp.colStart[j]; k < lp.colStart[j + 1]; k++)
        if (lp.rowIndex[k] === 0) reach += Math.max(lp.value[k] * lp.colLower[j], lp.value[k] * lp.colUpper[j]);
    lp.rowLower[0] = reach + 1;
    lp.rowUpper[0] = Infinity;
    expect(solveWithHighs(highs, lp)).toBe('infeasible');
    const simplex = new BoundedDualSimplex(lp);
    expect(simplex.solve(lp, simplex.warmBasis(first.status))).toBe('infeasible');
  });

  it('refuses a basis of the wrong size or a singular one', () => {
    const rand = random(11);
    const { lp } = randomLp(rand, 10, 20);
    const simplex = new BoundedDualSimplex(lp);
    const tooMany = new Uint8Array(30).fill(BASIC);
    expect(simplex.solve(lp, simplex.warmBasis(tooMany))).toBe('failed');
    // two copies of one column basic where the slacks of their rows are not
    const dup: LpNumbers = {
      ...lp,
      numCols: 2,
      colStart: Int32Array.of(0, 1, 2),
      rowIndex: Int32Array.of(0, 0),
      value: Float64Array.of(1, 2),
    };
    const s = new Uint8Array(2 + lp.numRows).fill(BASIC);
    s[2] = AT_LOWER;
    const dupSimplex = new BoundedDualSimplex(dup);
    const bounds = {
      ...lp,
      cost: Float64Array.of(1, 1),
      colLower: Float64Array.of(0, 0),
      colUpper: Float64Array.of(1, 1),
    };
    expect(dupSimplex.solve(bounds, dupSimplex.warmBasis(s))).toBe('failed');
  });
});

/** The factor's ftran and btran solve B z = b and B^T y = c for the dense B. */
function expectSolves(factor: BasisFactor, B: Float64Array[], b: Float64Array, c: Float64Array): void {
  const m = b.length;
  const z = new Float64Array(m);
  factor.ftran(b.slice(), z);
  const y = new Float64Array(m);
  factor.btran(c.slice(), y);
  for (let i = 0; i < m; i++) {
    let bz = 0;
    let cy = 0;
    for (let p = 0; p < m; p++) {
      bz += B[i][p] * z[p];
      cy += B[p][i] * y[p];
    }
    expect(bz).toBeCloseTo(b[i], 6);
    expect(cy).toBeCloseTo(c[i], 6);
  }
}

describe('BasisFactor', () => {
  it('solves B z = b and B^T y = c for sparse bases with singletons and a bump, and after etas', () => {
    let factored = 0;
    let updated = 0;
    let structural = 0;
    for (let seed = 200; seed < 230; seed++) {
      const rand = random(seed);
      const m = 8 + Math.floor(rand() * 30);
      const { lp } = randomLp(rand, m, 3 * m);
      // a basis: random structural columns plus slacks, kept when nonsingular
      const chosen: number[] = [];
      const dense = (cols: number[]) => {
        const B = Array.from({ length: m }, () => new Float64Array(m));
        cols.forEach((j, p) => {
          if (j >= lp.numCols) B[j - lp.numCols][p] = -1;
          else for (let k = lp.colStart[j]; k < lp.colStart[j + 1]; k++) B[lp.rowIndex[k]][p] = lp.value[k];
        });
        return B;
      };
      const factor = new BasisFactor(lp);
      // from the slack basis, structural columns take the place of a slack of one of their rows while it stays nonsingular
      for (let i = 0; i < m; i++) chosen.push(lp.numCols + i);
      for (let j = 0; j < lp.numCols; j++) {
        const k = lp.colStart[j] + Math.floor(rand() * (lp.colStart[j + 1] - lp.colStart[j]));
        const p = chosen.indexOf(lp.numCols + lp.rowIndex[k]);
        if (p < 0) continue;
        chosen[p] = j;
        if (!factor.factor(Int32Array.from(chosen))) chosen[p] = lp.numCols + lp.rowIndex[k];
      }
      const basic = Int32Array.from(chosen);
      if (!factor.factor(basic)) continue;
      if (chosen.filter((j) => j < lp.numCols).length > m / 2) structural++;
      factored++;
      const b = Float64Array.from({ length: m }, () => rand() * 10 - 5);
      const c = Float64Array.from({ length: m }, () => rand() * 10 - 5);
      expectSolves(factor, dense(chosen), b, c);
      // a column outside the basis takes position r through an eta
      const r = Math.floor(rand() * m);
      const alpha = new Float64Array(m);
      const entering = [...Array(lp.numCols + m).keys()].find((j) => {
        if (chosen.includes(j)) return false;
        const column = new Float64Array(m);
        if (j >= lp.numCols) column[j - lp.numCols] = -1;
        else for (let k = lp.colStart[j]; k < lp.colStart[j + 1]; k++) column[lp.rowIndex[k]] = lp.value[k];
        factor.ftran(column, alpha);
        return Math.abs(alpha[r]) > 0.1;
      });
      if (entering === undefined) continue;
      factor.addEta(r, alpha);
      chosen[r] = entering;
      expectSolves(factor, dense(chosen), b, c);
      updated++;
    }
    expect(factored).toBe(30);
    expect(structural).toBeGreaterThan(15);
    expect(updated).toBeGreaterThan(25);
  });
});
