// Pool workers warm HiGHS up with a few small solves before they take requests.

import { describe, expect, it } from 'vitest';
import { warmUpHighs } from '../../solver/highs/warm-up.js';
import { FrontierPool } from '../../workers/frontier-pool.js';
import { frontierOf, mustParse } from '../helpers/solve.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

describe('warm-up solves', () => {
  it('run in this thread and leave HiGHS solving as before', async () => {
    const problem = mustParse(sampleProblemInput());
    const before = await frontierOf(problem, 'highs', { points: 3 });
    expect(await warmUpHighs(1, 10)).toBeGreaterThan(0);
    const after = await frontierOf(problem, 'highs', { points: 3 });
    expect(after.frontier.map((p) => [p.expectedCost, p.cvar])).toEqual(
      before.frontier.map((p) => [p.expectedCost, p.cvar]),
    );
  });

  it('run in every pool worker at start unless turned off', async () => {
    const warmed = await FrontierPool.start({ size: 2, solveTimeLimitSec: 30 });
    const cold = await FrontierPool.start({ size: 1, solveTimeLimitSec: 30, warmUpSolves: false });
    try {
      expect(warmed.warmUpMs).toBeGreaterThan(0);
      expect(cold.warmUpMs).toBe(0);
    } finally {
      await warmed.close();
      await cold.close();
    }
  });
});
