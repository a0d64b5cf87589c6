// `lodestone solve --remote`: an executor whose runs go to `lodestone worker`
// processes over LODESTONE_REDIS_URL, with a Redis client of its own that is
// closed with it. Kept apart from the command, which should not know BullMQ.

import type { Config } from '../config.js';
import type { Problem } from '../domain/problem.js';
import type { FrontierExecutor } from '../frontier/executor.js';
import { RemoteFrontierExecutor } from './remote-frontier-executor.js';
import { RemoteRunClient } from './remote-run-client.js';

export async function createRemoteExecutor(
  problem: Problem,
  options: { redisUrl: string; backend: string; config: Config; warn: (message: string) => void },
): Promise<FrontierExecutor> {
  const { config } = options;
  const client = await RemoteRunClient.connect({ redisUrl: options.redisUrl, remote: config.remote });
  if (client.workerThreads === 0)
    options.warn('no `lodestone worker` is connected to this Redis yet: the runs wait in the queue for one');
  const executor = new RemoteFrontierExecutor(client, problem, {
    backend: options.backend,
    parallelism: config.remoteFrontierRuns,
  });
  return {
    parallelism: executor.parallelism,
    solveRuns: (runs, signal, onStep) => executor.solveRuns(runs, signal, onStep),
    info: () => executor.info(),
    close: () => client.close(),
  };
}
