// The contract every back-end meets, as cases (after MathOptInterface's Test
// submodule): each opens its own sessions on small LPs and throws a
// ConformanceFailure when the back-end breaks the contract. Values are worked
// out by hand where the LP is small enough, and otherwise compared with a
// cold solve of the same back-end (a warm re-solve must equal it).

import type { SparseLp } from '../lp.js';
import type { LpSession, SolveOptions, SolveResult, SolverBackend } from '../types.js';
import { SolverError } from '../types.js';
import {
  ConformanceFailure,
  expectDualCertificate,
  expectNoSolution,
  expectObjective,
  expectPrimalFeasible,
  expectStatus,
} from './checks.js';
import { sparseFromDense, type DenseLp } from './dense-lp.js';
import { randomTwoStageSpec, twoStageLayout, twoStageLp, type TwoStageSpec } from './two-stage-lp.js';

/** No case may hang: every solve that should finish gets this long. */
const SOLVE_LIMIT_SEC = 60;
/** A stopped or time-limited solve must come back within this long (a loaded machine included). */
const STOP_WITHIN_MS = 5_000;

/**
 * One item ordered at 1 per unit before demand is known (3 or 7, even odds),
 * shortage paid at 4 per unit, at most 10 ordered (budget row). Ordering x
 * costs E(x) = x + 0.5*4*(3-x)+ + 0.5*4*(7-x)+, with slope -3 below 3, -1
 * between 3 and 7, +1 above: x = 7, E = 7, plus the offset 2.5 = 9.5.
 */
const HAND_SPEC: TwoStageSpec = {
  unitCost: [1],
  penalty: [4],
  probability: [0.5, 0.5],
  demand: [[3], [7]],
  budget: 10,
  relief: [Infinity, Infinity],
  maxOrder: 10,
  offset: 2.5,
};
const hand = twoStageLayout(1, 2);

/** 6 items, 20 scenarios (146 columns): every back-end needs many iterations, none needs long. */
const mediumLp = () => twoStageLp(randomTwoStageSpec(6, 20, 7));

export type CaseName =
  | 'small LPs'
  | 'optimal value'
  | 'objective change'
  | 'linking row bound change'
  | 'recourse row bound change'
  | 'warm start transfer'
  | 'time limit'
  | 'interruption'
  | 'infeasible'
  | 'unbounded'
  | 'duals';

export interface ConformanceCase {
  name: CaseName;
  run(backend: SolverBackend): Promise<void>;
}

async function withSession<T>(backend: SolverBackend, lp: SparseLp, use: (s: LpSession) => Promise<T>): Promise<T> {
  const session = await backend.open(lp);
  try {
    return await use(session);
  } finally {
    session.dispose();
  }
}

const solve = (session: LpSession, options: SolveOptions = {}) =>
  session.solve({ timeLimitSec: SOLVE_LIMIT_SEC, ...options });

/** The LP with another objective and/or row bounds, as a fresh copy (for cold reference solves). */
function variant(
  lp: SparseLp,
  change: { cost?: Float64Array; offset?: number; rows?: [row: number, lower: number, upper: number][] },
): SparseLp {
  const rowLower = lp.rowLower.slice();
  const rowUpper = lp.rowUpper.slice();
  for (const [row, lower, upper] of change.rows ?? []) {
    rowLower[row] = lower;
    rowUpper[row] = upper;
  }
  return { ...lp, cost: change.cost ?? lp.cost, offset: change.offset ?? lp.offset, rowLower, rowUpper };
}

/** A cold solve of the LP on a session of its own: the reference a warm re-solve must equal. */
async function coldObjective(backend: SolverBackend, lp: SparseLp, what: string): Promise<number> {
  const result = await withSession(backend, lp, (s) => solve(s));
  expectPrimalFeasible(lp, lp.cost, lp.offset, result, `${what} (cold solve)`);
  return result.objective;
}

/** Scenario weights p'_k proportional to k + 1: another objective the decomposition can still split. */
function reweighted(lp: SparseLp, scenarios: number, items: number): Float64Array {
  const at = twoStageLayout(items, scenarios);
  const cost = new Float64Array(lp.numCols);
  const total = (scenarios * (scenarios + 1)) / 2;
  for (let k = 0; k < scenarios; k++) cost[at.z(k)] = (k + 1) / total;
  return cost;
}

