// What a PoolExecutor needs of its pool: a size, the solve time limit and a way
// to run one task. The executor depends on this, not on FrontierPool, so the
// pool can hand out executors without the two files importing each other.

import type { TransferListItem } from 'node:worker_threads';
import type { AnalysisReply, AnalysisRunTask, SolveRunReply, SolveRunTask } from './protocol.js';

export interface TaskPool {
  readonly size: number;
  readonly options: { readonly solveTimeLimitSec: number };
  /** Runs one task; a rejection means the worker died (task failures come back as values). */
  runTask(task: SolveRunTask, transferList: TransferListItem[], signal: AbortSignal): Promise<SolveRunReply>;
  /** One analysis solve (MODEL.md section 9); same failure rule. */
  runAnalysisTask(
    task: AnalysisRunTask,
    transferList: TransferListItem[],
    signal?: AbortSignal,
  ): Promise<AnalysisReply>;
}
