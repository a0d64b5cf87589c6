// POST /v1/frontiers/stream: POST /v1/frontiers as server-sent events, so a
// page can show points solved out of the total while it waits:
//
//   event: progress    data: {"done": 3, "total": 11}     (as each point is solved; the last is total of total)
//   event: point       data: {"index": 0, "point": {...}}   (point A, the cheapest plan, as soon as it is verified)
//   event: result      data: <the frontier result, as POST /v1/frontiers returns it>
//   event: error       data: {"error": {"code", "message", "status"}, "errors"?: [...]}
//
// The body is read, decoded and validated as for /v1/frontiers before the stream
// opens: an undecodable body, an invalid or too large problem, bad options get
// the ordinary error reply (400, 413, 415, 422). From then on the answer is 200
// and a failure is an `error` event in the API's one error shape. Closing the
// connection cancels the solve.

import type { AnalysisKind } from '../../analysis/vss-evpi.js';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FrontierService } from '../../service/frontier-service.js';
import { ServiceError } from '../../service/errors.js';
import { publicErrorBody, toHttpError } from '../errors.js';
import { WIRE_MEDIA_TYPES } from '../schemas/openapi.js';
import { ProblemSchema, SolveQuerySchema } from '../schemas/problem-request.js';

/** A comment line this often keeps proxies from closing a quiet stream during a long solve. */
const HEARTBEAT_MS = 15_000;

export function registerFrontierStreamRoute(app: FastifyInstance, service: FrontierService): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/v1/frontiers/stream',
    {
      schema: {
        summary: 'Solve a frontier, streaming its progress (server-sent events)',
        description:
          'The same problem and query as POST /v1/frontiers. The reply is text/event-stream: `progress` events ({done, total} points), ' +
          'one `point` event ({index: 0, point}) with the cheapest plan as soon as it is verified, ' +
          'then one `result` event (the frontier result) or one `error` event (the error shape of the API). An invalid problem is refused before the stream opens (400 INVALID_PROBLEM, 422 PROBLEM_TOO_LARGE). ' +
          'Closing the connection cancels the solve.',
        tags: ['frontier'],
        consumes: WIRE_MEDIA_TYPES,
        produces: ['text/event-stream'],
        querystring: SolveQuerySchema,
        body: ProblemSchema,
      },
    },
    async (request, reply) => {
      const solveRequest = {
        input: request.body as unknown,
        points: request.query.points,
        backend: request.query.backend,
        strict: request.query.strict,
        ...(request.query.analysis ? { analysis: request.query.analysis.split(',') as AnalysisKind[] } : {}),
      };
      // An invalid request is answered as on POST /v1/frontiers (400, 422 with every error), not with a stream.
      service.precheck(solveRequest);
      const events = new PassThrough();
      const send = (event: string, data: unknown) => {
        if (!events.writableEnded) events.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      const cancel = new AbortController();
      const onClose = () => {
        if (!reply.raw.writableFinished)
          cancel.abort(new ServiceError('CANCELLED', 'the client closed the stream before the frontier was ready'));
      };
      reply.raw.once('close', onClose);
      const heartbeat = setInterval(() => events.write(': still solving\n\n'), HEARTBEAT_MS);

      // The first bytes send the headers, so the client knows at once that the solve is under way.
      events.write(': solving\n\n');
      let progress = { done: 0, total: 0 };
      void service
        .solve({
          ...solveRequest,
          signal: cancel.signal,
          tenant: request.tenant,
          onProgress: (done, total) => send('progress', (progress = { done, total })),
          onCheapestPoint: (point) => send('point', { index: 0, point }),
        })
        .then(
          (result) => {
            // The pool can deliver a run's last step after its result (workers/pool-executor.ts
            // closes the progress port on completion): with the result in hand, every point is solved.
            if (progress.done < progress.total) send('progress', { done: progress.total, total: progress.total });
            send('result', result);
          },
          (error: unknown) => {
            const failure = toHttpError(error, { contentType: request.headers['content-type'], bodyLimitBytes: 0 });
            if (failure.code === 'CANCELLED') return;
            if (failure.status >= 500) request.log.error({ err: error, requestId: request.id }, failure.message);
            else request.log.info({ code: failure.code }, failure.message);
            send('error', publicErrorBody(failure, request.id));
          },
        )
        .finally(() => {
          clearInterval(heartbeat);
          reply.raw.off('close', onClose);
          events.end();
        });

      return reply
        .code(200)
        .headers({ 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' })
        .type('text/event-stream; charset=utf-8')
        .send(events);
    },
  );
}
