import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { pack } from 'msgpackr';
import { encode } from '@msgpack/msgpack';
import { validateProblemInput } from '../../src/domain/validate.js';
import { decodeProblemBytes, ProblemDecodeError, readProblemFile } from '../../src/io/read-problem.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

function decodeError(run: () => unknown): ProblemDecodeError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemDecodeError);
    return error as ProblemDecodeError;
  }
  throw new Error('expected a ProblemDecodeError');
}

describe('decodeProblemBytes', () => {
  it('decodes JSON, sniffed from a leading brace after whitespace and a BOM', () => {
    const text = `\ufeff \n\t${JSON.stringify(sampleProblemInput())}`;
    expect(decodeProblemBytes(utf8(text))).toEqual(sampleProblemInput());
  });

  it('round-trips the sample problem through MessagePack', () => {
    expect(decodeProblemBytes(pack(sampleProblemInput()))).toEqual(sampleProblemInput());
    expect(decodeProblemBytes(pack(sampleProblemInput()), 'msgpack')).toEqual(sampleProblemInput());
  });

  it('reads MessagePack written by another encoder', () => {
    expect(decodeProblemBytes(encode(sampleProblemInput()))).toEqual(sampleProblemInput());
  });

  it('decodes 64-bit integers as numbers, as JSON would', () => {
    const bytes = Uint8Array.from([0x81, 0xa7, ...utf8('periods'), 0xcf, 0, 0, 0, 0, 0, 0, 0, 6]);
    expect(decodeProblemBytes(bytes)).toEqual({ periods: 6 });
  });

  it('passes NaN and Infinity through, for validation to name them', () => {
    const raw = sampleProblemInput();
    raw.products[0].shortfallPenalty = NaN;
    raw.spot![0].capacity = Infinity;
    const errors = validateProblemInput(decodeProblemBytes(pack(raw)));
    expect(errors.map((e) => e.path)).toEqual(['$.products[0].shortfallPenalty', '$.spot[0].capacity']);
  });

  it('reports malformed JSON as a JSON error', () => {
    const error = decodeError(() => decodeProblemBytes(utf8('{"periods": 12,')));
    expect(error.format).toBe('json');
    expect(error.message).toMatch(/^The input is not valid JSON: /);
  });

  it('uses the hint over sniffing', () => {
    expect(decodeError(() => decodeProblemBytes(pack({ periods: 1 }), 'json')).message).toContain('not valid JSON');
    expect(decodeError(() => decodeProblemBytes(utf8('{"periods": 1}'), 'msgpack')).message).toContain(
      'not valid MessagePack',
    );
  });

  it('reports garbage bytes as a MessagePack error', () => {
    for (const garbage of [
      utf8('hello world'),
      pack(sampleProblemInput()).subarray(0, 20),
      new Uint8Array(0),
      Uint8Array.from([0xc1]),
      utf8('7'),
    ]) {
      const error = decodeError(() => decodeProblemBytes(garbage));
      expect(error.format).toBe('msgpack');
      expect(error.message).toMatch(/^The input is not valid MessagePack: ./);
    }
  });

  it('says what a MessagePack document held instead of a map', () => {
    expect(decodeError(() => decodeProblemBytes(pack([1, 2]))).message).toContain('found an array');
  });
});

describe('readProblemFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lodestone-read-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads .json, .msgpack, .mpk and extension-less files', async () => {
    const files: [string, Uint8Array][] = [
      ['p.json', utf8(JSON.stringify(sampleProblemInput()))],
      ['p.msgpack', pack(sampleProblemInput())],
      ['p.mpk', pack(sampleProblemInput())],
      ['p', pack(sampleProblemInput())],
    ];
    for (const [name, bytes] of files) {
      await writeFile(join(dir, name), bytes);
      expect(await readProblemFile(join(dir, name))).toEqual(sampleProblemInput());
    }
  });

  it('decodes by extension and names the file in the error', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(path, pack(sampleProblemInput()));
    const error = await readProblemFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemDecodeError);
    expect((error as Error).message).toBe(`${path} is not valid JSON: ${(error as ProblemDecodeError).reason}`);
  });

  it('lets a missing file fail with the file system error', async () => {
    await expect(readProblemFile(join(dir, 'absent.json'))).rejects.toThrow(/ENOENT/);
  });
});
