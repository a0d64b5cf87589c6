// Hostile request bodies for the fuzz suite (tests/http/fuzz.test.ts) and the
// long fuzz run (benchmarks/fuzz.ts), as fast-check arbitraries: valid
// problems with a few mutations (wrong types, extreme numbers, repeated and
// deleted entries, deep nesting, prototype keys), random JSON values, random
// MessagePack (extension types, BigInt, Maps, Dates, typed arrays), raw
// random bytes and truncated encodings, each aimed at one POST endpoint in one
// wire format. Every body must get a 4xx or a 2xx, never a 5xx or a hang.

import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { Packr } from 'msgpackr';
import { sampleProblemInput } from './sample-problem.js';

export const FUZZ_ENDPOINTS = [
  '/v1/validate',
  '/v1/frontiers?points=2',
  '/v1/frontiers/stream?points=2',
  '/v1/jobs',
] as const;
export type FuzzEndpoint = (typeof FUZZ_ENDPOINTS)[number];

export interface FuzzBody {
  endpoint: FuzzEndpoint;
  contentType: 'application/json' | 'application/msgpack';
  payload: Buffer;
  /** what produced it, for a failure message */
  kind: string;
}

// msgpackr as a hostile client would use it: structured clones, records, every extension it has.
const hostilePackr = new Packr({ structuredClone: true, useRecords: true, moreTypes: true });
const plainPackr = new Packr({ useRecords: false });

type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...prefix, i], out));
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) pathsOf(item, [...prefix, key], out);
  return out;
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> | null {
  let node = root;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return null;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>) : null;
}

/** Values a mutation may put anywhere: the numbers and shapes that broke services before. */
const extremeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    1e308,
    -1e308,
    1e15,
    1e12 + 1,
    -1,
    0,
    Number.MAX_SAFE_INTEGER,
    2 ** 53 + 2,
    -0,
    5e-324,
    '',
    'x'.repeat(10_000),
    null,
    true,
    [],
    {},
    '__proto__',
  ),
  fc.double(),
  fc.integer(),
  fc.string(),
  fc.jsonValue({ maxDepth: 3 }),
);

type Mutation = { at: number; op: 'set' | 'delete' | 'repeat' | 'nest' | 'proto'; value: unknown; times: number };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('set', 'set', 'set', 'delete', 'repeat', 'nest', 'proto'),
  value: extremeValue,
  times: fc.integer({ min: 2, max: 2_000 }),
});

function applyMutation(root: unknown, m: Mutation): void {
  const paths = pathsOf(root).filter((p) => p.length > 0);
  if (paths.length === 0) return;
  const path = paths[m.at % paths.length];
  const parent = parentOf(root, path);
  if (parent === null) return;
  const key = path[path.length - 1];
  switch (m.op) {
    case 'set':
      parent[key] = m.value;
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      break;
    case 'repeat':
      // The same entry many times (1,000 spot events, 100k policy rules).
      if (Array.isArray(parent)) parent.push(...(new Array(m.times).fill(parent[Number(key)]) as unknown[]));
      else parent[key] = new Array(m.times).fill(parent[key]) as unknown[];
      break;
    case 'nest': {
      let nested: unknown = parent[key];
      for (let i = 0; i < Math.min(m.times, 200); i++) nested = [nested];
      parent[key] = nested;
      break;
    }
    case 'proto':
      // An own "__proto__" key, as JSON.parse would make it.
      Object.defineProperty(parent, '__proto__', {
        value: m.value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
      break;
  }
}

const mutatedProblem: fc.Arbitrary<{ value: unknown; kind: string }> = fc
  .array(mutation, { minLength: 0, maxLength: 3 })
  .map((mutations) => {
    const problem = structuredClone(sampleProblemInput()) as unknown;
    for (const m of mutations) applyMutation(problem, m);
    return { value: problem, kind: `mutated problem (${mutations.map((m) => m.op).join(', ') || 'unchanged'})` };
  });

const randomJson = fc
  .jsonValue({ maxDepth: 6 })
  .map((value): { value: unknown; kind: string } => ({ value, kind: 'random JSON value' }));

/** Values only MessagePack can carry: BigInt, Map, Set, Date, typed arrays, undefined, NaN. */
const msgpackOnly = fc
  .oneof(
    fc.bigInt(),
    fc.constantFrom(new Map([['periods', 1]]), new Set([1]), new Date(0), new Uint8Array([1, 2]), undefined, NaN),
    fc.float64Array({ maxLength: 4 }),
  )
  .map((value): { value: unknown; kind: string } => ({
    value: { problems: [sampleProblemInput()], periods: value },
    kind: 'MessagePack-only value',
  }));

function jsonBytes(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)) ?? 'null');
}

