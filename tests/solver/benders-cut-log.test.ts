// The L-shaped session's cut log: compaction frees the cuts the master has
// pruned without changing a single number of what the session answers, and
// what it hands other sessions is the cuts its master holds.

import { describe, expect, it } from 'vitest';
import { runStep, type FrontierStep } from '../../src/frontier/steps.js';
import { buildSourcingLp } from '../../src/model/build-sourcing-lp.js';
import { CutLog } from '../../solver/benders/cut-log.js';
import { BendersSession } from '../../solver/benders/session.js';
import { fixture } from '../helpers/http-server.js';
import { randomProblemInput } from '../helpers/random-problem.js';
import { mustParse } from '../helpers/solve.js';

/** Cut i: entries on columns i and i+1, origin in scenario i % 3 with one dual. */
function logOf(n: number): CutLog {
  const log = new CutLog();
  for (let i = 0; i < n; i++) log.add(100 + i, i, Infinity, [i, i + 1], [1, -i], i % 3, [i], [0.5 * i]);
  return log;
}

describe('CutLog', () => {
  it('keeps the given cuts renumbered in that order, with their rows, origins and retirement', () => {
    const log = logOf(6);
    log.retireBlock(1); // cuts 1 and 4
    const before = log.warmStart([5, 4, 2]);
    log.compact([5, 4, 2]);
    expect(log.length).toBe(3);
    expect([0, 1, 2].map((i) => log.isRetired(i))).toEqual([false, true, false]);
    const rows = log.rows([0, 1, 2]);
    expect(Array.from(rows.lower)).toEqual([5, 4, 2]);
    expect(Array.from(rows.starts)).toEqual([0, 2, 4, 6]);
    expect(Array.from(rows.indices)).toEqual([5, 6, 4, 5, 2, 3]);
    expect(Array.from(rows.values)).toEqual([1, -5, 1, -4, 1, -2]);
    const origins = log.origins();
    expect(Array.from(origins.block)).toEqual([2, 1, 2]);
    expect(Array.from(origins.dualIndex)).toEqual([5, 4, 2]);
    expect(Array.from(origins.dualValue)).toEqual([2.5, 2, 1]);
    // the retired cut stays out of warm starts, before and after
    expect(log.warmStart()).toEqual(before);
    expect(Array.from(before.id)).toEqual([105, 102]);
  });

  it('still knows the ids it compacted away, so a warm start does not bring them back', () => {
    const log = logOf(4);
    log.compact([3]);
    expect([100, 101, 102, 103].map((id) => log.has(id))).toEqual([true, true, true, true]);
    expect(log.has(104)).toBe(false);
    expect(log.everLogged).toBe(4);
    // new cuts go after the kept ones
    log.add(200, -1, 1, [7], [2], 0, [], []);
    expect(log.length).toBe(2);
    expect(Array.from(log.rows([1]).indices)).toEqual([7]);
  });
});

describe('benders session: compacting the cut log', () => {
  const cases = [
    { name: 'random seed 3, 12 scenarios', input: () => randomProblemInput(3, { scenarios: 12 }) },
    { name: 'fixture us-motor-maker', input: () => fixture('us-motor-maker.json') },
  ];
  it.each(cases)('changes no number of a frontier run ($name)', async ({ input }) => {
    const problem = mustParse(input());
    const model = buildSourcingLp(problem);
    const sessions = await Promise.all([BendersSession.open(model.lp), BendersSession.open(model.lp)]);
    const [compacting, keeping] = sessions;
    compacting.compactLogFrom = 0; // at every round
    keeping.compactLogFrom = Infinity;
    try {
      const run = async (session: BendersSession, steps: FrontierStep[]) => {
        const points = [];
        for (const step of steps) points.push((await runStep(problem, model, session, step, {})).point);
        return points;
      };
      const [a, b] = await Promise.all(sessions.map((s) => run(s, [{ kind: 'cheapest' }, { kind: 'min-cvar' }])));
      const cvarA = a[0]!.cvar;
      const cvarB = b[1]?.cvar ?? (await runStep(problem, model, keeping, { kind: 'min-cvar' }, {})).objective;
      const bounds = [0.75, 0.5, 0.25].map((f) => cvarB + f * (cvarA - cvarB));
      const sweep = bounds.map((cvarBound) => ({ kind: 'epsilon', cvarBound }) as const);
      const [c, d] = await Promise.all(sessions.map((s) => run(s, sweep)));
      // the same master rows in the same order: the same arithmetic, so equal to the last bit
      expect(a).toEqual(b);
      expect(c).toEqual(d);
      expect(c.every((p) => p?.marginalValues)).toBe(true);
      expect(compacting.loggedCutCount).toBeLessThan(keeping.loggedCutCount);
      expect(compacting.cutCount).toBe(keeping.cutCount);
      // the same cuts handed on (ids differ: each session numbers its own)
      const handed = sessions.map((s) => ({ ...s.getWarmStart()!, id: null }));
      expect(handed[0]).toEqual(handed[1]);
    } finally {
      for (const s of sessions) s.dispose();
    }
  });

  it('hands over only the cuts its master holds', async () => {
    const model = buildSourcingLp(mustParse(randomProblemInput(3, { scenarios: 12 })));
    const session = await BendersSession.open(model.lp);
    session.compactLogFrom = Infinity;
    try {
      session.setCost(model.expectedObjective, model.constantCost);
      await session.solve();
      const handed = session.getWarmStart()!;
      if (handed.backend !== 'benders') throw new Error(`a ${handed.backend} warm start`);
      expect(handed.id.length).toBeGreaterThan(0);
      expect(handed.id.length).toBeLessThan(session.loggedCutCount);
    } finally {
      session.dispose();
    }
  });
});
