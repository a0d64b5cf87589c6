// The fastify app, without a socket: main.ts listens, tests build it and
// listen on port 0. The caller owns the worker pool (it outlives the app) and
// the job store; the app's job queue (app.jobs) is started by the caller
// (main.ts resumes unfinished jobs after listening) and stopped on close.

import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';
import type { Config } from '../config.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { JobStore } from '../jobs/job-store.js';
import { createBullMqJobQueue } from '../jobs/bullmq-job-queue.js';
import { LocalJobQueue } from '../jobs/local-job-queue.js';
import { JobRetention } from '../jobs/job-retention.js';
import { registerRemoteQueueMetrics, registerRemoteRunMetrics } from '../jobs/remote-queue-metrics.js';
import { remoteFrontierPool } from '../jobs/remote-frontier-pool.js';
import { RemoteRunClient } from '../jobs/remote-run-client.js';
import { openSqliteJobStore } from '../jobs/sqlite-job-store.js';
import { BoundedAdmissionGate } from '../service/admission-gate.js';
import { FrontierService } from '../service/frontier-service.js';
import { SolveQuota } from '../service/solve-quota.js';
import { ServiceMetrics, type ConnectionCut } from '../service/metrics.js';
import type { SolverPool } from '../service/solver-pool.js';
import type { ProblemValidator } from '../service/validation.js';
import { registerBodyParsers } from './body-parsers.js';
import { registerDocs } from './docs.js';
import { answerClientError, HttpError, sendError, toHttpError, type ErrorCode, type ErrorContext } from './errors.js';
import { registerFrontierRoutes } from './routes/frontiers.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerJsonSchemaRoutes } from './routes/json-schema.js';
import { registerJobEventRoutes } from './routes/job-events.js';
import { registerJobRoutes } from './routes/jobs.js';
import { registerMetricsRoute } from './routes/metrics.js';
import { registerValidateRoutes } from './routes/validate.js';
import { registerWebRoutes } from './routes/web.js';
import { registerSecurity } from './security.js';

/** How often node checks request time-outs (its default, 30 s, lets a slow body live 30 s past its deadline). */
const CONNECTION_CHECK_MS = 1_000;

const CONNECTION_CUTS: Partial<Record<ErrorCode, ConnectionCut>> = {
  REQUEST_TIMEOUT: 'request_timeout',
  HEADERS_TOO_LARGE: 'headers_too_large',
};

export interface AppOptions {
  pool: SolverPool;
  config: Config;
  logger?: FastifyServerOptions['logger'];
  /** process metrics (CPU, heap, event loop) in /metrics; default true */
  defaultMetrics?: boolean;
  /** where jobs are kept; default an in-memory store, closed with the app (jobs then die with the process) */
  jobStore?: JobStore;
  /** validates big bodies of POST /v1/validate off the event loop (workers/validation-pool.ts); default on it */
  validator?: ProblemValidator;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** batch jobs: start() after listening to resume unfinished ones; stopped when the app closes */
    jobs: JobQueue;
  }
}

