// The piscina task entry: solves one run of frontier steps on a warm session.
// HiGHS is loaded once, when the worker starts (top-level await), and kept.

import { unpack } from 'msgpackr';
import type { Problem } from '../src/domain/problem.js';
import { runAnalysisTask } from '../src/analysis/vss-evpi.js';
import { LocalExecutor } from '../src/frontier/local-executor.js';
import { FrontierSolveError } from '../src/frontier/steps.js';
import { loadHighsRuntime } from '../solver/highs/runtime.js';
import { warmUpHighs } from '../solver/highs/warm-up.js';
import type { AnalysisReply, SolveRunReply, SolveRunTask, WarmupReply, WorkerTask } from './protocol.js';

const highs = await loadHighsRuntime();

// The last problems this worker built, so later runs of the same request skip the build.
const CACHE_SIZE = 2;
const executors = new Map<string, LocalExecutor>();

function executorFor(task: SolveRunTask): LocalExecutor {
  const key = `${task.problemKey}/${task.backend}`;
  let executor = executors.get(key);
  if (executor) {
    executors.delete(key);
  } else {
    const problem = unpack(task.problem) as Problem;
    executor = LocalExecutor.create(problem, { backend: task.backend, solveTimeLimitSec: task.solveTimeLimitSec });
  }
  executors.set(key, executor);
  while (executors.size > CACHE_SIZE) {
    const [oldest, evicted] = executors.entries().next().value as [string, LocalExecutor];
    executors.delete(oldest);
    void evicted.close();
  }
  return executor;
}

export default async function frontierTask(task: WorkerTask): Promise<SolveRunReply | WarmupReply | AnalysisReply> {
  if (task.kind === 'warmup')
    return { ready: true, highs: highs.version.string, warmUpMs: task.solve ? await warmUpHighs() : 0 };
  if (task.kind === 'analysis') {
    try {
      const outcome = await runAnalysisTask(unpack(task.problem) as Problem, task.task, task.solveTimeLimitSec);
      return { ok: true, outcome };
    } catch (error) {
      return { ok: false, name: (error as Error).name, message: (error as Error).message };
    }
  }
  const stop = new Int32Array(task.stop);
  try {
    const executor = executorFor(task);
    const [result] = await executor.solveRunsUntil(
      [task.run],
      () => Atomics.load(stop, 0) === 1,
      () => task.progress?.postMessage('step'),
    );
    const info = executor.info();
    return { ok: true, result, lp: info.lp, buildMs: info.buildMs };
  } catch (error) {
    const e = error as Error;
    return {
      ok: false,
      name: e.name,
      message: e.message,
      ...(error instanceof FrontierSolveError ? { status: error.status } : {}),
    };
  } finally {
    task.progress?.close();
  }
}
