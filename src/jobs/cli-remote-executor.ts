// `lodestone solve --remote` and `lodestone batch --remote`: executors whose
// runs go to `lodestone worker` processes over LODESTONE_REDIS_URL, on one
// Redis client per command, closed with it. Kept apart from the commands,
// which should not know BullMQ.

import type { Config } from '../config.js';
import type { Problem } from '../domain/problem.js';
import type { FrontierExecutor } from '../frontier/executor.js';
import type { FrontierResult } from '../frontier/solve-frontier.js';
import { RemoteFrontierExecutor, solveWholeFrontier, type WholeFrontierOptions } from './remote-frontier-executor.js';
import { RemoteRunClient } from './remote-run-client.js';

export interface RemoteRuns {
  /** worker threads taking runs when the command connected */
  workerThreads: number;
  /** An executor for one frontier (its analysis solves too); `runs` splits it (0: the worker threads connected). Closing it leaves the client open. */
  executorFor(problem: Problem, options: { backend: string; runs: number }): FrontierExecutor;
  /** A whole frontier as one run on one worker (a batch variation), its sweep unsplit. */
  solveWhole(problem: Problem, options: WholeFrontierOptions): Promise<FrontierResult>;
  close(): Promise<void>;
}

/**
 * The runs' executors, or `unreachable` where Redis did not answer within
 * the client's wait (its connections then stay open, retrying: BullMQ's
 * close does not return until Redis answers, so the command exits instead).
 */
export async function connectRemoteRuns(options: {
  redisUrl: string;
  config: Config;
  warn: (message: string) => void;
}): Promise<RemoteRuns | { unreachable: true }> {
  const client = await RemoteRunClient.connect({ redisUrl: options.redisUrl, remote: options.config.remote });
  if (!client.reachable) return { unreachable: true };
  if (client.workerThreads === 0)
    options.warn('no `lodestone worker` is connected to this Redis yet: the runs wait in the queue for one');
  return {
    workerThreads: client.workerThreads,
    executorFor: (problem, { backend, runs }) =>
      new RemoteFrontierExecutor(client, problem, { backend, parallelism: runs }),
    solveWhole: (problem, options) => solveWholeFrontier(client, problem, options),
    close: () => client.close(),
  };
}