export async function buildApp({
  pool,
  config,
  logger = false,
  defaultMetrics = true,
  jobStore,
  validator,
}: AppOptions): Promise<FastifyInstance> {
  // As many requests solve at once as the pool has workers: each frontier
  // spreads its runs over the whole pool, so more would only queue inside it.
  // Batch work may hold all but one slot unless LODESTONE_BATCH_SLOTS says otherwise (never more than the pool has).
  const size = pool.stats().size;
  const gate = new BoundedAdmissionGate(size, config.queueLength, {
    ...(config.batchSlots !== null ? { batchSlots: Math.min(config.batchSlots, size) } : {}),
  });
  const metrics = new ServiceMetrics({ pool: () => pool.stats(), gate }, { defaultMetrics });
  // LODESTONE_REMOTE_FRONTIERS: frontier runs go to `lodestone worker` processes (docs/scale-out.md).
  const runClient =
    config.remoteFrontiers && config.redisUrl
      ? await RemoteRunClient.connect({ redisUrl: config.redisUrl, remote: config.remote })
      : null;
  const service = new FrontierService({
    pool: runClient ? remoteFrontierPool(pool, runClient, config.remoteFrontierRuns) : pool,
    gate,
    metrics,
    limits: config.limits,
    requestTimeoutMs: config.requestTimeoutMs,
    solveQuota: new SolveQuota(config.maxConcurrentSolvesPerKey),
    validator,
  });

  const context = (contentType: string | undefined): ErrorContext => ({
    contentType,
    bodyLimitBytes: config.bodyLimitBytes,
  });
  const guards = config.server;
  const app = Fastify({
    logger,
    bodyLimit: config.bodyLimitBytes,
    // Unguessable ids: a 500 reply names its id so an operator can find the log line.
    genReqId: () => randomUUID(),
    // Slow clients (docs/security.md): the head and the whole request must
    // arrive in time, idle keep-alive sockets close, and node checks the
    // time-outs every second instead of every 30 s, so a trickled body is cut
    // close to its deadline. Time-outs once the request has arrived are the
    // service's own (LODESTONE_REQUEST_TIMEOUT_MS), so long solves are not cut.
    requestTimeout: guards.requestReceiveTimeoutMs,
    keepAliveTimeout: guards.keepAliveTimeoutMs,
    maxRequestsPerSocket: guards.maxRequestsPerSocket,
    http: {
      // Node refuses a head time-out longer than the whole request's.
      headersTimeout: Math.min(guards.headersTimeoutMs, guards.requestReceiveTimeoutMs),
      connectionsCheckingInterval: CONNECTION_CHECK_MS,
    },
    // Our own 503 below, in our error shape.
    return503OnClosing: false,
    frameworkErrors: (error, request, reply) => {
      sendError(request, reply, toHttpError(error, context(request.headers['content-type'])));
    },
    clientErrorHandler: (error, socket) => {
      const code = answerClientError(error, socket);
      if (code !== null) metrics.recordConnectionCut(CONNECTION_CUTS[code] ?? 'bad_request');
    },
  });
  // Beyond the cap node closes new sockets at accept, before any byte is read.
  app.server.maxConnections = guards.maxConnections;
  app.server.on('drop', () => metrics.recordConnectionCut('connection_cap'));

  // The problem body is typed and documented by zod but validated by
  // prepareProblem (in the service), so that its errors come in our shape,
  // every one with its path, exactly as `lodestone validate` reports them.
  app.setValidatorCompiler<ZodType>((route) =>
    route.httpPart === 'body' ? (data: unknown) => ({ value: data }) : validatorCompiler(route),
  );
  // Replies are encoded by wire-format.ts; response schemas only document them.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  registerBodyParsers(app, config.decodeLimits);

  app.setErrorHandler((error, request, reply) => {
    const failure = toHttpError(error, context(request.headers['content-type']));
    // A 500 is logged by sendError, with its details and request id.
    if (failure.status > 500) request.log.warn({ code: failure.code }, failure.message);
    else if (failure.status < 500) request.log.info({ code: failure.code }, failure.message);
    // A cancelled request's client has gone: nothing to send.
    if (failure.code === 'CANCELLED' && (reply.raw.destroyed || request.raw.socket?.destroyed)) return reply.hijack();
    return sendError(request, reply, failure);
  });
  const store = jobStore ?? openSqliteJobStore(':memory:');
  const queueOptions = {
    store,
    limits: config.limits,
    maxVariations: config.maxBatchVariations,
    maxConcurrentJobs: config.maxConcurrentJobs,
    stopGraceMs: config.jobStopGraceMs,
    maxQueuedVariationsPerTenant: config.maxQueuedVariationsPerKey,
    log: app.log,
  };
  // With LODESTONE_REDIS_URL, `lodestone worker` processes solve the variations (docs/scale-out.md).
  const remote = config.redisUrl
    ? createBullMqJobQueue({ ...queueOptions, redisUrl: config.redisUrl, remote: config.remote })
    : null;
  const jobs =
    remote?.queue ??
    new LocalJobQueue({
      ...queueOptions,
      // a job fills the batch slots with as many variations (the gate then interleaves jobs)
      variationsAtOnce: gate.batchSlots,
      solve: (request) => service.solveVariation(request),
    });
  app.decorate('jobs', jobs);
  if (remote) registerRemoteQueueMetrics(metrics.registry, remote.stats);
  if (runClient) registerRemoteRunMetrics(metrics.registry, runClient);
  if (!jobStore) app.addHook('onClose', async () => store.close());
  if (runClient) app.addHook('onClose', async () => runClient.close());
  const retention = new JobRetention({ store, retentionDays: config.jobRetentionDays, log: app.log });
  retention.start();
  app.addHook('onClose', async () => retention.stop());

  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, new HttpError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`)),
  );

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
    // Jobs first: their running variations get the grace period, then are re-queued.
    await jobs.stop();
    service.close();
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (closing) {
      reply.header('connection', 'close');
      throw new HttpError('SHUTTING_DOWN', undefined, { retryAfterSec: 5 });
    }
  });

  await registerSecurity(app, config);
  await registerDocs(app);
  registerFrontierRoutes(app, service);
  registerValidateRoutes(app, service);
  registerJsonSchemaRoutes(app);
  registerHealthRoutes(app, service, remote?.stats);
  registerJobRoutes(app, jobs, { maxResultBytes: config.maxResultBytes });
  registerJobEventRoutes(app, jobs);
  registerMetricsRoute(app, metrics);
  await registerWebRoutes(app, service);
  return app;
}
