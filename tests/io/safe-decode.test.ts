// Untrusted bytes to a value (issue 11): MessagePack extension types, BigInt,
// prototype keys, depth, list lengths, key counts and node counts are refused
// before or right after decoding, quickly, with the JSON path at fault; and a
// shared or cyclic value, should one ever reach the check, stops at the node
// limit instead of being walked once per path.

import { pack } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from '../../src/domain/limits.js';
import { checkDecodedValue, DecodedValueRefusal } from '../../src/io/check-decoded.js';
import { decodeProblemBytes, ProblemDecodeError } from '../../src/io/read-problem.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

function refusal(bytes: Uint8Array, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): ProblemDecodeError {
  try {
    decodeProblemBytes(bytes, undefined, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemDecodeError);
    return error as ProblemDecodeError;
  }
  throw new Error('expected the bytes to be refused');
}

const bytes = (...values: number[]) => Uint8Array.from(values);
/** {"x": <value bytes>} */
const mapX = (...value: number[]) => bytes(0x81, 0xa1, 0x78, ...value);

describe('MessagePack extension types', () => {
  it('refuses the structured-clone id (0x69) and pointer (0x70) extensions, naming the path', () => {
    // {"x": id(1) [pointer(1)]}: the 16-byte body that hung the service
    const error = refusal(mapX(0xd6, 0x69, 0, 0, 0, 1, 0x91, 0xd6, 0x70, 0, 0, 0, 1));
    expect(error.refused).toBe(true);
    expect(error.message).toMatch(/^The input is refused: \$\.x is a structured-clone id .*type 0x69/);
    expect(refusal(mapX(0xd6, 0x70, 0, 0, 0, 1)).message).toMatch(/\$\.x is a structured-clone pointer .*0x70/);
  });

  it('refuses every extension form (fixext 1-16, ext 8/16/32), not only the ones msgpackr defines', () => {
    const forms = [
      [0xd4, 0x01, 0],
      [0xd5, 0x01, 0, 0],
      [0xd7, 0x01, 0, 0, 0, 0, 0, 0, 0, 0],
      [0xd8, 0x01, ...new Array<number>(16).fill(0)],
      [0xc7, 1, 0x05, 0],
      [0xc8, 0, 1, 0x05, 0],
      [0xc9, 0, 0, 0, 1, 0x05, 0],
    ];
    for (const form of forms)
      expect(refusal(mapX(...form)).message).toMatch(
        /\$\.x is an extension value \(MessagePack extension type 0x0[15]\); extension types are refused/,
      );
  });

  it('refuses a record definition (msgpackr structures), a timestamp and binary data', () => {
    expect(refusal(mapX(0xd4, 0x72, 0x40)).message).toMatch(/record definition/);
    expect(refusal(mapX(0xd6, 0xff, 0, 0, 0, 0)).message).toMatch(/timestamp/);
    expect(refusal(mapX(0xc4, 1, 0)).message).toMatch(/\$\.x is binary data/);
  });

  it('refuses a BigInt extension and a 64-bit integer beyond 2^53 with the path', () => {
    expect(
      refusal(bytes(0x81, 0xa8, ...Buffer.from('problems'), 0xd7, 0x42, 0x7f, 255, 255, 255, 255, 255, 255, 255))
        .message,
    ).toMatch(/\$\.problems is a BigInt/);
    expect(refusal(mapX(0xcf, 0x7f, 255, 255, 255, 255, 255, 255, 255)).message).toMatch(
      /\$\.x is the integer 9223372036854775807, beyond \+-2\^53/,
    );
    // A safe 64-bit integer is a number, as JSON would give it.
    expect(decodeProblemBytes(mapX(0xcf, 0, 0, 0, 0, 0, 0, 0, 42))).toEqual({ x: 42 });
  });

  it('answers quickly: a 2^40-path DAG of id/pointer extensions is refused at its first extension', () => {
    const started = performance.now();
    const dag = [0x81, 0xa1, 0x78];
    for (let i = 40; i > 0; i--) dag.push(0xd6, 0x69, 0, 0, 0, i, 0x92);
    dag.push(0x01);
    for (let i = 0; i < 40; i++) dag.push(0xd6, 0x70, 0, 0, 0, i);
    expect(refusal(Uint8Array.from(dag)).message).toMatch(/0x69/);
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe('shape limits', () => {
  const tight: DecodeLimits = { maxDepth: 4, maxNodes: 50, maxArrayLength: 10, maxKeys: 5 };

  it('refuses nesting beyond maxDepth, in JSON before parsing and in MessagePack before decoding', () => {
    const deepJson = Buffer.from(`{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    expect(refusal(deepJson).message).toMatch(/nests deeper than 64 levels/);
    const deepPack = new Uint8Array([0x81, 0xa1, 0x61, ...new Array<number>(10_000).fill(0x91), 0x01]);
    expect(refusal(deepPack).message).toMatch(/nests deeper than 64 levels/);
    expect(refusal(Buffer.from('{"a":[[[[1]]]]}'), tight).message).toMatch(/nests deeper than 4 levels/);
  });

  it('refuses a list, a map or a document over its limit, and a length the bytes cannot hold', () => {
    expect(refusal(pack({ a: new Array(11).fill(1) }), tight).message).toMatch(
      /list at \$\.a has 11 entries, above the limit of 10/,
    );
    expect(refusal(Buffer.from(JSON.stringify({ a: new Array(11).fill(1) })), tight).message).toMatch(
      /list at \$\.a has 11/,
    );
    expect(refusal(pack({ a: { k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6 } }), tight).message).toMatch(
      /map at \$\.a has 6 keys/,
    );
    expect(
      refusal(
        pack({
          a: [
            [1, 2, 3, 4, 5, 6, 7, 8, 9],
            [1, 2, 3, 4, 5, 6, 7, 8, 9],
            [1, 2, 3, 4, 5, 6, 7, 8, 9],
            [1, 2, 3, 4, 5, 6, 7, 8, 9],
            [1, 2, 3, 4, 5, 6, 7, 8, 9],
            [1, 2, 3, 4, 5, 6, 7, 8, 9],
          ],
        }),
        tight,
      ).message,
    ).toMatch(/more than 50 values/);
    // array32 claiming 4 billion entries in 9 bytes: refused before msgpackr allocates anything
    const liar = refusal(mapX(0xdd, 0xff, 0xff, 0xff, 0xf0, 1));
    expect(liar.message).toMatch(/list at \$\.x has 4294967280 entries, above the limit/);
    expect(refusal(mapX(0xdd, 0, 0, 0, 5, 1)).message).toMatch(/claims more entries than the data holds/);
  });

  it('refuses prototype keys in both formats', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      expect(refusal(Buffer.from(`{"materials":[{"${key}":{"x":1}}]}`)).message).toMatch(
        new RegExp(`\\$\\.materials\\[0\\]\\.${key}: the key "${key}" is refused`),
      );
      const keyBytes = Buffer.from(key);
      expect(refusal(bytes(0x81, 0xa0 + keyBytes.length, ...keyBytes, 0x01)).message).toMatch(
        /is refused \(prototype pollution\)/,
      );
    }
  });

  it('still decodes a real problem in both formats unchanged', () => {
    const problem = sampleProblemInput();
    expect(decodeProblemBytes(pack(problem))).toEqual(problem);
    expect(decodeProblemBytes(Buffer.from(JSON.stringify(problem)))).toEqual(problem);
  });
});

describe('checkDecodedValue', () => {
  it('stops a DAG of 2^40 paths at the node limit instead of walking it', () => {
    let node: unknown = [1];
    for (let i = 0; i < 40; i++) node = [node, node];
    const started = performance.now();
    expect(() => checkDecodedValue({ x: node }, DEFAULT_DECODE_LIMITS)).toThrow(DecodedValueRefusal);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('stops a cycle at the node limit', () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    const limits = { ...DEFAULT_DECODE_LIMITS, maxDepth: 10_000_000 };
    expect(() => checkDecodedValue({ x: cyclic }, limits)).toThrow(/more than 2000000 values/);
  });

  it('refuses a BigInt, a Map and a Date with their paths', () => {
    expect(() => checkDecodedValue({ a: [1, 2n] }, DEFAULT_DECODE_LIMITS)).toThrow(/^\$\.a\[1\] is a BigInt/);
    expect(() => checkDecodedValue({ a: new Map() }, DEFAULT_DECODE_LIMITS)).toThrow(/\$\.a is a Map, not a map/);
    expect(() => checkDecodedValue({ a: new Date(0) }, DEFAULT_DECODE_LIMITS)).toThrow(/\$\.a is a Date/);
  });
});