const DENSE_CASES: { what: string; lp: DenseLp; objective: number; x?: [number, number][] }[] = [
  {
    // The optimum sits where both rows are tight: x = 1 + y and x + y = 3.
    what: 'min x + 2y, x + y >= 3, x - y <= 1 -> (2, 1), 4',
    lp: {
      cost: [1, 2],
      rows: [
        { coefs: [1, 1], lower: 3 },
        { coefs: [1, -1], upper: 1 },
      ],
    },
    objective: 4,
    x: [
      [0, 2],
      [1, 1],
    ],
  },
  {
    what: 'free columns: min t, t >= x - 2, t >= 4 - x -> t = 1 at x = 3',
    lp: {
      cost: [1, 0],
      rows: [
        { coefs: [1, -1], lower: -2 },
        { coefs: [1, 1], lower: 4 },
      ],
      colLower: [-Infinity, -Infinity],
      colUpper: [Infinity, Infinity],
    },
    objective: 1,
    x: [[1, 3]],
  },
  {
    what: 'column bounds, an equality row and the offset: min 10 - x - y, x <= 2, y <= 3, x + z = 4 -> 5',
    lp: { cost: [-1, -1, 0], offset: 10, rows: [{ coefs: [1, 0, 1], lower: 4, upper: 4 }], colUpper: [2, 3, Infinity] },
    objective: 5,
    x: [[2, 2]],
  },
];

