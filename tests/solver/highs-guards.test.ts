// The known failure modes of the back-ends, guarded: time limits, jsLPSolver
// hangs (auto falls back to HiGHS), and HiGHS WASM memory over many solves.

import { describe, expect, it } from 'vitest';
import { buildSourcingLp } from '../../src/model/build-sourcing-lp.js';
import { mustParse } from '../helpers/solve.js';
import { randomProblemInput } from '../helpers/random-problem.js';
import { generateBenchProblem } from '../../benchmarks/generate-fixtures.js';
import { autoBackend } from '../../solver/auto.js';
import { getBackend } from '../../solver/registry.js';
import { highsBackend } from '../../solver/highs/backend.js';
import { loadHighsRuntime } from '../../solver/highs/runtime.js';
import { sparseFromDense } from '../../solver/conformance/dense-lp.js';

const tiny = () =>
  sparseFromDense({
    cost: [1, 2],
    rows: [
      { coefs: [1, 1], lower: 3 },
      { coefs: [1, -1], upper: 1 },
    ],
  });

describe('solver guards', () => {
  it('HiGHS stops at the per-solve time limit with status time_limit', async () => {
    const lp = buildSourcingLp(mustParse(generateBenchProblem('small'))).lp;
    const session = await highsBackend.open(lp, { method: 'simplex' });
    try {
      const r = await session.solve({ timeLimitSec: 0.001 });
      expect(r.status).toBe('time_limit');
    } finally {
      session.dispose();
    }
  });

  it('HiGHS stops when asked to (the interrupt callback polls shouldStop)', async () => {
    const lp = buildSourcingLp(mustParse(generateBenchProblem('small'))).lp;
    const session = await highsBackend.open(lp, { method: 'simplex' });
    try {
      const r = await session.solve({ shouldStop: () => true });
      expect(r.status).toBe('interrupted');
    } finally {
      session.dispose();
    }
  });

  it('jsLPSolver is stopped at its time limit on its own thread (a hang cannot block the caller)', async () => {
    const lp = buildSourcingLp(mustParse(generateBenchProblem('small'))).lp;
    const session = await getBackend('jslp').open(lp);
    try {
      const started = Date.now();
      const r = await session.solve({ timeLimitSec: 0.2 });
      expect(r.status).toBe('time_limit');
      expect(Date.now() - started).toBeLessThan(2_000);
      // the session still works afterwards, on a fresh thread
    } finally {
      session.dispose();
    }
  });

  it('auto falls back to HiGHS when jsLPSolver times out, and stays there', async () => {
    const session = await autoBackend.open(tiny(), { jslpFallbackSec: 1e-6 });
    try {
      const first = await session.solve();
      expect(first.status).toBe('optimal');
      expect(first.backend).toBe('highs');
      expect(first.message).toMatch(/javascript-lp-solver time limit; solved with HiGHS/);
      expect(first.objective).toBeCloseTo(4, 9);
      const second = await session.solve();
      expect(second.backend).toBe('highs');
    } finally {
      session.dispose();
    }
  });

  it('auto uses jsLPSolver on a tiny LP and HiGHS on a larger one', async () => {
    const small = await autoBackend.open(tiny());
    const larger = await autoBackend.open(
      buildSourcingLp(mustParse(randomProblemInput(1, { periods: 6, scenarios: 6 }))).lp,
    );
    try {
      expect((await small.solve()).backend).toBe('jslp');
      expect((await larger.solve()).backend).toBe('highs');
    } finally {
      small.dispose();
      larger.dispose();
    }
  });

  it('300 HiGHS solves in one process keep WASM memory flat (every model disposed)', async () => {
    const highs = await loadHighsRuntime();
    const lp = buildSourcingLp(mustParse(randomProblemInput(12, { periods: 6, scenarios: 8 }))).lp;
    const solveOnce = async () => {
      const session = await highsBackend.open(lp);
      try {
        expect((await session.solve()).status).toBe('optimal');
      } finally {
        session.dispose();
      }
    };
    for (let i = 0; i < 20; i++) await solveOnce();
    const before = highs.memoryBytes;
    for (let i = 0; i < 300; i++) await solveOnce();
    // Without dispose() this grew by megabytes per solve (highs-js issues #9, #10, #12).
    expect(highs.memoryBytes - before).toBeLessThanOrEqual(4 * 1024 * 1024);
  });
});

describe('per-solve time limit', () => {
  it('counts each solve on its own, not the time of earlier solves on the same model', async () => {
    const model = buildSourcingLp(mustParse(generateBenchProblem('small')));
    const session = await highsBackend.open(model.lp, { method: 'simplex' });
    try {
      session.setCost(model.cvarObjective, 0);
      const first = await session.solve();
      expect(first.status).toBe('optimal');
      // A slightly tighter expected-cost budget is a short warm re-solve (24
      // iterations, a 15th to a 30th of the cold solve, measured). Given half
      // the first solve's time, it finishes, unless the clock carried over.
      let expected = model.constantCost;
      first.x.forEach((v, j) => (expected += model.expectedObjective[j] * v));
      session.setRowBounds(model.layout.expectedRow, -Infinity, expected * 0.999 - model.constantCost);
      const second = await session.solve({ timeLimitSec: (first.ms / 1000) * 0.5 });
      expect(second.status).toBe('optimal');
      expect(second.iterations).toBeGreaterThan(0);
    } finally {
      session.dispose();
    }
  });
});
