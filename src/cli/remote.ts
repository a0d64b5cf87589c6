// `--remote` for the commands that solve (solve, batch): one connection to
// the Redis of LODESTONE_REDIS_URL per command, loading BullMQ only then.

import type { Config } from '../config.js';
import type { RemoteRuns } from '../jobs/cli-remote-executor.js';

export async function connectRemote(redisUrl: string, config: Config): Promise<RemoteRuns> {
  const [{ connectRemoteRuns }, { CONNECT_WAIT_MS }, { redactedUrl }] = await Promise.all([
    import('../jobs/cli-remote-executor.js'),
    import('../jobs/remote-run-client.js'),
    import('../jobs/redis-connection.js'),
  ]);
  const remote = await connectRemoteRuns({
    redisUrl,
    config,
    warn: (message) => process.stderr.write(`lodestone: ${message}\n`),
  });
  if ('unreachable' in remote) {
    // a command reports and ends (exit 1, as a failed solve); BullMQ's connections would
    // keep retrying, and closing them waits for Redis, so the process is ended here
    process.stderr.write(
      `lodestone: Redis at ${redactedUrl(redisUrl)} (LODESTONE_REDIS_URL) did not answer in ` +
        `${CONNECT_WAIT_MS / 1000} s; is it running and reachable from here?\n`,
    );
    process.exit(1);
  }
  return remote;
}
