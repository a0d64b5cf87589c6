// MODEL.md section 8: every reported marginal value (and riskPrice) lies
// between the one-sided difference quotients of the point's LP re-solved with
// the limit moved, on highs and on benders (whose duals are assembled from
// the master and the recourse LPs), for random problems and every fixture.

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/domain/problem.js';
import { buildSourcingLp, type SourcingLp } from '../../src/model/build-sourcing-lp.js';
import type { ReportedPoint } from '../../src/frontier/solve-frontier.js';
import { highsBackend } from '../../solver/highs/backend.js';
import { brackets, limitsOf, pointOptimum, type Bracket, type Limit } from '../helpers/finite-differences.js';
import { handProblem } from '../analysis/hand-problem.js';
import { randomProblemInput } from '../helpers/random-problem.js';
import { frontierOf, mustParse, relClose } from '../helpers/solve.js';

async function minCvar(model: SourcingLp): Promise<number> {
  const session = await highsBackend.open(model.lp, { method: 'simplex' });
  try {
    session.setCost(model.cvarObjective, 0);
    const r = await session.solve({});
    if (r.status !== 'optimal') throw new Error(`min CVaR ended ${r.status}`);
    return r.objective;
  } finally {
    session.dispose();
  }
}

function within(value: number, b: Bracket, leftOnly: boolean): boolean {
  return value >= b.left - b.tolerance && (leftOnly || value <= b.right + b.tolerance);
}

/** The limits to check at a point: the largest reported value of each kind, then the largest others, and a few the point does not list. */
function sample(limits: Limit[], count: number, zeros: number): Limit[] {
  const valued = limits.filter((l) => l.value > 0).sort((a, b) => b.value - a.value);
  const zero = limits.filter((l) => l.value === 0);
  const kind = (l: Limit) => l.label.split(' ')[0];
  const picks: Limit[] = [];
  for (const l of valued) if (picks.length < count && !picks.some((p) => kind(p) === kind(l))) picks.push(l);
  for (const l of valued) if (picks.length < count && !picks.includes(l)) picks.push(l);
  for (let i = 0; i < zeros && zero.length > 0; i++) picks.push(zero[Math.floor((i * zero.length) / zeros)]);
  return picks;
}

async function checkPoint(
  problem: Problem,
  model: SourcingLp,
  point: ReportedPoint,
  bound: number,
  neighbourGap: number,
  effort: Effort,
) {
  const atB = point.kind === 'safest';
  const base = await pointOptimum(problem, model, bound);
  expect(relClose(base, point.expectedCost, 1e-6), `E* ${base} vs reported ${point.expectedCost}`).toBe(true);
  expect(point.marginalValues, 'the point carries marginal values').toBeDefined();
  const failures: string[] = [];
  for (const limit of sample(limitsOf(problem, model, point.marginalValues!), effort.limits, effort.zeros)) {
    const steps = effort.steps.map((f) => f * limit.scale).map((d) => (d > limit.room ? limit.room : d));
    const usable = steps.filter((d) => d > 0);
    const found = await brackets(
      base,
      (delta) => pointOptimum(problem, model, bound, (lp) => limit.apply(lp, delta)),
      usable,
      limit.room,
    );
    for (const b of found)
      if (!within(limit.value, b, atB))
        failures.push(
          `${point.kind} ${limit.label}: value ${limit.value} outside [${b.left}, ${b.right}] ± ${b.tolerance}`,
        );
  }
  // riskPrice against neighbouring CVaR bounds (A: 0, and no bound to move)
  if (point.kind === 'cheapest') expect(point.riskPrice).toBe(0);
  else {
    const steps = [1e-3, 1e-2].map((f) => f * neighbourGap);
    const found = await brackets(base, (delta) => pointOptimum(problem, model, bound + delta), steps, Infinity, !atB);
    for (const b of found)
      if (!within(point.riskPrice!, b, atB))
        failures.push(`${point.kind} riskPrice ${point.riskPrice} outside [${b.left}, ${b.right}] ± ${b.tolerance}`);
  }
  expect(failures).toEqual([]);
}

