// One suite every back-end must pass (after MathOptInterface's src/Test):
// the same small models, the same optimal values, the same status on
// infeasible and unbounded models, and re-solves after cost and bound changes.

import { describe, expect, it } from 'vitest';
import { getBackend } from '../../solver/registry.js';
import { sparseFromDense, type DenseLp } from '../../solver/conformance/dense-lp.js';

async function solveDense(backend: string, d: DenseLp) {
  const session = await getBackend(backend).open(sparseFromDense(d));
  try {
    return await session.solve({ timeLimitSec: 10 });
  } finally {
    session.dispose();
  }
}

describe.each(['highs', 'jslp', 'auto'])('back-end %s', (backend) => {
  it('solves a two-variable LP: min x + 2y, x + y >= 3, x - y <= 1 -> (2, 1), 4', async () => {
    // The optimum sits where both rows are tight: x = 1 + y and x + y = 3.
    const r = await solveDense(backend, {
      cost: [1, 2],
      rows: [
        { coefs: [1, 1], lower: 3 },
        { coefs: [1, -1], upper: 1 },
      ],
    });
    expect(r.status).toBe('optimal');
    expect(r.objective).toBeCloseTo(4, 9);
    expect(r.x[0]).toBeCloseTo(2, 9);
    expect(r.x[1]).toBeCloseTo(1, 9);
  });

  it('handles free columns: min t, t >= x - 2, t >= 4 - x -> t = 1 at x = 3', async () => {
    const r = await solveDense(backend, {
      cost: [1, 0],
      rows: [
        { coefs: [1, -1], lower: -2 },
        { coefs: [1, 1], lower: 4 },
      ],
      colLower: [-Infinity, -Infinity],
      colUpper: [Infinity, Infinity],
    });
    expect(r.status).toBe('optimal');
    expect(r.objective).toBeCloseTo(1, 9);
    expect(r.x[1]).toBeCloseTo(3, 9);
  });

  it('honours column bounds, equality rows and the objective offset', async () => {
    // min 10 - x - y, x <= 2, y <= 3, x + z = 4 (z >= 0) -> x = 2, y = 3, objective 5
    const r = await solveDense(backend, {
      cost: [-1, -1, 0],
      offset: 10,
      rows: [{ coefs: [1, 0, 1], lower: 4, upper: 4 }],
      colUpper: [2, 3, Infinity],
    });
    expect(r.status).toBe('optimal');
    expect(r.objective).toBeCloseTo(5, 9);
    expect(r.x[2]).toBeCloseTo(2, 9);
  });

  it('reports an infeasible LP as infeasible', async () => {
    const r = await solveDense(backend, {
      cost: [1, 1],
      rows: [
        { coefs: [1, 1], upper: 1 },
        { coefs: [1, 1], lower: 2 },
      ],
    });
    expect(r.status).toBe('infeasible');
  });

  it('reports an unbounded LP as unbounded', async () => {
    const r = await solveDense(backend, { cost: [-1, 0], rows: [{ coefs: [1, -1], upper: 1 }] });
    expect(r.status).toBe('unbounded');
  });

  it('re-solves after the objective and a row bound change', async () => {
    // min x + 2y with x + y >= 3, x <= 1 + y: 4; then min 3x + y: x = 0, y = 3 -> 3;
    // then bound x + y >= 5: x = 0, y = 5 -> 5.
    const session = await getBackend(backend).open(
      sparseFromDense({
        cost: [1, 2],
        rows: [
          { coefs: [1, 1], lower: 3 },
          { coefs: [1, -1], upper: 1 },
        ],
      }),
    );
    try {
      expect((await session.solve()).objective).toBeCloseTo(4, 9);
      session.setCost(Float64Array.from([3, 1]), 0);
      expect((await session.solve()).objective).toBeCloseTo(3, 9);
      session.setRowBounds(0, 5, Infinity);
      const r = await session.solve();
      expect(r.objective).toBeCloseTo(5, 9);
      expect(r.x[1]).toBeCloseTo(5, 9);
    } finally {
      session.dispose();
    }
  });
});
