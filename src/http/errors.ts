// Every error the HTTP API can answer, in one table (code -> status, default
// message), and the one body shape they all share:
//
//   { "error": { "code": "INVALID_PROBLEM", "message": "...", "status": 400 },
//     "errors": [ { "path": "$.products[0].demand", "message": "..." } ] }   // when there are details
//
// Service errors (src/service/errors.ts) and fastify's own errors (bad JSON,
// unsupported media type, body too large, unknown route) are all mapped here.

import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isServiceError, type ErrorDetail, type ServiceErrorCode } from '../service/errors.js';
import { sendBody } from './wire-format.js';

interface ErrorSpec {
  status: number;
  message: string;
}

type HttpOnlyCode =
  | 'BAD_REQUEST'
  | 'INVALID_QUERY'
  | 'MALFORMED_BODY'
  | 'NOT_FOUND'
  | 'NOT_ACCEPTABLE'
  | 'REQUEST_TIMEOUT'
  | 'BODY_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'HEADERS_TOO_LARGE'
  | 'UNAUTHORIZED'
  | 'RESULTS_TOO_LARGE';

export type ErrorCode = ServiceErrorCode | HttpOnlyCode;

export const ERRORS: Record<ErrorCode, ErrorSpec> = {
  BAD_REQUEST: { status: 400, message: 'The request could not be read' },
  INVALID_PROBLEM: { status: 400, message: 'The problem is not valid; every error found is listed in "errors"' },
  INVALID_QUERY: { status: 400, message: 'The query string is not valid' },
  INVALID_BATCH: {
    status: 400,
    message: 'The batch is not valid; every error found is listed in "errors", with the variation it belongs to',
  },
  MALFORMED_BODY: { status: 400, message: 'The request body is not valid JSON or MessagePack' },
  UNAUTHORIZED: {
    status: 401,
    message: 'This service needs an API key: send it as Authorization: Bearer <key>',
  },
  NOT_FOUND: { status: 404, message: 'No such route' },
  JOB_NOT_FOUND: { status: 404, message: 'No job with this id' },
  NOT_ACCEPTABLE: { status: 406, message: 'This resource can only be sent as application/json or application/msgpack' },
  REQUEST_TIMEOUT: { status: 408, message: 'The request was not received in time' },
  JOB_FINISHED: { status: 409, message: 'The job has already finished; there is nothing to cancel' },
  BODY_TOO_LARGE: { status: 413, message: 'The request body is larger than this service accepts' },
  RESULTS_TOO_LARGE: {
    status: 413,
    message:
      'The reply would be larger than this service sends at once; ask for a page (?variation= or ?offset=&limit=)',
  },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the body as application/json or application/msgpack' },
  PROBLEM_TOO_LARGE: { status: 422, message: 'The problem is larger than the size limits of this service' },
  BATCH_TOO_LARGE: {
    status: 422,
    message: 'The batch has more variations, or larger problems, than this service accepts',
  },
  // The caller's own quota (its key's), not the service's capacity (503 QUEUE_FULL).
  QUOTA_EXCEEDED: { status: 429, message: "This API key's quota is used up; retry when its work has finished" },
  HEADERS_TOO_LARGE: { status: 431, message: 'The request headers are too large' },
  // Never seen by the client (it has gone); the status nginx uses, for logs and metrics.
  CANCELLED: { status: 499, message: 'The client closed the request' },
  INTERNAL_ERROR: { status: 500, message: 'Internal error' },
  WORKER_CRASHED: { status: 500, message: 'A solver worker crashed while solving this request' },
  PLAN_VERIFICATION_FAILED: {
    status: 500,
    message: 'A plan failed verification against the model, so no result is returned',
  },
  SOLVE_FAILED: { status: 500, message: 'The solver failed' },
  QUEUE_FULL: { status: 503, message: 'The service is at capacity; retry later' },
  SHUTTING_DOWN: { status: 503, message: 'The service is shutting down' },
  TIMEOUT: { status: 504, message: 'The request timed out and its solve was stopped' },
  SOLVE_TIME_LIMIT: { status: 504, message: 'An LP solve hit the per-solve time limit' },
};

export interface ErrorBody {
  /** requestId: on a 500 only, the id its details are logged under */
  error: { code: ErrorCode; message: string; status: number; requestId?: string };
  errors?: ErrorDetail[];
}

