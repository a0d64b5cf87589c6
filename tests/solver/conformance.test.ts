// One suite every registered back-end must pass (solver/conformance, after
// MathOptInterface's Test submodule): a back-end added to solver/registry.ts
// is tested here with no other change. What a back-end cannot meet is
// excluded below, each with its reason.

import { describe, expect, it } from 'vitest';
import { ConformanceFailure } from '../../solver/conformance/checks.js';
import { conformanceCases, type CaseName } from '../../solver/conformance/cases.js';
import { planConformance, runConformance, type ConformanceOptions } from '../../solver/conformance/run-conformance.js';
import { highsBackend } from '../../solver/highs/backend.js';
import { BACKEND_NAMES, getBackend } from '../../solver/registry.js';
import type { LpSession, SolveResult, SolverBackend } from '../../solver/types.js';

const EXCLUDE: Record<string, ConformanceOptions['exclude']> = {
  benders: {
    'small LPs': 'it decomposes two-stage LPs only; the two-stage cases test it on everything else',
  },
};

describe.each(BACKEND_NAMES)('back-end %s', (name) => {
  const { run, excluded } = planConformance({ exclude: EXCLUDE[name] });
  it.each(run.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    await c.run(getBackend(name));
  });
  for (const { name: caseName, reason } of excluded) it.skip(`${caseName} (excluded: ${reason})`, () => {});
});

/** HiGHS with one thing wrong, to show the suite notices. */
function broken(what: string, mangle: (result: SolveResult) => SolveResult): SolverBackend {
  return {
    name: `highs with ${what}`,
    supports: highsBackend.supports,
    async open(lp, options) {
      const session = await highsBackend.open(lp, options);
      const wrapped: LpSession = {
        backend: session.backend,
        setCost: (cost, offset) => session.setCost(cost, offset),
        setRowBounds: (row, lower, upper) => session.setRowBounds(row, lower, upper),
        solve: async (o) => mangle(await session.solve(o)),
        getWarmStart: () => session.getWarmStart(),
        setWarmStart: (start) => session.setWarmStart(start),
        dispose: () => session.dispose(),
      };
      return wrapped;
    },
  };
}

const caseNamed = (name: CaseName) => conformanceCases.find((c) => c.name === name)!;

describe('the suite fails a back-end that breaks the contract', () => {
  it('a wrong objective fails the value cases', async () => {
    const backend = broken('an objective off by 1', (r) => ({ ...r, objective: r.objective + 1 }));
    await expect(caseNamed('optimal value').run(backend)).rejects.toThrow(ConformanceFailure);
    await expect(caseNamed('small LPs').run(backend)).rejects.toThrow(/objective/);
  });

  it('an infeasible x fails primal feasibility, even with the right objective', async () => {
    const backend = broken('x moved off a bound', (r) =>
      r.status === 'optimal' ? { ...r, x: r.x.map((v, j) => (j === 0 ? v + 5 : v)) } : r,
    );
    await expect(caseNamed('optimal value').run(backend)).rejects.toThrow(/outside its bounds|objective/);
  });

  it('a back-end that ignores bound changes fails the warm re-solve cases', async () => {
    const backend: SolverBackend = {
      name: 'highs ignoring setRowBounds',
      async open(lp, options) {
        const session = await highsBackend.open(lp, options);
        return Object.assign(Object.create(session) as LpSession, { setRowBounds: () => undefined });
      },
    };
    await expect(caseNamed('linking row bound change').run(backend)).rejects.toThrow(ConformanceFailure);
    await expect(caseNamed('recourse row bound change').run(backend)).rejects.toThrow(ConformanceFailure);
    await expect(caseNamed('infeasible').run(backend)).rejects.toThrow(/status optimal, expected infeasible/);
  });

  it('a solve that ignores its stop request or time limit fails those cases', async () => {
    const backend = broken('no stop', (r) => r);
    const ignoring: SolverBackend = {
      name: 'highs ignoring stop and limit',
      open: async (lp) => {
        const session = await backend.open(lp);
        return Object.assign(Object.create(session) as LpSession, {
          solve: (o: Parameters<LpSession['solve']>[0]) =>
            session.solve({ ...o, shouldStop: undefined, timeLimitSec: undefined }),
        });
      },
    };
    await expect(caseNamed('interruption').run(ignoring)).rejects.toThrow(/status optimal, expected interrupted/);
    await expect(caseNamed('time limit').run(ignoring)).rejects.toThrow(/status optimal, expected time_limit/);
  });

  it('duals that are not a certificate fail the duals case; runConformance reports every failed case', async () => {
    const backend = broken('flipped duals', (r) =>
      r.duals ? { ...r, duals: { rowDual: r.duals.rowDual.map((v) => -v), colDual: r.duals.colDual } } : r,
    );
    await expect(caseNamed('duals').run(backend)).rejects.toThrow(ConformanceFailure);
    const report = await runConformance(
      broken('an objective off by 1', (r) => ({ ...r, objective: r.objective + 1 })),
      { exclude: { 'time limit': 'not needed here', interruption: 'not needed here' } },
    );
    expect(report.failed.map((f) => f.name)).toEqual(
      expect.arrayContaining(['small LPs', 'optimal value', 'objective change', 'linking row bound change']),
    );
    expect(report.excluded.map((e) => e.name)).toEqual(['time limit', 'interruption']);
  });

  it('an exclusion must name a case', () => {
    expect(() => planConformance({ exclude: { 'no such case': 'x' } as never })).toThrow(/no conformance case/);
  });
});
