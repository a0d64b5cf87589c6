// V8 compiles HiGHS's WebAssembly with its baseline compiler first and
// optimises hot functions as they run, so the first solves in a thread are
// several times slower (bench/small min E: 0.3-0.9 s first, ~0.05 s once
// optimised). A long-lived service runs optimised code; so do our timings,
// after these warm-ups. Section 2 reports the first-solve cost on its own.

import { LocalExecutor } from '../../src/frontier/local-executor.js';
import { solveFrontier } from '../../src/frontier/solve-frontier.js';
import { buildSourcingLp } from '../../src/model/build-sourcing-lp.js';
import { highsBackend } from '../../solver/highs/backend.js';
import type { SolveResult } from '../../solver/types.js';
import type { FrontierPool } from '../../workers/frontier-pool.js';
import { benchProblem } from './problems.js';

let threadWarm = false;

/** Solves bench/small a few times in this thread; returns each solve's ms the first time it runs. */
export async function warmUpThisThread(): Promise<number[]> {
  if (threadWarm) return [];
  const lp = buildSourcingLp(benchProblem('small')).lp;
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const session = await highsBackend.open(lp);
    try {
      const r: SolveResult = await session.solve();
      times.push(r.ms);
    } finally {
      session.dispose();
    }
  }
  threadWarm = true;
  return times;
}

/** One 11-point bench/small frontier in this thread, which also exercises the warm-started steps. */
export async function warmUpFrontier(): Promise<void> {
  await warmUpThisThread();
  const problem = benchProblem('small');
  const executor = LocalExecutor.create(problem, { backend: 'highs' });
  try {
    await solveFrontier(problem, executor, { points: 11 });
  } finally {
    await executor.close();
  }
}

/** A few bench/small frontiers on a fresh pool, so every worker runs optimised code before it is timed. */
export async function warmUpPool(pool: FrontierPool): Promise<void> {
  const problem = benchProblem('small');
  for (let i = 0; i < 3; i++)
    await solveFrontier(problem, pool.executorFor(problem, { backend: 'highs' }), { points: 2 + pool.size * 5 });
}
