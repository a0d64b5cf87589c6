// `npm start`: the HTTP service. Reads the configuration (src/config.ts),
// starts and warms the worker pool (exit code 1 with a clear message if it
// cannot), listens, and on SIGINT/SIGTERM closes fastify (running solves
// finish, waiting ones get 503) and then the pool. A second signal exits now.

import { loadConfig, type Config } from '../config.js';
import { VERSION } from '../version.js';
import { FrontierPool } from '../../workers/frontier-pool.js';
import { buildApp } from './app.js';

function fail(message: string): never {
  process.stderr.write(`lodestone: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    fail(`bad configuration: ${(error as Error).message}`);
  }

  let pool: FrontierPool;
  try {
    pool = await FrontierPool.start({ size: config.poolSize, solveTimeLimitSec: config.solveTimeLimitSec, maxOldGenMb: config.workerMaxOldGenMb });
  } catch (error) {
    fail(`cannot start: ${(error as Error).message}`);
  }

  const app = await buildApp({ pool, config, logger: { level: process.env.LOG_LEVEL ?? 'info' } });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await pool.close().catch(() => undefined);
    fail(`cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
  }
  app.log.info({ version: VERSION, workers: config.poolSize, queueLength: config.queueLength, docs: '/docs' }, `lodestone ${VERSION} listening on ${app.listeningOrigin}`);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      app.log.warn(`${signal} again: exiting without waiting for running solves`);
      process.exit(1);
    }
    stopping = true;
    app.log.info(`${signal}: shutting down (running solves finish; send ${signal} again to exit now)`);
    try {
      await app.close();
      await pool.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', (signal) => void stop(signal));
  process.on('SIGTERM', (signal) => void stop(signal));
}

await main();
