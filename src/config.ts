// Every operator setting, read from the environment once, with its default.
// The README's configuration table is written from this file.

import os from 'node:os';
import { DEFAULT_DECODE_LIMITS, DEFAULT_LIMITS, type DecodeLimits, type ProblemLimits } from './domain/limits.js';
import { readApiKeys, type ApiKey } from './tenants/api-keys.js';

export interface Config {
  host: string;
  port: number;
  limits: ProblemLimits;
  /** shape limits on every decoded body (depth, values, list length, keys) */
  decodeLimits: DecodeLimits;
  /** the socket-level guards of the HTTP server (src/http/main.ts) */
  server: ServerGuards;
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
  /**
   * LODESTONE_BATCH_SLOTS: pool slots batch work may hold at once, which is also how many
   * variations of one job are solved at once; null: all but one (one stays free for requests)
   */
  batchSlots: number | null;
  /** heap limit of each worker thread, MB */
  workerMaxOldGenMb: number;
  /** a worker whose HiGHS (WASM) heap has grown past this many MB retires when idle and is replaced */
  workerMaxWasmHeapMb: number;
  /** where batch jobs are kept (SQLite file lodestone.db) */
  dataDir: string;
  /** batch jobs solved at once (each up to its batch slots' worth of variations at a time) */
  maxConcurrentJobs: number;
  /** most variations one batch may expand to (422 above) */
  maxBatchVariations: number;
  /** on shutdown, how long a running batch variation may finish before it is stopped and re-queued */
  jobStopGraceMs: number;
  /** LODESTONE_REDIS_URL: batch variations go to `lodestone worker` processes over BullMQ (docs/scale-out.md); null: solved here */
  redisUrl: string | null;
  /** BullMQ workers and their queue (docs/scale-out.md) */
  remote: RemoteQueueConfig;
  /** LODESTONE_REMOTE_FRONTIERS=1: the runs of every frontier request go to `lodestone worker` processes (needs redisUrl) */
  remoteFrontiers: boolean;
  /** LODESTONE_REMOTE_FRONTIER_RUNS: runs a remote frontier is split into; 0: the worker threads connected */
  remoteFrontierRuns: number;
  /** tenants and their keys (docs/tenants.md); empty: no authentication, loopback only unless allowAnonymous */
  apiKeys: ApiKey[];
  /** LODESTONE_ALLOW_ANONYMOUS=1: listen on a non-loopback host without keys */
  allowAnonymous: boolean;
  /** /metrics and /docs without a key even when keys are set */
  publicMetrics: boolean;
  publicDocs: boolean;
  /** origins allowed by CORS; empty: no CORS headers at all */
  corsOrigins: string[];
  /** finished jobs are deleted this long after they finish; 0 keeps them */
  jobRetentionDays: number;
  /** per key: variations queued or running over all its jobs (429 above); 0 = no quota */
  maxQueuedVariationsPerKey: number;
  /** per key: frontier requests solving or waiting at once (429 above); 0 = no quota */
  maxConcurrentSolvesPerKey: number;
  /** largest job result reply, estimated before it is sent (413 above: page it) */
  maxResultBytes: number;
}

/** Time-outs and caps that cut slow or greedy clients off (docs/security.md). */
export interface ServerGuards {
  /** a whole request (headers and body) must arrive within this (node's requestTimeout); 408 after */
  requestReceiveTimeoutMs: number;
  /** the headers must arrive within this (node's headersTimeout) */
  headersTimeoutMs: number;
  /** an idle keep-alive connection is closed after this */
  keepAliveTimeoutMs: number;
  /** requests one keep-alive connection may carry (0 = no limit) */
  maxRequestsPerSocket: number;
  /** open connections at once; more are refused at accept */
  maxConnections: number;
}

export interface RemoteQueueConfig {
  /** per job, variations handed to the workers at once, so that one big sweep does not starve a small one */
  jobInFlight: number;
  /** solves of a variation (after a crash or an internal error) before it is failed with its error */
  attempts: number;
  /** a worker's lock on its variation, renewed while it solves; a killed worker's lock runs out after this */
  lockMs: number;
  /** how often workers look for variations whose worker stopped renewing its lock, and hand them on */
  stalledIntervalMs: number;
  /** how often the service collects results and checks that every variation it handed out is still in Redis */
  pollMs: number;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min)
    throw new Error(`environment variable ${name}=${JSON.stringify(raw)} must be a number >= ${min}`);
  return n;
}

/** A count (of jobs, of variations) must be whole; a fraction is a typo, refused at start-up. */
function wholeNumber(env: NodeJS.ProcessEnv, name: string, n: number): number {
  if (!Number.isInteger(n))
    throw new Error(`environment variable ${name}=${JSON.stringify(env[name])} must be a whole number`);
  return n;
}

