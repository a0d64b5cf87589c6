// GET /metrics: Prometheus text exposition of the service's own registry.

import type { FastifyInstance } from 'fastify';
import type { ServiceMetrics } from '../../service/metrics.js';

export function registerMetricsRoute(app: FastifyInstance, metrics: ServiceMetrics): void {
  app.get(
    '/metrics',
    { schema: { summary: 'Prometheus metrics', tags: ['service'], produces: ['text/plain'] } },
    async (_request, reply) => {
      const { contentType, body } = await metrics.render();
      return reply.type(contentType).send(body);
    },
  );
}
