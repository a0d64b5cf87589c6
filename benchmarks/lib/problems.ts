// The problems the suite solves: the committed benchmark family
// (fixtures/bench/*.json), scaled variants from its generator, and tiny
// random LPs; each parsed once and failing loudly if invalid.

import { readFileSync } from 'node:fs';
import { parseProblem } from '../../src/domain/parse.js';
import type { Problem } from '../../src/domain/problem.js';
import { generateBenchProblem, type BenchSize } from '../generate-fixtures.js';

export type { BenchSize };
export const BENCH_SIZES: readonly BenchSize[] = ['small', 'medium', 'large'];

export function mustParse(raw: unknown, what: string): Problem {
  const parsed = parseProblem(raw);
  if (!parsed.ok)
    throw new Error(
      `${what} is not a valid problem: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    );
  return parsed.problem;
}

export function benchInput(size: BenchSize): unknown {
  return JSON.parse(readFileSync(new URL(`../../fixtures/bench/${size}.json`, import.meta.url), 'utf8'));
}

const cache = new Map<BenchSize, Problem>();

/** fixtures/bench/<size>.json, parsed (scenarios generated) once per process. */
export function benchProblem(size: BenchSize): Problem {
  let problem = cache.get(size);
  if (!problem) {
    problem = mustParse(benchInput(size), `fixtures/bench/${size}.json`);
    cache.set(size, problem);
  }
  return problem;
}

/** The benchmark family at `size` with `scenarios` generated scenarios. */
export function scaledProblem(size: BenchSize, scenarios: number): Problem {
  return mustParse(generateBenchProblem(size, scenarios), `bench ${size} with ${scenarios} scenarios`);
}
