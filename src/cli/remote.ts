// `--remote` for the commands that solve (solve, batch): one connection to
// the Redis of LODESTONE_REDIS_URL per command, loading BullMQ only then.

import type { Config } from '../config.js';
import type { RemoteRuns } from '../jobs/cli-remote-executor.js';

export async function connectRemote(redisUrl: string, config: Config): Promise<RemoteRuns> {
  const { connectRemoteRuns } = await import('../jobs/cli-remote-executor.js');
  return connectRemoteRuns({ redisUrl, config, warn: (message) => process.stderr.write(`lodestone: ${message}\n`) });
}
