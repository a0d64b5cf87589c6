// WholeRunExecutor (`lodestone worker`'s batch variations): the frontier of a
// yielding variation, in fewer pool tasks (whole runs instead of one task per
// LP step), with one progress call per step all the same.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solveFrontier } from '../../src/frontier/solve-frontier.js';
import { BoundedAdmissionGate } from '../../src/service/admission-gate.js';
import { WholeRunExecutor } from '../../src/service/whole-run-executor.js';
import { YieldingExecutor } from '../../src/service/yielding-executor.js';
import { FrontierPool } from '../../workers/frontier-pool.js';
import { fixture } from '../helpers/http-server.js';
import { expectRel, mustParse } from '../helpers/solve.js';

describe('WholeRunExecutor', () => {
  let pool: FrontierPool;
  beforeAll(async () => {
    pool = await FrontierPool.start({ size: 1, solveTimeLimitSec: 120, warmUpSolves: false });
  }, 60_000);
  afterAll(() => pool?.close());

  it('gives the yielding executor’s frontier in fewer pool tasks', async () => {
    const problem = mustParse(fixture('bench/small.json'));
    const solve = async (kind: 'yielding' | 'whole') => {
      const inner = pool.executorFor(problem);
      const executor =
        kind === 'yielding'
          ? new YieldingExecutor(inner, new BoundedAdmissionGate(1, 100))
          : new WholeRunExecutor(inner);
      expect(executor.parallelism).toBe(1);
      const tasksBefore = pool.stats().completedTasks;
      const progress: number[] = [];
      const result = await solveFrontier(problem, executor, { points: 5, onProgress: (done) => progress.push(done) });
      return { result, progress, tasks: pool.stats().completedTasks - tasksBefore };
    };
    const yielding = await solve('yielding');
    const whole = await solve('whole');
    expect(whole.result.frontier.map((p) => p.kind)).toEqual(yielding.result.frontier.map((p) => p.kind));
    whole.result.frontier.forEach((p, i) => {
      expectRel(p.expectedCost, yielding.result.frontier[i].expectedCost, 1e-9);
      expectRel(p.cvar, yielding.result.frontier[i].cvar, 1e-9);
    });
    expect(whole.progress).toEqual(yielding.progress);
    expect(whole.tasks).toBeLessThan(yielding.tasks);
    expect(whole.result.solver.workers).toBe(1);
  }, 120_000);
});
