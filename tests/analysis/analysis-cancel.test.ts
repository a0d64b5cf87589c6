// A cancelled frontier stops its MODEL.md section 9 solves too: no task
// starts after the cancel, the one under way is stopped, the pool is free for
// the next request at once, and the frontier fails as "cancelled".
// bench/medium's evpi is 100 scenario solves, about 3 s on one worker.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse, runAnalysisTask, runInThread } from '../../src/analysis/vss-evpi.js';
import type { Problem } from '../../src/domain/problem.js';
import { solveFrontier } from '../../src/frontier/solve-frontier.js';
import { FrontierSolveError } from '../../src/frontier/steps.js';
import { prepareProblem } from '../../src/model/prepare-problem.js';
import { FrontierPool } from '../../workers/frontier-pool.js';
import { mustParse } from '../helpers/solve.js';
import { handProblem } from './hand-problem.js';

function benchProblem(name: string): Problem {
  const prepared = prepareProblem(JSON.parse(readFileSync(`fixtures/bench/${name}.json`, 'utf8')));
  if (!prepared.ok) throw new Error(`fixtures/bench/${name}.json does not prepare`);
  return prepared.problem;
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('cancelling the analysis', () => {
  it('a solve whose stop test fires fails as cancelled (status interrupted), in this thread', async () => {
    const problem = mustParse(handProblem());
    const stopped = runAnalysisTask(problem, { kind: 'ev' }, { shouldStop: () => true });
    await expect(stopped).rejects.toThrow(/^the analysis was cancelled$/);
    await expect(stopped).rejects.toMatchObject({ status: 'interrupted' });
    // and without it the same task solves (ev = 100 by hand)
    expect((await runAnalysisTask(problem, { kind: 'ev' })).objective).toBeCloseTo(100, 6);
  });

  it('an aborted signal starts nothing, in this thread', async () => {
    const problem = mustParse(handProblem());
    const cancel = new AbortController();
    cancel.abort();
    let calls = 0;
    const counting: typeof runInThread = (p, tasks, signal) => {
      calls++;
      return runInThread(p, tasks, signal);
    };
    await expect(analyse(problem, ['evpi'], 300, counting, cancel.signal)).rejects.toThrow();
    expect(calls).toBe(0);
    await expect(runInThread(problem, [{ kind: 'ev' }], cancel.signal)).rejects.toThrow();
  });

  describe('on a pool of one worker', () => {
    let pool: FrontierPool;
    const medium = benchProblem('medium');
    beforeAll(async () => {
      pool = await FrontierPool.start({ size: 1, solveTimeLimitSec: 60 });
    });
    afterAll(() => pool?.close());

    it('stops after the task under way, and the pool serves the next analysis', async () => {
      const executor = pool.executorFor(medium);
      const tasks = medium.scenarios.map((_, k) => ({ kind: 'ws', scenario: k }) as const);
      const before = pool.stats().completedTasks;
      const cancel = new AbortController();
      const analysing = executor.runAnalysis!(medium, tasks, cancel.signal);
      await until(() => pool.stats().completedTasks >= before + 2);
      cancel.abort();
      await expect(analysing).rejects.toThrow(/cancelled/);
      const atCancel = pool.stats().completedTasks;
      await until(() => pool.stats().busy === 0 && pool.stats().queued === 0);
      // at most the one task under way finished after the cancel, of 100
      expect(pool.stats().completedTasks - atCancel).toBeLessThanOrEqual(1);
      expect(pool.stats().completedTasks - before).toBeLessThan(tasks.length / 4);
      expect(pool.stats().workerRestarts).toBe(0);

      // the worker is free and right: two scenarios alone, as in this thread
      const next = await executor.runAnalysis!(medium, tasks.slice(0, 2));
      const here = await runInThread(medium, tasks.slice(0, 2));
      next.forEach((o, k) => expect(o.objective).toBeCloseTo(here[k].objective!, 4));
    });

    it('a frontier cancelled during its analysis fails as cancelled, not with the analysis error', async () => {
      const small = benchProblem('small');
      const executor = pool.executorFor(small);
      const cancel = new AbortController();
      let frontierDone = 0;
      const solving = solveFrontier(small, executor, {
        points: 3,
        analysis: ['evpi'],
        signal: cancel.signal,
        onProgress: (done, total) => {
          if (done === total) frontierDone = pool.stats().completedTasks;
        },
      });
      // cancelled once the analysis has solved a scenario on the pool
      await until(() => frontierDone > 0 && pool.stats().completedTasks > frontierDone + 1);
      cancel.abort();
      const error = await solving.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(FrontierSolveError);
      expect((error as FrontierSolveError).status).toBe('interrupted');
      expect((error as Error).message).toBe('the frontier was cancelled');
    });
  });
});
