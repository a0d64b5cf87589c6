// Every operator setting, read from the environment once, with its default.
// The README's configuration table is written from this file.

import os from 'node:os';
import { DEFAULT_LIMITS, type ProblemLimits } from './domain/limits.js';

export interface Config {
  host: string;
  port: number;
  limits: ProblemLimits;
  /** wall-clock limit of one LP solve */
  solveTimeLimitSec: number;
  /** a frontier request is abandoned (504) after this long */
  requestTimeoutMs: number;
  /** largest request body accepted (413 above) */
  bodyLimitBytes: number;
  /** worker threads solving LPs */
  poolSize: number;
  /** frontier requests waiting for the pool beyond the running ones (503 above) */
  queueLength: number;
  /** heap limit of each worker thread, MB */
  workerMaxOldGenMb: number;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`environment variable ${name}=${JSON.stringify(raw)} must be a number >= ${min}`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    host: env.HOST || '127.0.0.1',
    port: intFromEnv(env, 'PORT', 3000, 0),
    limits: {
      maxColumns: intFromEnv(env, 'LODESTONE_MAX_COLUMNS', DEFAULT_LIMITS.maxColumns),
      maxScenarios: intFromEnv(env, 'LODESTONE_MAX_SCENARIOS', DEFAULT_LIMITS.maxScenarios),
      maxPeriods: intFromEnv(env, 'LODESTONE_MAX_PERIODS', DEFAULT_LIMITS.maxPeriods),
      maxPoints: intFromEnv(env, 'LODESTONE_MAX_POINTS', DEFAULT_LIMITS.maxPoints, 2),
    },
    solveTimeLimitSec: intFromEnv(env, 'LODESTONE_SOLVE_TIME_LIMIT_SEC', 300),
    requestTimeoutMs: intFromEnv(env, 'LODESTONE_REQUEST_TIMEOUT_MS', 600_000),
    bodyLimitBytes: intFromEnv(env, 'LODESTONE_BODY_LIMIT_BYTES', 20 * 1024 * 1024),
    poolSize: intFromEnv(env, 'LODESTONE_POOL_SIZE', Math.max(1, os.availableParallelism())),
    queueLength: intFromEnv(env, 'LODESTONE_QUEUE_LENGTH', 16, 0),
    workerMaxOldGenMb: intFromEnv(env, 'LODESTONE_WORKER_MAX_OLD_GEN_MB', 2048),
  };
}
