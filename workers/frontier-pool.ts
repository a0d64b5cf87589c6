// The piscina pool that solves frontier runs, sized to the machine. It starts
// and warms every worker up front: piscina stops creating workers once one
// fails at start-up, so a broken worker must fail the service start, loudly.

import { fileURLToPath } from 'node:url';
import type { TransferListItem } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Problem } from '../src/domain/problem.js';
import type { FrontierExecutor } from '../src/frontier/executor.js';
import { PoolExecutor } from './pool-executor.js';
import type {
  AnalysisReply,
  AnalysisRunTask,
  SolveRunReply,
  SolveRunTask,
  WarmupReply,
  WorkerTask,
} from './protocol.js';

export interface FrontierPoolOptions {
  size: number;
  solveTimeLimitSec: number;
  /** V8 heap limit per worker; a worker above it dies alone and is replaced */
  maxOldGenMb?: number;
  /** a worker whose HiGHS (WASM) heap has grown past this retires after its task and is replaced */
  maxWasmHeapMb?: number;
  /** tests: another worker module (it must default-export the same task function) */
  workerFile?: URL;
  /** how long all workers get to load before start-up fails */
  startTimeoutMs?: number;
  /**
   * Run a few small solves in every worker at start-up (default on): the first
   * solves in a fresh thread run on V8's unoptimised code, 0.3-0.9 s slower.
   */
  warmUpSolves?: boolean;
}

export interface PoolStats {
  size: number;
  busy: number;
  queued: number;
  workerRestarts: number;
  completedTasks: number;
}

export class PoolStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoolStartError';
  }
}

const defaultWorker = new URL(
  import.meta.url.endsWith('.ts') ? './frontier-worker.ts' : './frontier-worker.js',
  import.meta.url,
);

export class FrontierPool {
  private created = 0;
  private busyTasks = 0;
  /** the slowest worker's warm-up solves at start (ms) */
  warmUpMs = 0;
  private constructor(
    private readonly piscina: Piscina<WorkerTask, SolveRunReply | WarmupReply>,
    readonly options: FrontierPoolOptions,
  ) {
    piscina.on('workerCreate', () => this.created++);
  }

  static async start(options: FrontierPoolOptions): Promise<FrontierPool> {
    const file = options.workerFile ?? defaultWorker;
    // Sources (development, tests) run through a tsx bootstrap; the build runs plain JS.
    const fromSource = file.pathname.endsWith('.ts');
    const piscina = new Piscina<WorkerTask, SolveRunReply | WarmupReply>({
      filename: fileURLToPath(fromSource ? new URL('./tsx-entry.mjs', import.meta.url) : file),
      workerData: { ...(fromSource ? { entry: file.href } : {}), maxWasmHeapMb: options.maxWasmHeapMb },
      minThreads: options.size,
      maxThreads: options.size,
      idleTimeout: 2 ** 31 - 1,
      // The service bounds its own backlog; this is a safety net against a runaway caller.
      maxQueue: Math.max(64, options.size * 64),
      concurrentTasksPerWorker: 1,
      // Idle workers wait for tasks without blocking their event loop ('sync'
      // would), so a worker over its heap limit can retire when idle (frontier-worker.ts).
      atomics: 'async',
      resourceLimits: options.maxOldGenMb ? { maxOldGenerationSizeMb: options.maxOldGenMb } : undefined,
    });
    const pool = new FrontierPool(piscina, options);
    const timeoutMs = options.startTimeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.all(
          Array.from({ length: options.size }, () =>
            piscina.run({ kind: 'warmup', solve: options.warmUpSolves ?? true }),
          ),
        ).then((replies) => {
          pool.warmUpMs = Math.max(0, ...(replies as WarmupReply[]).map((r) => r.warmUpMs));
        }),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`workers did not load within ${timeoutMs / 1000} s`)), timeoutMs);
        }),
      ]);
    } catch (error) {
      await piscina.destroy().catch(() => undefined);
      throw new PoolStartError(
        `the solver worker pool could not start: ${(error as Error).message} (worker module ${fileURLToPath(file)})`,
      );
    } finally {
      clearTimeout(timer);
    }
    pool.created = Math.min(pool.created, options.size);
    return pool;
  }

  get size(): number {
    return this.options.size;
  }

  /** Runs one task; a rejection means the worker died (task failures come back as values). */
  async runTask(task: SolveRunTask, transferList: TransferListItem[], signal: AbortSignal): Promise<SolveRunReply> {
    this.busyTasks++;
    try {
      return (await this.piscina.run(task, { transferList: transferList as never, signal })) as SolveRunReply;
    } finally {
      this.busyTasks--;
    }
  }

  async runAnalysisTask(
    task: AnalysisRunTask,
    transferList: TransferListItem[],
    signal?: AbortSignal,
  ): Promise<AnalysisReply> {
    this.busyTasks++;
    try {
      return (await this.piscina.run(task, { transferList: transferList as never, signal })) as AnalysisReply;
    } finally {
      this.busyTasks--;
    }
  }

  executorFor(problem: Problem, options: { backend?: string } = {}): FrontierExecutor {
    return new PoolExecutor(this, problem, options.backend ?? 'auto');
  }

  stats(): PoolStats {
    const queued = this.piscina.queueSize;
    return {
      size: this.options.size,
      busy: Math.max(0, this.busyTasks - queued),
      queued,
      workerRestarts: Math.max(0, this.created - this.options.size),
      completedTasks: this.piscina.completed,
    };
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}
