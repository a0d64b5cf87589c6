// The JSON Schemas of problems and results (generated from the zod schemas):
// the committed files are current, the problem schema agrees with the zod
// schema on every fixture and on hand-made broken inputs, a real result
// conforms to the result schema, and the service serves both.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemInputSchema } from '../../src/domain/schema.js';
import { JSON_SCHEMA_NAMES, jsonSchemaFileText, jsonSchemaOf } from '../../src/http/json-schemas.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';
import { frontierOf, mustParse } from '../helpers/solve.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ajv = new Ajv2020({ strict: false, allErrors: true });
const problemValid = ajv.compile(jsonSchemaOf('problem'));
const resultValid = ajv.compile(jsonSchemaOf('result'));

const read = (path: string): unknown => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
const jsonFiles = (dir: string) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.json'))
    .map((f) => `${dir}/${f}`);

describe('docs/schema/*.schema.json', () => {
  it.each(JSON_SCHEMA_NAMES)('%s.schema.json is what the zod schema generates (else: npm run schema)', (name) => {
    expect(readFileSync(join(ROOT, `docs/schema/${name}.schema.json`), 'utf8')).toBe(jsonSchemaFileText(name));
  });
});

describe('the problem JSON Schema', () => {
  it.each([...jsonFiles('fixtures'), ...jsonFiles('fixtures/bench')])('accepts %s', (file) => {
    const valid = problemValid(read(file));
    expect(problemValid.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  // Rules that need context (unknown ids, probability sums) are beyond a JSON Schema: those
  // files pass it and are refused by validation. Every field-level rule is in both.
  it.each(jsonFiles('fixtures/invalid'))('judges %s as the zod schema does', (file) => {
    const raw = read(file);
    expect(problemValid(raw)).toBe(ProblemInputSchema.safeParse(raw).success);
  });

  it('rejects the field-level mistakes of fixtures/invalid/bad-numbers.json', () => {
    expect(problemValid(read('fixtures/invalid/bad-numbers.json'))).toBe(false);
  });

  const broken: [string, (p: Record<string, unknown>) => void][] = [
    ['periods 0', (p) => (p.periods = 0)],
    ['periods not an integer', (p) => (p.periods = 2.5)],
    ['no materials', (p) => (p.materials = [])],
    ['a negative demand', (p) => ((p.products as { demand: unknown }[])[0].demand = -1)],
    ['no shortfallPenalty', (p) => delete (p.products as { shortfallPenalty?: number }[])[0].shortfallPenalty],
    ['alpha 1', (p) => (p.risk = { alpha: 1 })],
    [
      'a share above 1',
      (p) => ((p.policy as { maxShareByCountry: { share: number }[] }).maxShareByCountry[0].share = 2),
    ],
    ['a string for a number', (p) => ((p.spot as { capacity: unknown }[])[0].capacity = '200')],
  ];
  it.each(broken)('rejects %s, as the zod schema does', (_name, breakIt) => {
    const raw = sampleProblemInput() as unknown as Record<string, unknown>;
    expect(problemValid(raw)).toBe(true);
    breakIt(raw);
    expect(ProblemInputSchema.safeParse(raw).success).toBe(false);
    expect(problemValid(raw)).toBe(false);
  });
});

describe('the result JSON Schema', () => {
  it('accepts a real frontier result, warnings included', async () => {
    const result = await frontierOf(mustParse(read('fixtures/us-motor-maker.json')), 'highs', { points: 3 });
    const withWarnings = { ...result, warnings: [{ path: '$.horizon', message: 'unknown field `horizon` (ignored)' }] };
    const valid = resultValid(JSON.parse(JSON.stringify(withWarnings)));
    expect(resultValid.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(resultValid({ ...result, status: 'infeasible' })).toBe(false);
  });
});

describe('GET /v1/schema/{problem,result}', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ workers: 1 });
  });
  afterAll(() => server?.close());

  it.each(JSON_SCHEMA_NAMES)('serves the %s schema as the committed file', async (name) => {
    const response = await fetch(`${server.url}/v1/schema/${name}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/schema\+json/);
    expect(await response.text()).toBe(readFileSync(join(ROOT, `docs/schema/${name}.schema.json`), 'utf8'));
  });
});
