// `lodestone worker`: solves batch variations for a service that runs with
// LODESTONE_REDIS_URL, and the runs of remote frontiers (`lodestone solve
// --remote`, LODESTONE_REMOTE_FRONTIERS), docs/scale-out.md. Run it on any
// number of machines with the same URL; `--workers N` variations (and N runs)
// are solved at once, on this process's own pool of N worker threads. SIGTERM or Ctrl-C: no new
// variations, running ones get LODESTONE_JOB_STOP_GRACE_MS to finish, then
// go back to the queue for another worker; a second signal exits at once.

import type { Command } from 'commander';
import { loadConfig, type Config } from '../../config.js';
import type { JobLogger } from '../../jobs/job-runner.js';
import { RunWorker } from '../../jobs/bullmq-run-worker.js';
import { VariationWorker } from '../../jobs/bullmq-variation-worker.js';
import { redactedUrl, redisConnection, WIRE_VERSION } from '../../jobs/redis-connection.js';
import { BoundedAdmissionGate } from '../../service/admission-gate.js';
import { FrontierService } from '../../service/frontier-service.js';
import { ServiceMetrics } from '../../service/metrics.js';
import { FrontierPool } from '../../../workers/frontier-pool.js';
import { CliExit } from '../input.js';
import { integerAtLeast } from '../options.js';

export interface RunningWorker {
  worker: VariationWorker;
  /** takes the runs of remote frontiers */
  runs: RunWorker;
  pool: FrontierPool;
  /** graceful: running variations finish (or are handed back after the grace period), then the pool closes */
  stop(): Promise<void>;
}

/** A worker on a pool of its own; the CLI command's body, and what tests start in-process. */
export async function startWorker(options: {
  redisUrl: string;
  workers: number;
  config: Config;
  log?: JobLogger;
  /** tests: another pool worker module */
  workerFile?: URL;
}): Promise<RunningWorker> {
  const { config } = options;
  redisConnection(options.redisUrl); // a URL that is not Redis's fails here, before the pool starts
  const pool = await FrontierPool.start({
    size: options.workers,
    solveTimeLimitSec: config.solveTimeLimitSec,
    maxOldGenMb: config.workerMaxOldGenMb,
    maxWasmHeapMb: config.workerMaxWasmHeapMb,
    workerFile: options.workerFile,
  });
  // As the service solves a batch variation: the same limits, checks and verification.
  const gate = new BoundedAdmissionGate(pool.stats().size, Number.MAX_SAFE_INTEGER);
  const metrics = new ServiceMetrics({ pool: () => pool.stats(), gate }, { defaultMetrics: false });
  const service = new FrontierService({
    pool,
    gate,
    metrics,
    limits: config.limits,
    requestTimeoutMs: config.requestTimeoutMs,
    // No interactive request comes to a worker's pool: variations need not yield to any.
    yieldToInteractive: false,
  });
  const worker = new VariationWorker({
    redisUrl: options.redisUrl,
    concurrency: options.workers,
    remote: config.remote,
    solve: (request) => service.solveVariation(request),
    stopGraceMs: config.jobStopGraceMs,
    log: options.log,
  });
  const runs = new RunWorker({
    redisUrl: options.redisUrl,
    pool,
    concurrency: options.workers,
    remote: config.remote,
    solvedBy: worker.solvedBy,
    stopGraceMs: config.jobStopGraceMs,
    log: options.log,
  });
  return {
    worker,
    runs,
    pool,
    stop: async () => {
      await Promise.all([worker.stop(), runs.stop()]);
      service.close();
      await pool.close();
    },
  };
}

/** One line per event on stderr: time, level, message, details as JSON. */
function stderrLog(): JobLogger {
  const line = (level: string) => (details: object, message: string) => {
    const { err, ...rest } = details as { err?: unknown };
    const extra = { ...rest, ...(err instanceof Error ? { err: err.message } : {}) };
    process.stderr.write(`${new Date().toISOString()} ${level} ${message} ${JSON.stringify(extra)}\n`);
  };
  return { info: line('info'), warn: line('warn'), error: line('error') };
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description(
      'solve batch variations and remote frontier runs for LODESTONE_REDIS_URL (run on any number of machines)',
    )
    .option(
      '--workers <n>',
      'variations (and frontier runs) solved at once, on a pool of this many worker threads',
      integerAtLeast(1),
    )
    .option('--redis <url>', 'the Redis of the service (default LODESTONE_REDIS_URL)')
    .action(async (opts: { workers?: number; redis?: string }) => {
      let config: Config;
      try {
        config = loadConfig();
      } catch (error) {
        throw new CliExit(2, `lodestone worker: bad configuration: ${(error as Error).message}`);
      }
      const redisUrl = opts.redis ?? config.redisUrl;
      if (!redisUrl)
        throw new CliExit(2, 'lodestone worker: no Redis to take variations from: set LODESTONE_REDIS_URL or --redis');
      const log = stderrLog();
      const workers = opts.workers ?? config.poolSize;
      let running: RunningWorker;
      try {
        running = await startWorker({ redisUrl, workers, config, log });
      } catch (error) {
        throw new CliExit(1, `lodestone worker: cannot start: ${(error as Error).message}`);
      }
      await Promise.all([running.worker.ready(), running.runs.ready()]);
      const { host, pid } = running.worker.solvedBy;
      log.info(
        { host, pid, workers, redis: redactedUrl(redisUrl), wireVersion: WIRE_VERSION },
        `lodestone worker ${host}/${pid} taking variations and frontier runs (wire format v${WIRE_VERSION}) with ${workers} worker(s)`,
      );
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: NodeJS.Signals) => {
          if (stopping) {
            log.warn({}, `${signal} again: exiting without handing back running variations`);
            process.exit(1);
          }
          stopping = true;
          log.info(
            {},
            `${signal}: stopping (running variations get ${config.jobStopGraceMs} ms, then go back to the queue; send ${signal} again to exit now)`,
          );
          running.stop().then(resolve, (error: unknown) => {
            log.error({ err: error }, 'stop failed');
            process.exit(1);
          });
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
      });
      log.info({}, 'stopped');
    });
}
