// Request bodies: JSON or MessagePack only (anything else is a 415), decoded
// by the same code as the CLI's files (src/io/read-problem.ts), so a bad body
// gets the same explanation as a bad file, as our MALFORMED_BODY error; a
// body over the decode limits or holding what no problem holds (extension
// types, BigInt, prototype keys) is refused there too, before any handler.

import type { FastifyInstance } from 'fastify';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from '../domain/limits.js';
import { decodeProblemBytes, ProblemDecodeError, type ProblemFormat } from '../io/read-problem.js';
import { HttpError } from './errors.js';
import { JSON_TYPE, MSGPACK_ALIASES, MSGPACK_TYPE } from './wire-format.js';

export function registerBodyParsers(app: FastifyInstance, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): void {
  // Also drops fastify's text/plain parser: a problem is never plain text.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_TYPE, { parseAs: 'buffer' }, (_request, body, done) =>
    parseInto('json', body as Buffer, limits, done),
  );
  app.addContentTypeParser([MSGPACK_TYPE, ...MSGPACK_ALIASES], { parseAs: 'buffer' }, (_request, body, done) =>
    parseInto('msgpack', body as Buffer, limits, done),
  );
}

function parseInto(
  format: ProblemFormat,
  body: Buffer,
  limits: DecodeLimits,
  done: (error: Error | null, value?: unknown) => void,
): void {
  try {
    done(null, decodeBody(format, body, limits));
  } catch (error) {
    done(error as Error);
  }
}

export function decodeBody(
  format: ProblemFormat,
  body: Uint8Array,
  limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
): unknown {
  const name = format === 'json' ? 'JSON' : 'MessagePack';
  if (body.length === 0) throw new HttpError('MALFORMED_BODY', `The request body is empty; send a problem as ${name}`);
  try {
    // Scanned, decoded and checked (depth, sizes, extension types, BigInt, prototype keys) in one place.
    return decodeProblemBytes(body, format, limits);
  } catch (error) {
    if (error instanceof ProblemDecodeError)
      throw new HttpError(
        'MALFORMED_BODY',
        error.refused
          ? `The request body is refused: ${error.reason}`
          : `The request body is not valid ${name}: ${error.reason}`,
      );
    throw error;
  }
}
