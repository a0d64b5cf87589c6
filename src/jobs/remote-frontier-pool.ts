// LODESTONE_REMOTE_FRONTIERS in the service: the SolverPool the frontier
// service sees, whose executors send a frontier's runs to `lodestone worker`
// processes (remote-frontier-executor.ts). Admission, time-outs, quotas and
// metrics stay the service's; the MODEL.md section 9 analyses, a few
// independent solves, still run on the service's own pool.

import type { Problem } from '../domain/problem.js';
import type { FrontierExecutor } from '../frontier/executor.js';
import type { PoolStats, SolverPool } from '../service/solver-pool.js';
import { RemoteFrontierExecutor } from './remote-frontier-executor.js';
import type { RemoteRunClient } from './remote-run-client.js';

export function remoteFrontierPool(local: SolverPool, client: RemoteRunClient, parallelism = 0): SolverPool {
  return {
    executorFor(problem: Problem, options: { backend?: string } = {}): FrontierExecutor {
      const here = local.executorFor(problem, options);
      return new RemoteFrontierExecutor(client, problem, {
        backend: options.backend,
        parallelism,
        ...(here.runAnalysis ? { runAnalysis: here.runAnalysis.bind(here) } : {}),
      });
    },
    stats(): PoolStats {
      return local.stats();
    },
  };
}
