// Test shortcuts: parse a raw problem (failing loudly if invalid) and solve its frontier in-process.

import { parseProblem } from '../../src/domain/parse.js';
import type { Problem } from '../../src/domain/problem.js';
import { LocalExecutor } from '../../src/frontier/local-executor.js';
import { solveFrontier, type FrontierOptions } from '../../src/frontier/solve-frontier.js';

export function mustParse(raw: unknown): Problem {
  const parsed = parseProblem(raw);
  if (!parsed.ok)
    throw new Error(`invalid test problem: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return parsed.problem;
}

export async function frontierOf(problem: Problem, backend = 'highs', options: FrontierOptions = {}) {
  const executor = LocalExecutor.create(problem, { backend, solveTimeLimitSec: 60 });
  try {
    return await solveFrontier(problem, executor, options);
  } finally {
    await executor.close();
  }
}

/** Relative closeness, as the acceptance criteria state it. */
export function relClose(a: number, b: number, tol = 1e-6): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Asserts a value within 1e-6 relative (the acceptance tolerance), with a readable failure. */
export function expectRel(actual: number, expected: number, tol = 1e-6): void {
  if (!relClose(actual, expected, tol))
    throw new Error(`expected ${actual} to be within ${tol} relative of ${expected}`);
}
