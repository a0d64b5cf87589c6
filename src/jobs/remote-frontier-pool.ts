// LODESTONE_REMOTE_FRONTIERS in the service: the SolverPool the frontier
// service sees, whose executors send a frontier's runs to `lodestone worker`
// processes (remote-frontier-executor.ts), the MODEL.md section 9 analysis
// solves included. Admission, time-outs, quotas and metrics stay the service's.

import type { Problem } from '../domain/problem.js';
import type { FrontierExecutor } from '../frontier/executor.js';
import type { PoolStats, SolverPool } from '../service/solver-pool.js';
import { RemoteFrontierExecutor } from './remote-frontier-executor.js';
import type { RemoteRunClient } from './remote-run-client.js';

export function remoteFrontierPool(local: SolverPool, client: RemoteRunClient, parallelism = 0): SolverPool {
  return {
    executorFor(problem: Problem, options: { backend?: string } = {}): FrontierExecutor {
      return new RemoteFrontierExecutor(client, problem, { backend: options.backend, parallelism });
    },
    stats(): PoolStats {
      return local.stats();
    },
  };
}