/** At most the pool's size: a batch slot beyond it could never be used. */
function batchSlotsFromEnv(env: NodeJS.ProcessEnv, poolSize: number): number | null {
  if (env.LODESTONE_BATCH_SLOTS === undefined || env.LODESTONE_BATCH_SLOTS === '') return null;
  const slots = wholeNumber(env, 'LODESTONE_BATCH_SLOTS', intFromEnv(env, 'LODESTONE_BATCH_SLOTS', 1));
  if (slots > poolSize)
    throw new Error(
      `environment variable LODESTONE_BATCH_SLOTS=${slots} must be at most the pool's ${poolSize} worker threads (LODESTONE_POOL_SIZE)`,
    );
  return slots;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const poolSize = intFromEnv(env, 'LODESTONE_POOL_SIZE', Math.max(1, os.availableParallelism()));
  return {
    host: env.HOST || '127.0.0.1',
    port: intFromEnv(env, 'PORT', 3000, 0),
    limits: {
      maxColumns: intFromEnv(env, 'LODESTONE_MAX_COLUMNS', DEFAULT_LIMITS.maxColumns),
      maxRows: intFromEnv(env, 'LODESTONE_MAX_ROWS', DEFAULT_LIMITS.maxRows),
      maxNonzeros: intFromEnv(env, 'LODESTONE_MAX_NONZEROS', DEFAULT_LIMITS.maxNonzeros),
      maxEventsPerScenario: intFromEnv(env, 'LODESTONE_MAX_EVENTS_PER_SCENARIO', DEFAULT_LIMITS.maxEventsPerScenario),
      maxPolicyRules: intFromEnv(env, 'LODESTONE_MAX_POLICY_RULES', DEFAULT_LIMITS.maxPolicyRules),
      maxScenarioPeriodOffers: intFromEnv(
        env,
        'LODESTONE_MAX_SCENARIO_PERIOD_OFFERS',
        DEFAULT_LIMITS.maxScenarioPeriodOffers,
      ),
      maxScenarios: intFromEnv(env, 'LODESTONE_MAX_SCENARIOS', DEFAULT_LIMITS.maxScenarios),
      maxPeriods: intFromEnv(env, 'LODESTONE_MAX_PERIODS', DEFAULT_LIMITS.maxPeriods),
      maxPoints: intFromEnv(env, 'LODESTONE_MAX_POINTS', DEFAULT_LIMITS.maxPoints, 2),
    },
    decodeLimits: {
      maxDepth: intFromEnv(env, 'LODESTONE_MAX_BODY_DEPTH', DEFAULT_DECODE_LIMITS.maxDepth),
      maxNodes: intFromEnv(env, 'LODESTONE_MAX_BODY_VALUES', DEFAULT_DECODE_LIMITS.maxNodes),
      maxArrayLength: intFromEnv(env, 'LODESTONE_MAX_LIST_LENGTH', DEFAULT_DECODE_LIMITS.maxArrayLength),
      maxKeys: intFromEnv(env, 'LODESTONE_MAX_MAP_KEYS', DEFAULT_DECODE_LIMITS.maxKeys),
    },
    server: {
      // 30 s for a 20 MB body is 700 kB/s, slower than any client that means it.
      requestReceiveTimeoutMs: intFromEnv(env, 'LODESTONE_BODY_TIMEOUT_MS', 30_000),
      headersTimeoutMs: intFromEnv(env, 'LODESTONE_HEADERS_TIMEOUT_MS', 10_000),
      keepAliveTimeoutMs: intFromEnv(env, 'LODESTONE_KEEP_ALIVE_TIMEOUT_MS', 5_000),
      maxRequestsPerSocket: intFromEnv(env, 'LODESTONE_MAX_REQUESTS_PER_SOCKET', 1_000, 0),
      maxConnections: intFromEnv(env, 'LODESTONE_MAX_CONNECTIONS', 1_000),
    },
    solveTimeLimitSec: intFromEnv(env, 'LODESTONE_SOLVE_TIME_LIMIT_SEC', 300),
    requestTimeoutMs: intFromEnv(env, 'LODESTONE_REQUEST_TIMEOUT_MS', 600_000),
    bodyLimitBytes: intFromEnv(env, 'LODESTONE_BODY_LIMIT_BYTES', 20 * 1024 * 1024),
    poolSize,
    queueLength: intFromEnv(env, 'LODESTONE_QUEUE_LENGTH', 16, 0),
    batchSlots: batchSlotsFromEnv(env, poolSize),
    workerMaxOldGenMb: intFromEnv(env, 'LODESTONE_WORKER_MAX_OLD_GEN_MB', 2048),
    // WASM memory never shrinks; Benders on 800 scenarios once filled the 2 GB maximum.
    workerMaxWasmHeapMb: intFromEnv(env, 'LODESTONE_WORKER_MAX_WASM_MB', 1024),
    dataDir: env.LODESTONE_DATA_DIR || './data/',
    maxConcurrentJobs: wholeNumber(
      env,
      'LODESTONE_MAX_CONCURRENT_JOBS',
      intFromEnv(env, 'LODESTONE_MAX_CONCURRENT_JOBS', 1),
    ),
    maxBatchVariations: wholeNumber(
      env,
      'LODESTONE_MAX_BATCH_VARIATIONS',
      intFromEnv(env, 'LODESTONE_MAX_BATCH_VARIATIONS', 1000),
    ),
    jobStopGraceMs: intFromEnv(env, 'LODESTONE_JOB_STOP_GRACE_MS', 10_000, 0),
    redisUrl: env.LODESTONE_REDIS_URL || null,
    remote: {
      jobInFlight: wholeNumber(
        env,
        'LODESTONE_REMOTE_JOB_IN_FLIGHT',
        intFromEnv(env, 'LODESTONE_REMOTE_JOB_IN_FLIGHT', 8),
      ),
      attempts: wholeNumber(env, 'LODESTONE_REMOTE_ATTEMPTS', intFromEnv(env, 'LODESTONE_REMOTE_ATTEMPTS', 3)),
      lockMs: intFromEnv(env, 'LODESTONE_REMOTE_LOCK_MS', 30_000, 1000),
      stalledIntervalMs: intFromEnv(env, 'LODESTONE_REMOTE_STALLED_INTERVAL_MS', 30_000, 500),
      pollMs: intFromEnv(env, 'LODESTONE_REMOTE_POLL_MS', 1000, 50),
    },
    remoteFrontiers: remoteFrontiersFromEnv(env),
    remoteFrontierRuns: wholeNumber(
      env,
      'LODESTONE_REMOTE_FRONTIER_RUNS',
      intFromEnv(env, 'LODESTONE_REMOTE_FRONTIER_RUNS', 0, 0),
    ),
    apiKeys: readApiKeys(env.LODESTONE_API_KEYS, env.LODESTONE_API_KEYS_FILE),
    allowAnonymous: flagFromEnv(env, 'LODESTONE_ALLOW_ANONYMOUS', false),
    publicMetrics: flagFromEnv(env, 'LODESTONE_PUBLIC_METRICS', false),
    publicDocs: flagFromEnv(env, 'LODESTONE_PUBLIC_DOCS', true),
    corsOrigins: (env.LODESTONE_CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
    jobRetentionDays: intFromEnv(env, 'LODESTONE_JOB_RETENTION_DAYS', 30, 0),
    maxQueuedVariationsPerKey: wholeNumber(
      env,
      'LODESTONE_MAX_QUEUED_VARIATIONS_PER_KEY',
      intFromEnv(env, 'LODESTONE_MAX_QUEUED_VARIATIONS_PER_KEY', 5000, 0),
    ),
    maxConcurrentSolvesPerKey: wholeNumber(
      env,
      'LODESTONE_MAX_CONCURRENT_SOLVES_PER_KEY',
      intFromEnv(env, 'LODESTONE_MAX_CONCURRENT_SOLVES_PER_KEY', 0, 0),
    ),
    maxResultBytes: intFromEnv(env, 'LODESTONE_MAX_RESULT_BYTES', 64 * 1024 * 1024),
  };
}

function flagFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new Error(`environment variable ${name}=${JSON.stringify(raw)} must be 1 or 0`);
}

