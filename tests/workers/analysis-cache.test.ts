// A pool worker keeps the last analysed problem unpacked, with its scenario
// effects, for that problem's next tasks: problems analysed in turn on one
// worker each get their own answers, equal to this thread's.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInThread, type AnalysisTask } from '../../src/analysis/vss-evpi.js';
import type { Problem } from '../../src/domain/problem.js';
import { FrontierPool } from '../../workers/frontier-pool.js';
import { handProblem } from '../analysis/hand-problem.js';
import { fixture } from '../helpers/http-server.js';
import { mustParse } from '../helpers/solve.js';

describe('analysis tasks on one pool worker', () => {
  let pool: FrontierPool;
  beforeAll(async () => {
    pool = await FrontierPool.start({ size: 1, solveTimeLimitSec: 60 });
  });
  afterAll(() => pool?.close());

  it('answer for their own problem when problems take turns', async () => {
    const small = mustParse(fixture('bench/small.json'));
    const hand = mustParse(handProblem());
    const tasksOf = (problem: Problem): AnalysisTask[] => [
      { kind: 'ev' },
      ...problem.scenarios.slice(0, 3).map((_, k) => ({ kind: 'ws', scenario: k }) as const),
    ];
    for (const problem of [small, hand, small]) {
      const tasks = tasksOf(problem);
      const pooled = await pool.executorFor(problem).runAnalysis!(problem, tasks);
      const here = await runInThread(problem, tasks);
      expect(pooled.map((o) => o.objective)).toHaveLength(tasks.length);
      pooled.forEach((o, i) => expect(o.objective).toBeCloseTo(here[i].objective!, 6));
    }
    // the hand problem's ev is 100 by hand; bench/small's is not
    expect((await runInThread(hand, [{ kind: 'ev' }]))[0].objective).toBeCloseTo(100, 6);
    expect((await runInThread(small, [{ kind: 'ev' }]))[0].objective).not.toBeCloseTo(100, 0);
  }, 60_000);
});
