// Refuses, before the body is read, a request whose Accept allows neither
// wire format: solving a frontier nobody can read would waste the pool.

import type { FastifyRequest } from 'fastify';
import { HttpError } from '../errors.js';
import { negotiateFormat } from '../wire-format.js';

export async function requireWireFormat(request: FastifyRequest): Promise<void> {
  if (negotiateFormat(request.headers.accept) === null) {
    throw new HttpError(
      'NOT_ACCEPTABLE',
      `Accept: ${request.headers.accept} allows neither application/json nor application/msgpack`,
    );
  }
}