/** Remote frontiers go through Redis: asked for without one, the service would wait for workers that cannot come. */
function remoteFrontiersFromEnv(env: NodeJS.ProcessEnv): boolean {
  const on = flagFromEnv(env, 'LODESTONE_REMOTE_FRONTIERS', false);
  if (on && !env.LODESTONE_REDIS_URL)
    throw new Error("environment variable LODESTONE_REMOTE_FRONTIERS=1 needs LODESTONE_REDIS_URL (the workers' Redis)");
  return on;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);

/**
 * The service refuses to listen beyond this machine with nobody to tell
 * tenants apart, unless the operator says so: anyone who can reach it could
 * read and cancel every job.
 */
export function exposureProblem(config: Pick<Config, 'host' | 'apiKeys' | 'allowAnonymous'>): string | null {
  if (config.apiKeys.length > 0 || config.allowAnonymous) return null;
  if (LOOPBACK_HOSTS.has(config.host) || /^127\.\d+\.\d+\.\d+$/.test(config.host)) return null;
  return (
    `refusing to listen on ${config.host} (HOST) without API keys: anyone who can reach it could read and cancel every job. ` +
    'Set LODESTONE_API_KEYS=name:key,... (or LODESTONE_API_KEYS_FILE), or LODESTONE_ALLOW_ANONYMOUS=1 to run open, or HOST=127.0.0.1'
  );
}
