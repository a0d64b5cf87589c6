// `npm start`: the HTTP service. Reads the configuration (src/config.ts),
// opens the job store under LODESTONE_DATA_DIR, starts and warms the worker
// pool (exit code 1 with a clear message if either cannot), listens, and
// resumes unfinished batch jobs. On SIGINT/SIGTERM: jobs take no new
// variations (a running one gets LODESTONE_JOB_STOP_GRACE_MS, then is
// re-queued), fastify closes (running solves finish, waiting ones get 503),
// then the pool and the store. A second signal exits now; so may a kill -9,
// which loses no finished variation.

import { exposureProblem, loadConfig, type Config } from '../config.js';
import { openSqliteJobStore, type SqliteJobStore } from '../jobs/sqlite-job-store.js';
import { VERSION } from '../version.js';
import { FrontierPool } from '../../workers/frontier-pool.js';
import { ValidationPool } from '../../workers/validation-pool.js';
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
  const exposed = exposureProblem(config);
  if (exposed) fail(exposed);

  let store: SqliteJobStore;
  try {
    store = openSqliteJobStore(config.dataDir);
  } catch (error) {
    fail(`cannot open the job store in ${config.dataDir} (LODESTONE_DATA_DIR): ${(error as Error).message}`);
  }

  let pool: FrontierPool;
  try {
    pool = await FrontierPool.start({
      size: config.poolSize,
      solveTimeLimitSec: config.solveTimeLimitSec,
      maxOldGenMb: config.workerMaxOldGenMb,
      maxWasmHeapMb: config.workerMaxWasmHeapMb,
    });
  } catch (error) {
    store.close();
    fail(`cannot start: ${(error as Error).message}`);
  }

  // One thread validates big bodies of POST /v1/validate; 16 may wait, more get 503.
  const validator = new ValidationPool({ threads: 1, maxQueue: 16 });
  const app = await buildApp({
    pool,
    config,
    jobStore: store,
    validator,
    logger: { level: process.env.LOG_LEVEL ?? 'info' },
  });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await pool.close().catch(() => undefined);
    await validator.close().catch(() => undefined);
    store.close();
    fail(`cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
  }
  app.log.info(
    {
      version: VERSION,
      workers: config.poolSize,
      queueLength: config.queueLength,
      dataDir: config.dataDir,
      maxConcurrentJobs: config.maxConcurrentJobs,
      workerWarmUpMs: Math.round(pool.warmUpMs),
      docs: '/docs',
    },
    `lodestone ${VERSION} listening on ${app.listeningOrigin}`,
  );
  // Resume what the last run left unfinished (a variation it was solving is solved again).
  await app.jobs.start();

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      app.log.warn(`${signal} again: exiting without waiting for running solves`);
      process.exit(1);
    }
    stopping = true;
    app.log.info(
      `${signal}: shutting down (running solves finish, a running batch variation gets ${config.jobStopGraceMs} ms or is re-queued; send ${signal} again to exit now)`,
    );
    try {
      await app.jobs.stop();
      await app.close();
      await pool.close();
      await validator.close();
      store.close();
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