/** How much to check per point: limits sampled (one of each kind first), unlisted ones, step sizes (relative). */
interface Effort {
  limits: number;
  zeros: number;
  steps: number[];
}

async function checkProblem(problem: Problem, backend: string, effort: Effort) {
  const result = await frontierOf(problem, backend, { points: 3 });
  const model = buildSourcingLp(problem);
  const widened = (result.solver.notes ?? []).some((n) => n.includes('slack widened'));
  const front = result.frontier;
  const gap = Math.max(1e-6, front[0].cvar - front[front.length - 1].cvar);
  for (const point of front) {
    let bound = Infinity;
    if (point.kind === 'epsilon') bound = point.cvarBound!;
    if (point.kind === 'safest') {
      if (widened) continue;
      const v = await minCvar(model);
      bound = v + 1e-9 * Math.max(1, Math.abs(v));
    }
    try {
      await checkPoint(problem, model, point, bound, gap, effort);
    } catch (error) {
      // B's LP sits 1e-9 above the least CVaR: a cold HiGHS re-solve of it can end 'unknown'
      // (eu-ev-maker), where the frontier's warm hold did not. A and the interior points stay checked.
      if (point.kind === 'safest' && String(error).includes('model status 15')) {
        console.warn(`${backend}: point B not re-solvable cold here; skipped (${String(error)})`);
        continue;
      }
      throw error;
    }
  }
  return result;
}

const fixtures = readdirSync('fixtures')
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(`fixtures/${f}`, 'utf8')) as unknown] as const);

for (const backend of ['highs', 'benders']) {
  describe(`marginal values by finite differences (${backend})`, () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      it(`random problem ${seed}`, { timeout: 120_000 }, async () => {
        await checkProblem(mustParse(randomProblemInput(seed, { scenarios: 3 })), backend, {
          limits: 6,
          zeros: 2,
          steps: [1e-3, 3e-2],
        });
      });
    }
    it('a product whose one design may build all its demand (the demand row the LP leaves out binds)', async () => {
      const p = handProblem();
      const tight = {
        ...p,
        periods: 3,
        suppliers: [p.suppliers[0], { ...p.suppliers[1], offers: [{ material: 'ndfeb', unitCost: 30, capacity: 6 }] }],
      };
      await checkProblem(mustParse(tight), backend, { limits: 6, zeros: 2, steps: [1e-3, 3e-2] });
    });
    for (const [name, raw] of fixtures) {
      it(`fixture ${name}`, { timeout: 300_000 }, async () => {
        // the fixtures' LPs take up to a second each to re-solve: the largest limit of each of two kinds, one unlisted, one step
        await checkProblem(mustParse(raw), backend, { limits: 2, zeros: 1, steps: [1e-2] });
      });
    }
  });
}

describe('jsLPSolver and duals', () => {
  it('jslp frontiers carry scenarioUnmet but no marginal values, with a note saying why', async () => {
    const result = await frontierOf(mustParse(randomProblemInput(3, { scenarios: 2, periods: 1 })), 'jslp', {
      points: 2,
    });
    expect(result.frontier[0].scenarioUnmet).toHaveLength(result.scenarios.length);
    expect(result.frontier[0].marginalValues).toBeUndefined();
    expect(result.solver.notes?.join(' ')).toMatch(/javascript-lp-solver does not give/);
  });

  it('auto hands a solve that needs duals to HiGHS', async () => {
    const result = await frontierOf(mustParse(randomProblemInput(3, { scenarios: 2, periods: 1 })), 'auto', {
      points: 2,
    });
    expect(result.frontier[0].marginalValues).toBeDefined();
    expect(result.solver.backend).toContain('highs');
  });
});
