// Request bodies: JSON or MessagePack only (anything else is a 415), decoded
// by the same code as the CLI's files (src/io/read-problem.ts), so a bad body
// gets the same explanation as a bad file, as our MALFORMED_BODY error.

import type { FastifyInstance } from 'fastify';
import { decodeProblemBytes, ProblemDecodeError, type ProblemFormat } from '../io/read-problem.js';
import { HttpError } from './errors.js';
import { JSON_TYPE, MSGPACK_LEGACY_TYPE, MSGPACK_TYPE } from './wire-format.js';

export function registerBodyParsers(app: FastifyInstance): void {
  // Also drops fastify's text/plain parser: a problem is never plain text.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_TYPE, { parseAs: 'buffer' }, (_request, body, done) =>
    parseInto('json', body as Buffer, done),
  );
  app.addContentTypeParser([MSGPACK_TYPE, MSGPACK_LEGACY_TYPE], { parseAs: 'buffer' }, (_request, body, done) =>
    parseInto('msgpack', body as Buffer, done),
  );
}

function parseInto(format: ProblemFormat, body: Buffer, done: (error: Error | null, value?: unknown) => void): void {
  try {
    done(null, decodeBody(format, body));
  } catch (error) {
    done(error as Error);
  }
}

export function decodeBody(format: ProblemFormat, body: Uint8Array): unknown {
  const name = format === 'json' ? 'JSON' : 'MessagePack';
  if (body.length === 0) throw new HttpError('MALFORMED_BODY', `The request body is empty; send a problem as ${name}`);
  let value: unknown;
  try {
    value = decodeProblemBytes(body, format);
  } catch (error) {
    if (error instanceof ProblemDecodeError)
      throw new HttpError('MALFORMED_BODY', `The request body is not valid ${name}: ${error.reason}`);
    throw error;
  }
  const poisoned = findPrototypeKey(value);
  if (poisoned)
    throw new HttpError(
      'MALFORMED_BODY',
      `The request body has a "${poisoned}" key, which is refused (prototype pollution)`,
    );
  return value;
}

/**
 * JSON.parse makes "__proto__" an ordinary own key; code that later copies
 * such an object key by key would set a prototype. Refused outright, like
 * fastify's own JSON parser does (secure-json-parse).
 */
function findPrototypeKey(root: unknown): string | null {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (item !== null && typeof item === 'object') stack.push(item);
      continue;
    }
    if (Object.hasOwn(value, '__proto__')) return '__proto__';
    const constructor = (value as Record<string, unknown>).constructor;
    if (
      Object.hasOwn(value, 'constructor') &&
      constructor !== null &&
      typeof constructor === 'object' &&
      Object.hasOwn(constructor, 'prototype')
    ) {
      return 'constructor.prototype';
    }
    for (const item of Object.values(value)) if (item !== null && typeof item === 'object') stack.push(item);
  }
  return null;
}
