// Bytes to a raw problem value (JSON or MessagePack, MODEL.md section 2).
// Only decoding happens here: what the value means is validate.ts's job. The
// bytes may be hostile (HTTP bodies): both formats are scanned before they
// are decoded (json-scan.ts, msgpack-scan.ts) and the value is checked after
// (check-decoded.ts), against the decode limits (docs/security.md).

import { readFile } from 'node:fs/promises';
import { Unpackr } from 'msgpackr';
import { formatFromPath, looksLikeJson, type ProblemFormat } from './problem-format.js';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from '../domain/limits.js';
import { checkDecodedValue, DecodedValueRefusal } from './check-decoded.js';
import { jsonDepthExceededAt } from './json-scan.js';
import { MsgpackRefusal, scanMsgpack } from './msgpack-scan.js';

export type { ProblemFormat };

/** The bytes are not a JSON or MessagePack document; `format` says which decoder failed. */
export class ProblemDecodeError extends Error {
  override readonly name = 'ProblemDecodeError';

  constructor(
    readonly format: ProblemFormat,
    /** why the decoder failed, without the leading "not valid JSON" */
    readonly reason: string,
    /** what was decoded, for the message: a file path, or "The input" */
    source = 'The input',
    /** true: well-formed, but over a decode limit or holding something refused (docs/security.md) */
    readonly refused = false,
  ) {
    super(
      refused
        ? `${source} is refused: ${reason}`
        : `${source} is not valid ${format === 'json' ? 'JSON' : 'MessagePack'}: ${reason}`,
    );
  }
}

// 64-bit integers as numbers, like JSON: the schema wants numbers, not BigInt.
// No structured clones (ids and pointers make shared and cyclic values), no
// records; msgpackr's extensions are global, so scanMsgpack refuses every
// extension type before this decoder runs.
const unpackr = new Unpackr({
  int64AsType: 'number',
  mapsAsObjects: true,
  useRecords: false,
  structuredClone: false,
  moreTypes: false,
});

function decodeJson(bytes: Uint8Array, limits: DecodeLimits): unknown {
  const deepAt = jsonDepthExceededAt(bytes, limits);
  if (deepAt >= 0)
    throw new ProblemDecodeError(
      'json',
      `the document nests deeper than ${limits.maxDepth} levels (at byte ${deepAt})`,
      undefined,
      true,
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ProblemDecodeError('json', 'the bytes are not UTF-8 text');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ProblemDecodeError('json', (error as Error).message);
  }
}

function isPlainObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function decodeMsgpack(bytes: Uint8Array, limits: DecodeLimits): unknown {
  if (bytes.length === 0) throw new ProblemDecodeError('msgpack', 'the input is empty');
  try {
    scanMsgpack(bytes, limits);
  } catch (error) {
    if (error instanceof MsgpackRefusal)
      throw new ProblemDecodeError('msgpack', error.message, undefined, !error.malformed);
    throw error;
  }
  let value: unknown;
  try {
    value = unpackr.unpack(bytes);
  } catch (error) {
    throw new ProblemDecodeError('msgpack', (error as Error).message);
  }
  // msgpackr decodes almost any byte string to something (text often to a
  // small integer); a problem is a map, so anything else means a wrong file.
  if (!isPlainObject(value)) {
    const got = Array.isArray(value)
      ? 'an array'
      : value === null
        ? 'nil'
        : typeof value === 'object'
          ? 'an extension value'
          : `a ${typeof value}`;
    throw new ProblemDecodeError('msgpack', `expected a map at the top level, found ${got}`);
  }
  return value;
}

/**
 * Decodes a problem document: JSON when hinted or when it starts with `{`/`[`,
 * else MessagePack; refuses one over `limits` or holding what no problem holds.
 */
export function decodeProblemBytes(
  bytes: Uint8Array,
  hint?: ProblemFormat,
  limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
): unknown {
  const format = hint ?? (looksLikeJson(bytes) ? 'json' : 'msgpack');
  const value = format === 'json' ? decodeJson(bytes, limits) : decodeMsgpack(bytes, limits);
  try {
    checkDecodedValue(value, limits);
  } catch (error) {
    if (error instanceof DecodedValueRefusal) throw new ProblemDecodeError(format, error.message, undefined, true);
    throw error;
  }
  return value;
}

/** Reads and decodes a problem file; decode errors name the file. */
export async function readProblemFile(path: string): Promise<unknown> {
  const bytes = await readFile(path);
  try {
    return decodeProblemBytes(bytes, formatFromPath(path));
  } catch (error) {
    if (error instanceof ProblemDecodeError) {
      throw new ProblemDecodeError(error.format, error.reason, path, error.refused);
    }
    throw error;
  }
}
