// The fastify app, without a socket: main.ts listens, tests build it and
// listen on port 0. The caller owns the worker pool (it outlives the app) and
// the job store; the app's job queue (app.jobs) is started by the caller
// (main.ts resumes unfinished jobs after listening) and stopped on close.

import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';
import type { Config } from '../config.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { JobStore } from '../jobs/job-store.js';
import { createBullMqJobQueue } from '../jobs/bullmq-job-queue.js';
import { LocalJobQueue } from '../jobs/local-job-queue.js';
import { openSqliteJobStore } from '../jobs/sqlite-job-store.js';
import { BoundedAdmissionGate } from '../service/admission-gate.js';
import { FrontierService } from '../service/frontier-service.js';
import { ServiceMetrics } from '../service/metrics.js';
import type { SolverPool } from '../service/solver-pool.js';
import { registerBodyParsers } from './body-parsers.js';
import { registerDocs } from './docs.js';
import { answerClientError, HttpError, sendError, toHttpError, type ErrorContext } from './errors.js';
import { registerFrontierRoutes } from './routes/frontiers.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerJobEventRoutes } from './routes/job-events.js';
import { registerJobRoutes } from './routes/jobs.js';
import { registerMetricsRoute } from './routes/metrics.js';
import { registerValidateRoutes } from './routes/validate.js';
import { registerWebRoutes } from './routes/web.js';

export interface AppOptions {
  pool: SolverPool;
  config: Config;
  logger?: FastifyServerOptions['logger'];
  /** process metrics (CPU, heap, event loop) in /metrics; default true */
  defaultMetrics?: boolean;
  /** where jobs are kept; default an in-memory store, closed with the app (jobs then die with the process) */
  jobStore?: JobStore;
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
}: AppOptions): Promise<FastifyInstance> {
  // As many requests solve at once as the pool has workers: each frontier
  // spreads its runs over the whole pool, so more would only queue inside it.
  const gate = new BoundedAdmissionGate(pool.stats().size, config.queueLength);
  const metrics = new ServiceMetrics({ pool: () => pool.stats(), gate }, { defaultMetrics });
  const service = new FrontierService({
    pool,
    gate,
    metrics,
    limits: config.limits,
    requestTimeoutMs: config.requestTimeoutMs,
  });

  const context = (contentType: string | undefined): ErrorContext => ({
    contentType,
    bodyLimitBytes: config.bodyLimitBytes,
  });
  const app = Fastify({
    logger,
    bodyLimit: config.bodyLimitBytes,
    // Our own 503 below, in our error shape.
    return503OnClosing: false,
    frameworkErrors: (error, request, reply) => {
      sendError(request, reply, toHttpError(error, context(request.headers['content-type'])));
    },
    clientErrorHandler: answerClientError,
  });

  // The problem body is typed and documented by zod but validated by
  // prepareProblem (in the service), so that its errors come in our shape,
  // every one with its path, exactly as `lodestone validate` reports them.
  app.setValidatorCompiler<ZodType>((route) =>
    route.httpPart === 'body' ? (data: unknown) => ({ value: data }) : validatorCompiler(route),
  );
  // Replies are encoded by wire-format.ts; response schemas only document them.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  registerBodyParsers(app);

  app.setErrorHandler((error, request, reply) => {
    const failure = toHttpError(error, context(request.headers['content-type']));
    if (failure.status >= 500 && failure.status !== 503 && failure.status !== 504)
      request.log.error({ err: error }, failure.message);
    else if (failure.status >= 500) request.log.warn({ code: failure.code }, failure.message);
    else request.log.info({ code: failure.code }, failure.message);
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
    log: app.log,
  };
  // With LODESTONE_REDIS_URL, `lodestone worker` processes solve the variations (docs/scale-out.md).
  const jobs = config.redisUrl
    ? createBullMqJobQueue({ ...queueOptions, redisUrl: config.redisUrl, remote: config.remote })
    : new LocalJobQueue({ ...queueOptions, solve: (request) => service.solveVariation(request) });
  app.decorate('jobs', jobs);
  if (!jobStore) app.addHook('onClose', async () => store.close());

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

  await registerDocs(app);
  registerFrontierRoutes(app, service);
  registerValidateRoutes(app, service);
  registerHealthRoutes(app, service);
  registerJobRoutes(app, jobs);
  registerJobEventRoutes(app, jobs);
  registerMetricsRoute(app, metrics);
  await registerWebRoutes(app, service);
  return app;
}