/** One body for one endpoint: a value encoded as JSON or MessagePack, or bytes that are neither. */
export const fuzzBody: fc.Arbitrary<FuzzBody> = fc
  .tuple(
    fc.constantFrom(...FUZZ_ENDPOINTS),
    fc.oneof(
      { weight: 5, arbitrary: mutatedProblem },
      { weight: 2, arbitrary: randomJson },
      { weight: 1, arbitrary: msgpackOnly },
    ),
    fc.constantFrom('json', 'msgpack', 'hostile-msgpack', 'truncated'),
    fc.boolean(),
    fc.uint8Array({ minLength: 1, maxLength: 64 }),
  )
  .map(([endpoint, { value, kind }, encoding, asBatch, bytes]): FuzzBody => {
    // /v1/jobs takes a batch: usually the problem wrapped as one, sometimes the raw value.
    const body = endpoint === '/v1/jobs' && asBatch ? { problems: [value] } : value;
    if (encoding === 'json') return { endpoint, contentType: 'application/json', payload: jsonBytes(body), kind };
    let packed: Buffer;
    try {
      packed = encoding === 'hostile-msgpack' ? hostilePackr.pack(body) : plainPackr.pack(body);
    } catch {
      packed = Buffer.from(bytes);
    }
    if (encoding === 'truncated') packed = packed.subarray(0, Math.max(1, bytes[0] % packed.length));
    return { endpoint, contentType: 'application/msgpack', payload: packed, kind: `${kind}, ${encoding}` };
  });

/** Random bytes and crafted MessagePack headers (extension types, lying lengths). */
export const rawBytesBody: fc.Arbitrary<FuzzBody> = fc
  .tuple(
    fc.constantFrom(...FUZZ_ENDPOINTS),
    fc.constantFrom('application/json' as const, 'application/msgpack' as const),
    fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 256 }),
      fc
        .tuple(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xc7, 0xdd, 0xdf, 0xdb))
        .map(([type, token]) => Uint8Array.from([0x81, 0xa1, 0x78, token, type, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0])),
    ),
  )
  .map(([endpoint, contentType, bytes]) => ({ endpoint, contentType, payload: Buffer.from(bytes), kind: 'raw bytes' }));

export const anyFuzzBody: fc.Arbitrary<FuzzBody> = fc.oneof(
  { weight: 4, arbitrary: fuzzBody },
  { weight: 1, arbitrary: rawBytesBody },
);

export interface FuzzOutcome {
  /** the HTTP status; for the stream, the status of its error event if it sent one */
  status: number;
  ms: number;
  /** the start of the reply, for a failure message */
  excerpt: string;
}

/** Sends one body through the app (no socket) and reports its outcome; rejects if it takes longer than `timeoutMs`. */
export async function sendFuzzBody(app: FastifyInstance, body: FuzzBody, timeoutMs: number): Promise<FuzzOutcome> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`hang: ${body.endpoint} (${body.kind}) did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    const response = await Promise.race([
      app.inject({
        method: 'POST',
        url: body.endpoint,
        headers: { 'content-type': body.contentType, accept: 'application/json' },
        payload: body.payload,
      }),
      hang,
    ]);
    let status = response.statusCode;
    const text = response.body;
    const streamError = /event: error\ndata: (.*)\n/.exec(text);
    if (status === 200 && streamError)
      status = (JSON.parse(streamError[1]) as { error: { status: number } }).error.status;
    return { status, ms: performance.now() - started, excerpt: text.slice(0, 300) };
  } finally {
    clearTimeout(timer);
  }
}