export const conformanceCases: readonly ConformanceCase[] = [
  {
    name: 'small LPs',
    async run(backend) {
      for (const c of DENSE_CASES) {
        const lp = sparseFromDense(c.lp);
        const result = await withSession(backend, lp, (s) => solve(s));
        expectPrimalFeasible(lp, lp.cost, lp.offset, result, c.what);
        expectObjective(result.objective, c.objective, c.what);
        for (const [j, v] of c.x ?? [])
          if (Math.abs(result.x[j] - v) > 1e-6)
            throw new ConformanceFailure(`${c.what}: x${j} = ${result.x[j]}, not ${v}`);
      }
    },
  },
  {
    name: 'optimal value',
    async run(backend) {
      const lp = twoStageLp(HAND_SPEC);
      const result = await withSession(backend, lp, (s) => solve(s));
      expectPrimalFeasible(lp, lp.cost, lp.offset, result, 'the hand-solved two-stage LP');
      expectObjective(result.objective, 9.5, 'the hand-solved two-stage LP');
      if (Math.abs(result.x[hand.x(0)] - 7) > 1e-6)
        throw new ConformanceFailure(`the hand-solved two-stage LP: ordered ${result.x[hand.x(0)]}, not 7`);
      const medium = mediumLp();
      const r = await withSession(backend, medium, (s) => solve(s));
      expectPrimalFeasible(medium, medium.cost, medium.offset, r, 'the 146-column two-stage LP');
    },
  },
  {
    name: 'objective change',
    async run(backend) {
      // Odds 0.9 / 0.1: the slope between 3 and 7 is 1 - 0.1*4 > 0, so x = 3:
      // 0.9*3 + 0.1*(3 + 4*4) = 4.6, plus the new offset 1.
      const lp = twoStageLp(HAND_SPEC);
      const cost = lp.cost.slice();
      cost[hand.z(0)] = 0.9;
      cost[hand.z(1)] = 0.1;
      await withSession(backend, lp, async (s) => {
        expectObjective((await solve(s)).objective, 9.5, 'the hand-solved LP before the change');
        s.setCost(cost, 1);
        const r = await solve(s);
        expectPrimalFeasible(lp, cost, 1, r, 'the hand-solved LP after an objective change');
        expectObjective(r.objective, 5.6, 'the hand-solved LP after an objective change');
      });
      const medium = mediumLp();
      const other = reweighted(medium, 20, 6);
      const cold = await coldObjective(backend, variant(medium, { cost: other, offset: -3 }), 'reweighted scenarios');
      await withSession(backend, medium, async (s) => {
        expectStatus(await solve(s), 'optimal', 'the 146-column LP');
        s.setCost(other, -3);
        const r = await solve(s);
        expectPrimalFeasible(medium, other, -3, r, 'the 146-column LP after an objective change');
        expectObjective(r.objective, cold, 'a warm re-solve after an objective change against a cold solve');
      });
    },
  },
  {
    name: 'linking row bound change',
    async run(backend) {
      // Budget 2 (a row of the first stage): x = 2, E = 0.5*(2 + 4) + 0.5*(2 + 20) = 14, plus 2.5.
      const lp = twoStageLp(HAND_SPEC);
      const budget: [number, number, number] = [hand.budgetRow, -Infinity, 2];
      await withSession(backend, lp, async (s) => {
        expectObjective((await solve(s)).objective, 9.5, 'the hand-solved LP before the change');
        s.setRowBounds(...budget);
        const r = await solve(s);
        expectPrimalFeasible(variant(lp, { rows: [budget] }), lp.cost, lp.offset, r, 'the hand-solved LP, budget 2');
        expectObjective(r.objective, 16.5, 'the hand-solved LP with budget 2');
      });
      const medium = mediumLp();
      const at = twoStageLayout(6, 20);
      const lower: [number, number, number] = [at.budgetRow, -Infinity, 0.85 * medium.rowUpper[at.budgetRow]];
      const cold = await coldObjective(backend, variant(medium, { rows: [lower] }), 'a lower budget');
      await withSession(backend, medium, async (s) => {
        expectStatus(await solve(s), 'optimal', 'the 146-column LP');
        s.setRowBounds(...lower);
        const r = await solve(s);
        expectPrimalFeasible(variant(medium, { rows: [lower] }), medium.cost, medium.offset, r, 'a lower budget');
        expectObjective(r.objective, cold, 'a warm re-solve after a linking row bound change');
      });
    },
  },
  {
    name: 'recourse row bound change',
    async run(backend) {
      // Demand 5 in the second scenario: slope -1 up to 5, +1 after: x = 5, E = 5, plus 2.5.
      // Then demand 6 in the first: slope -1 between 5 and 6: x = 6, E = 6, plus 2.5.
      const lp = twoStageLp(HAND_SPEC);
      const rows: [number, number, number][] = [
        [hand.demandRow(1, 0), 5, Infinity],
        [hand.demandRow(0, 0), 6, Infinity],
      ];
      await withSession(backend, lp, async (s) => {
        expectObjective((await solve(s)).objective, 9.5, 'the hand-solved LP before the change');
        s.setRowBounds(...rows[0]);
        expectObjective((await solve(s)).objective, 7.5, 'the hand-solved LP with demand 5 in one scenario');
        s.setRowBounds(...rows[1]);
        const r = await solve(s);
        expectPrimalFeasible(variant(lp, { rows }), lp.cost, lp.offset, r, 'the hand-solved LP, demands 6 and 5');
        expectObjective(r.objective, 8.5, 'the hand-solved LP with demands 6 and 5');
      });
      const medium = mediumLp();
      const at = twoStageLayout(6, 20);
      const more: [number, number, number] = [at.demandRow(3, 2), medium.rowLower[at.demandRow(3, 2)] + 25, Infinity];
      const cold = await coldObjective(backend, variant(medium, { rows: [more] }), 'more demand');
      await withSession(backend, medium, async (s) => {
        expectStatus(await solve(s), 'optimal', 'the 146-column LP');
        s.setRowBounds(...more);
        const r = await solve(s);
        expectPrimalFeasible(variant(medium, { rows: [more] }), medium.cost, medium.offset, r, 'more demand');
        expectObjective(r.objective, cold, 'a warm re-solve after a recourse row bound change');
      });
    },
  },
  {
    name: 'warm start transfer',
    async run(backend) {
      // A warm start taken from one session seeds another session of the same LP with
      // another objective (as frontier runs on other workers do): same optimum as cold.
      const medium = mediumLp();
      const other = reweighted(medium, 20, 6);
      const cold = await coldObjective(backend, variant(medium, { cost: other }), 'reweighted scenarios');
      const start = await withSession(backend, medium, async (s) => {
        expectStatus(await solve(s), 'optimal', 'the 146-column LP');
        return s.getWarmStart();
      });
      await withSession(backend, medium, async (s) => {
        if (start) s.setWarmStart(start);
        s.setCost(other, medium.offset);
        const r = await solve(s);
        expectPrimalFeasible(medium, other, medium.offset, r, 'a session seeded with a warm start');
        expectObjective(r.objective, cold, 'a session seeded with a warm start against a cold solve');
      });
    },
  },
  {
    name: 'time limit',
    async run(backend) {
      const medium = mediumLp();
      const cold = await coldObjective(backend, medium, 'the 146-column LP');
      await withSession(backend, medium, async (s) => {
        const started = performance.now();
        const r = await s.solve({ timeLimitSec: 0 });
        const ms = performance.now() - started;
        expectStatus(r, 'time_limit', 'a solve with no time at all');
        expectNoSolution(r, 'a solve with no time at all');
        if (ms > STOP_WITHIN_MS) throw new ConformanceFailure(`a solve with no time at all took ${ms.toFixed(0)} ms`);
        // the limit is per solve: the next one has its own
        const again = await solve(s);
        expectObjective(again.objective, cold, 'the solve after a time-limited one');
      });
    },
  },
  {
    name: 'interruption',
    async run(backend) {
      const medium = mediumLp();
      const cold = await coldObjective(backend, medium, 'the 146-column LP');
      await withSession(backend, medium, async (s) => {
        let polls = 0;
        const started = performance.now();
        // false on the first poll, so the stop arrives while the solve runs
        const r = await solve(s, { shouldStop: () => ++polls > 1 });
        const ms = performance.now() - started;
        expectStatus(r, 'interrupted', 'a solve asked to stop');
        expectNoSolution(r, 'a solve asked to stop');
        if (ms > STOP_WITHIN_MS) throw new ConformanceFailure(`a solve asked to stop took ${ms.toFixed(0)} ms`);
        const again = await solve(s);
        expectObjective(again.objective, cold, 'the solve after an interrupted one');
      });
    },
  },
  {
    name: 'infeasible',
    async run(backend) {
      // Budget 2 and at most 1 unit short in the second scenario, whose demand is 7:
      // no order meets it (x + y <= 3 < 7), which only the recourse shows.
      const lp = twoStageLp(HAND_SPEC);
      const rows: [number, number, number][] = [
        [hand.budgetRow, -Infinity, 2],
        [hand.reliefRow(1), -Infinity, 1],
      ];
      const cold = await withSession(backend, variant(lp, { rows }), (s) => solve(s));
      expectStatus(cold, 'infeasible', 'an LP no order can satisfy');
      expectNoSolution(cold, 'an LP no order can satisfy');
      await withSession(backend, lp, async (s) => {
        expectObjective((await solve(s)).objective, 9.5, 'the hand-solved LP');
        for (const row of rows) s.setRowBounds(...row);
        expectStatus(await solve(s), 'infeasible', 'the hand-solved LP made infeasible by its bounds');
        s.setRowBounds(hand.budgetRow, -Infinity, HAND_SPEC.budget);
        s.setRowBounds(hand.reliefRow(1), -Infinity, Infinity);
        expectObjective((await solve(s)).objective, 9.5, 'the hand-solved LP with its bounds restored');
      });
    },
  },
  {
    name: 'unbounded',
    async run(backend) {
      // Selling at 1 per unit (cost -1) with no limit on the order: the objective falls for ever.
      const lp = twoStageLp({ ...HAND_SPEC, unitCost: [-1], budget: Infinity, maxOrder: Infinity });
      const r = await withSession(backend, lp, (s) => solve(s));
      expectStatus(r, 'unbounded', 'an LP whose objective falls without bound');
      expectNoSolution(r, 'an LP whose objective falls without bound');
    },
  },
  {
    name: 'duals',
    async run(backend) {
      const lp = twoStageLp(HAND_SPEC);
      if (!backend.supports?.duals) {
        // A back-end without duals says so; it never returns an optimum without them.
        const refused = await withSession(backend, lp, (s) => solve(s, { duals: true })).then(
          (r: SolveResult) => r,
          (error: unknown) => error,
        );
        if (!(refused instanceof SolverError))
          throw new ConformanceFailure('a back-end that does not declare duals must refuse a solve that asks for them');
        return;
      }
      for (const [what, model] of [
        ['the hand-solved LP', lp],
        ['the 146-column LP', mediumLp()],
      ] as const) {
        const r = await withSession(backend, model, (s) => solve(s, { duals: true }));
        expectPrimalFeasible(model, model.cost, model.offset, r, what);
        expectDualCertificate(model, model.cost, r, what);
      }
      // and after a change on a warm session
      const medium = mediumLp();
      const other = reweighted(medium, 20, 6);
      await withSession(backend, medium, async (s) => {
        await solve(s);
        s.setCost(other, 0);
        const r = await solve(s, { duals: true });
        expectPrimalFeasible(medium, other, 0, r, 'a warm re-solve with duals');
        expectDualCertificate(medium, other, r, 'a warm re-solve with duals');
      });
    },
  },
];
