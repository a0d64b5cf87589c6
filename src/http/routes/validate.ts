// POST /v1/validate: every error of a problem, or the size of its LP, as
// `lodestone validate --json` reports them. An invalid problem is answered
// with the shared error shape plus `valid: false`.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FrontierService } from '../../service/frontier-service.js';
import { HttpError } from '../errors.js';
import { ErrorBodySchema } from '../schemas/error-body.js';
import { WIRE_MEDIA_TYPES } from '../schemas/openapi.js';
import { ProblemSchema, StrictQuerySchema } from '../schemas/problem-request.js';
import { InvalidResultSchema, ValidResultSchema } from '../schemas/validate-result.js';
import { sendBody } from '../wire-format.js';
import { requireWireFormat } from './accept.js';

/** Bodies above this are validated on the validation worker; the sample fixtures are 5-20 kB and validate in milliseconds. */
const OFF_THREAD_BYTES = 256 * 1024;

export function registerValidateRoutes(app: FastifyInstance, service: FrontierService): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/v1/validate',
    {
      schema: {
        summary: 'Check a problem without solving it',
        description:
          '200 with the LP size and the warnings, or 400 (invalid: every error, with its path) or 422 (over the size limits) with valid: false.',
        tags: ['frontier'],
        consumes: WIRE_MEDIA_TYPES,
        produces: WIRE_MEDIA_TYPES,
        querystring: StrictQuerySchema,
        body: ProblemSchema,
        response: {
          200: ValidResultSchema,
          400: InvalidResultSchema,
          413: ErrorBodySchema,
          415: ErrorBodySchema,
          422: InvalidResultSchema,
        },
      },
      onRequest: requireWireFormat,
    },
    async (request, reply) => {
      // A big body's validation and LP build take seconds: off the event loop (docs/security.md).
      const large = Number(request.headers['content-length'] ?? 0) > OFF_THREAD_BYTES;
      const options = { strict: request.query.strict };
      const outcome = large
        ? await service.validateOffThread(request.body, options)
        : service.validate(request.body, options);
      if (outcome.valid) return sendBody(request, reply, 200, outcome);
      const failure = outcome.overLimit
        ? new HttpError('PROBLEM_TOO_LARGE', undefined, { errors: outcome.errors })
        : new HttpError('INVALID_PROBLEM', `the problem has ${outcome.errors.length} error(s)`, {
            errors: outcome.errors,
          });
      return sendBody(request, reply, failure.status, { valid: false, ...failure.body() });
    },
  );
}
