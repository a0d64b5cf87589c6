// The CLI's --workers executor (a pool of its own) hands MODEL.md section 9's
// solves to its pool, as the service's executor does, with the same answers
// as in this thread, and passes a cancel on.

import { describe, expect, it } from 'vitest';
import { runInThread } from '../../src/analysis/vss-evpi.js';
import { createPoolExecutor } from '../../workers/cli-pool-executor.js';
import { fixture } from '../helpers/http-server.js';
import { mustParse } from '../helpers/solve.js';

describe('the CLI pool executor', () => {
  it('solves the analysis on its pool with the answers of this thread', async () => {
    const problem = mustParse(fixture('bench/small.json'));
    const executor = await createPoolExecutor(problem, { workers: 2, backend: 'auto', solveTimeLimitSec: 60 });
    try {
      expect(executor.runAnalysis).toBeTypeOf('function');
      const tasks = [{ kind: 'ev' } as const, ...[0, 1, 2].map((k) => ({ kind: 'ws', scenario: k }) as const)];
      const pooled = await executor.runAnalysis!(problem, tasks);
      const here = await runInThread(problem, tasks);
      expect(pooled).toHaveLength(tasks.length);
      pooled.forEach((o, i) => expect(o.objective).toBeCloseTo(here[i].objective!, 4));
      const cancelled = new AbortController();
      cancelled.abort();
      await expect(executor.runAnalysis!(problem, tasks, cancelled.signal)).rejects.toThrow();
    } finally {
      await executor.close();
    }
  }, 60_000);
});