export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string = ERRORS[code].message,
    readonly extra: { errors?: ErrorDetail[]; retryAfterSec?: number; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.status = ERRORS[code].status;
  }

  body(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, status: this.status },
      ...(this.extra.errors ? { errors: this.extra.errors } : {}),
    };
  }
}

/** What the request said it sent, for the 415 message. */
export interface ErrorContext {
  contentType?: string;
  bodyLimitBytes: number;
}

/** Any error (ours, the service's, fastify's, or a bug) as an HttpError. */
export function toHttpError(error: unknown, context: ErrorContext): HttpError {
  if (error instanceof HttpError) return error;
  if (isServiceError(error)) return new HttpError(error.code, error.message, { ...error.extra, cause: error });
  const e = error as Partial<FastifyError> & Error;
  if (Array.isArray(e.validation)) {
    // Only the query string is validated by fastify; the problem body is prepareProblem's.
    const query = e.validationContext === 'querystring';
    const part = query ? 'query' : (e.validationContext ?? 'request');
    return new HttpError(query ? 'INVALID_QUERY' : 'BAD_REQUEST', `The ${query ? 'query string' : part} is not valid`, {
      errors: e.validation.map((v) => ({
        path: `${part}${v.instancePath.replaceAll('/', '.')}`,
        message: v.message ?? 'is not valid',
      })),
      cause: e,
    });
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError(
        'BODY_TOO_LARGE',
        `The request body is larger than the limit of ${context.bodyLimitBytes} bytes (LODESTONE_BODY_LIMIT_BYTES)`,
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError(
        'UNSUPPORTED_MEDIA_TYPE',
        context.contentType
          ? `Content-Type ${context.contentType} is not supported; send application/json or application/msgpack`
          : 'The request has a body but no Content-Type; send application/json or application/msgpack',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new HttpError('MALFORMED_BODY', `The request body is not valid JSON: ${e.message}`);
    case 'FST_ERR_NOT_FOUND':
      return new HttpError('NOT_FOUND');
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new HttpError('BAD_REQUEST', e.message);
  }
  const status = e.statusCode ?? 500;
  if (status === 404) return new HttpError('NOT_FOUND', e.message || undefined);
  if (status >= 400 && status < 500) return new HttpError('BAD_REQUEST', e.message || undefined, { cause: e });
  return new HttpError('INTERNAL_ERROR', `Internal error: ${e.message ?? String(error)}`, { cause: e });
}

/**
 * What a client sees of an error. A 500 is our failure: its detail (an
 * exception's text, a worker's abort message) goes to the log under the
 * request id, and the client gets the code, a generic message and that id to
 * quote, never internals.
 */
export function publicErrorBody(error: HttpError, requestId: string): ErrorBody {
  if (error.status !== 500) return error.body();
  return {
    error: {
      code: error.code,
      message: `${ERRORS[error.code].message}; the details are in the service log under request id ${requestId}`,
      status: error.status,
      requestId,
    },
  };
}

/** Sends an error in the shared shape, in the client's format, with Retry-After where it applies. */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: HttpError): FastifyReply {
  if (error.status === 500) {
    request.log.error({ err: error.extra.cause ?? error, code: error.code, requestId: request.id }, error.message);
    reply.header('x-request-id', request.id);
    return sendBody(request, reply, error.status, publicErrorBody(error, request.id));
  }
  if (error.extra.retryAfterSec !== undefined) reply.header('retry-after', String(error.extra.retryAfterSec));
  if (error.status === 401) reply.header('www-authenticate', 'Bearer realm="lodestone"');
  return sendBody(request, reply, error.status, error.body());
}

/**
 * Requests node's HTTP parser rejects never reach fastify (bad request line,
 * headers too large, body not received in time): answered here, in our shape,
 * on the raw socket, which is then closed.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): ErrorCode | null {
  if (error.code === 'ECONNRESET' || socket.destroyed) return null;
  const code: ErrorCode =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? 'REQUEST_TIMEOUT'
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? 'HEADERS_TOO_LARGE'
        : 'BAD_REQUEST';
  const failure = new HttpError(code);
  const body = JSON.stringify(failure.body());
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${failure.status} ${STATUS_CODES[failure.status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
  return code;
}
