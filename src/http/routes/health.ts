// GET /v1/health: liveness and load, for load balancers and operators.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RemoteQueueStats } from '../../jobs/bullmq-dispatcher.js';
import type { FrontierService } from '../../service/frontier-service.js';
import { VERSION } from '../../version.js';
import { HealthSchema } from '../schemas/health.js';
import { WIRE_MEDIA_TYPES } from '../schemas/openapi.js';
import { sendBody } from '../wire-format.js';

export function registerHealthRoutes(
  app: FastifyInstance,
  service: FrontierService,
  /** with LODESTONE_REDIS_URL: the BullMQ queue of batch variations */
  remoteQueue?: () => Promise<RemoteQueueStats>,
): void {
  const started = performance.now();
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/health',
    {
      schema: {
        summary: 'Service status, version and load',
        tags: ['service'],
        produces: WIRE_MEDIA_TYPES,
        response: { 200: HealthSchema },
      },
    },
    async (request, reply) => {
      const { pool, admission } = service.status();
      return sendBody(request, reply, 200, {
        status: 'ok',
        version: VERSION,
        uptimeSec: Math.round((performance.now() - started) / 100) / 10,
        pool,
        queue: {
          depth: admission.waiting,
          limit: admission.queueLength,
          solving: admission.running,
          slots: admission.concurrency,
          retryAfterSec: service.retryAfterSec(),
        },
        ...(remoteQueue ? { remoteQueue: await remoteQueue() } : {}),
      });
    },
  );
}
