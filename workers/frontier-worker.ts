// The piscina task entry: solves one run of frontier steps on a warm session.
// HiGHS is loaded once, when the worker starts (top-level await), and kept.

import { threadId, workerData } from 'node:worker_threads';
import { unpack } from 'msgpackr';
import type { Problem } from '../src/domain/problem.js';
import { computeScenarioEffects, type ScenarioEffects } from '../src/domain/scenario-effects.js';
import { analysisCancelled, runAnalysisTask } from '../src/analysis/vss-evpi.js';
import { LocalExecutor } from '../src/frontier/local-executor.js';
import { FrontierSolveError } from '../src/frontier/steps.js';
import { loadHighsRuntime } from '../solver/highs/runtime.js';
import { warmUpHighs } from '../solver/highs/warm-up.js';
import type {
  AnalysisReply,
  AnalysisRunTask,
  SolveRunReply,
  SolveRunTask,
  StepMessage,
  WarmupReply,
  WorkerTask,
} from './protocol.js';

const highs = await loadHighsRuntime();

// WebAssembly memory only grows: a worker that once solved a huge LP keeps its
// heap for good (1.7 GB after one problem, issue 11). Past this size the
// worker retires after its task and piscina starts a fresh one.
const DEFAULT_MAX_WASM_HEAP_MB = 1024;
const maxWasmHeapBytes =
  ((workerData as { maxWasmHeapMb?: number } | undefined)?.maxWasmHeapMb ?? DEFAULT_MAX_WASM_HEAP_MB) * 1024 * 1024;

function wasmHeapBytes(): number {
  return (highs as unknown as { memoryBytes?: number }).memoryBytes ?? 0;
}

/** How long a worker over the heap limit waits for another task before it retires. */
const RETIRE_WHEN_IDLE_MS = 250;
let retireWhenIdle: NodeJS.Timeout | undefined;

/**
 * Ends this worker so piscina replaces it (and counts it in workerRestarts).
 * Now, failing the task in flight, after an error that leaves the worker in
 * doubt (a HiGHS abort leaves its WASM instance dead). Or, when the heap has
 * only grown too large, once no task has come for a moment: a frontier sends
 * its runs back to back, and a worker that left between two of them would
 * fail the next one, which piscina had already handed it.
 */
function retire(why: string, failTask: boolean): void {
  if (failTask) {
    process.stderr.write(`lodestone worker ${threadId}: retiring (${why})\n`);
    process.exit(1);
  }
  clearTimeout(retireWhenIdle);
  retireWhenIdle = setTimeout(() => {
    process.stderr.write(`lodestone worker ${threadId}: retiring (${why})\n`);
    process.exit(0);
  }, RETIRE_WHEN_IDLE_MS);
}

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

// The problem of the last analysis, unpacked with its scenario effects: its
// hundreds of scenario tasks would each redo both (7 ms of a 20 ms task on bench/large).
let analysed: { key: string; problem: Problem; effects: ScenarioEffects } | null = null;

function analysedProblem(task: AnalysisRunTask): { problem: Problem; effects: ScenarioEffects } {
  if (analysed?.key !== task.problemKey) {
    const problem = unpack(task.problem) as Problem;
    analysed = { key: task.problemKey, problem, effects: computeScenarioEffects(problem) };
  }
  return analysed;
}

export default async function frontierTask(task: WorkerTask): Promise<SolveRunReply | WarmupReply | AnalysisReply> {
  clearTimeout(retireWhenIdle);
  if (task.kind === 'warmup')
    return { ready: true, highs: highs.version.string, warmUpMs: task.solve ? await warmUpHighs() : 0 };
  if (task.kind === 'analysis') {
    try {
      const stop = task.stop ? new Int32Array(task.stop) : null;
      const shouldStop = () => stop !== null && Atomics.load(stop, 0) === 1;
      if (shouldStop()) throw analysisCancelled();
      const { problem, effects } = analysedProblem(task);
      const outcome = await runAnalysisTask(
        problem,
        task.task,
        { timeLimitSec: task.solveTimeLimitSec, shouldStop },
        effects,
      );
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
      (done) =>
        task.progress?.postMessage({
          step: done?.step ?? 0,
          ...(done?.point ? { point: done.point } : {}),
        } satisfies StepMessage),
    );
    const info = executor.info();
    if (wasmHeapBytes() > maxWasmHeapBytes)
      retire(
        `HiGHS heap ${Math.round(wasmHeapBytes() / 2 ** 20)} MB, above the ${maxWasmHeapBytes / 2 ** 20} MB limit`,
        false,
      );
    return { ok: true, result, lp: info.lp, buildMs: info.buildMs };
  } catch (error) {
    const e = error as Error;
    // A HiGHS abort kills its WASM instance for good, and an out-of-memory
    // RangeError leaves the heap in doubt: either way this worker is done.
    if (e.name === 'RuntimeError' || error instanceof RangeError || /^Aborted\(/.test(e.message))
      retire(`${e.name}: ${e.message}`, true);
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
