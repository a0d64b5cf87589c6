// POST /v1/frontiers: a problem in, its cost-versus-CVaR frontier out. The
// route only translates HTTP to a service call: the body and query become a
// FrontierRequest, the client's disconnect becomes an abort.

import type { AnalysisKind } from '../../analysis/vss-evpi.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FrontierService } from '../../service/frontier-service.js';
import { ServiceError } from '../../service/errors.js';
import { ErrorBodySchema } from '../schemas/error-body.js';
import { FrontierResultSchema } from '../schemas/frontier-result.js';
import { WIRE_MEDIA_TYPES } from '../schemas/openapi.js';
import { SolveQuerySchema, ProblemSchema } from '../schemas/problem-request.js';
import { sendBody } from '../wire-format.js';
import { requireWireFormat } from './accept.js';

export function registerFrontierRoutes(app: FastifyInstance, service: FrontierService): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/v1/frontiers',
    {
      schema: {
        summary: 'Solve the cost-versus-CVaR frontier of a sourcing problem',
        description:
          'The body is a problem (MODEL.md section 2) as JSON or MessagePack; the reply is in the format Accept asks for. ' +
          'The request waits for a free solving slot if all are busy, and is refused with 503 and Retry-After when the waiting line is full. ' +
          'Closing the connection cancels the solve. Errors: 400 invalid problem (every error, with its path), query or body encoding; ' +
          '406 Accept allows neither format; 413 body over the size limit; 415 body neither JSON nor MessagePack; ' +
          '422 problem over the size limits; 500 worker crash, plan verification or solver failure; ' +
          '503 at capacity (see Retry-After) or shutting down; 504 request or LP solve timed out (the solve is stopped).',
        tags: ['frontier'],
        consumes: WIRE_MEDIA_TYPES,
        produces: WIRE_MEDIA_TYPES,
        querystring: SolveQuerySchema,
        body: ProblemSchema,
        response: {
          200: FrontierResultSchema,
          400: ErrorBodySchema,
          406: ErrorBodySchema,
          413: ErrorBodySchema,
          415: ErrorBodySchema,
          422: ErrorBodySchema,
          500: ErrorBodySchema,
          503: ErrorBodySchema,
          504: ErrorBodySchema,
        },
      },
      // Refused before the body is read when the service is full (the overload bench, docs/tenants.md).
      onRequest: [
        requireWireFormat,
        (_request, _reply, done) => {
          try {
            service.refuseIfFull();
            done();
          } catch (error) {
            done(error as Error);
          }
        },
      ],
    },
    async (request, reply) => {
      const cancel = abortOnDisconnect(request, reply);
      try {
        const result = await service.solve({
          input: request.body,
          points: request.query.points,
          backend: request.query.backend,
          strict: request.query.strict,
          ...(request.query.analysis ? { analysis: request.query.analysis.split(',') as AnalysisKind[] } : {}),
          signal: cancel.signal,
          tenant: request.tenant,
        });
        return sendBody(request, reply, 200, result);
      } finally {
        cancel.dispose();
      }
    },
  );
}

/**
 * An AbortController that fires when the connection closes before the reply
 * is sent. Not `request.signal`: in fastify 5.12 it is already aborted inside
 * POST handlers over a real socket (fastify PRs #6725, #7033).
 */
function abortOnDisconnect(request: FastifyRequest, reply: FastifyReply): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onClose = () => {
    if (!reply.raw.writableFinished)
      controller.abort(new ServiceError('CANCELLED', 'the client closed the connection before the frontier was ready'));
  };
  // The client may have gone while the body was read, before this listener existed.
  if (reply.raw.destroyed || request.raw.socket?.destroyed) onClose();
  else reply.raw.once('close', onClose);
  return { signal: controller.signal, dispose: () => reply.raw.off('close', onClose) };
}
