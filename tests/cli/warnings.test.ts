// Warnings and limits on the command line, as a user meets them (issue 12):
// `validate --json` lists warnings, `solve` prints them on stderr and writes
// them into the result, `--strict` turns them into errors (exit 2), and
// `--backend jslp` on an LP it cannot handle is refused at once.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lodestone } from '../helpers/cli.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

const dir = mkdtempSync(join(tmpdir(), 'lodestone-cli-warnings-'));

/** The sample problem with `toolingCost` where `capacityCost` was meant. */
function misspelt(): string {
  const problem = sampleProblemInput();
  const eesm = problem.products[0].designs[1];
  Object.assign(eesm, { toolingCost: eesm.capacityCost });
  delete eesm.capacityCost;
  const file = join(dir, 'misspelt.json');
  writeFileSync(file, JSON.stringify(problem));
  return file;
}

const TOOLING = {
  path: '$.products[0].designs[1].toolingCost',
  message: 'unknown field `toolingCost`; did you mean `capacityCost`?',
};

describe('warnings on the command line', () => {
  it('validate --json lists them beside a valid problem; --strict makes them errors', () => {
    const file = misspelt();
    const lenient = lodestone('validate', file, '--json');
    expect(lenient.code).toBe(0);
    expect(JSON.parse(lenient.stdout)).toMatchObject({ valid: true, errors: [], warnings: [TOOLING] });
    const strict = lodestone('validate', file, '--json', '--strict');
    expect(strict.code).toBe(2);
    const body = JSON.parse(strict.stdout) as { valid: boolean; errors: { path: string }[] };
    expect(body.valid).toBe(false);
    expect(body.errors.map((e) => e.path)).toEqual([TOOLING.path]);
  });

  it('solve prints them on stderr and writes them into the result; --strict refuses to solve', () => {
    const file = misspelt();
    const out = join(dir, 'misspelt.result.json');
    const solved = lodestone('solve', file, '--points', '2', '--out', out);
    expect(solved.code).toBe(0);
    expect(solved.stderr).toContain(`warning: ${TOOLING.path}: ${TOOLING.message}`);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { warnings: unknown[] };
    expect(result.warnings).toEqual([TOOLING]);
    const strict = lodestone('solve', file, '--points', '2', '--strict');
    expect(strict.code).toBe(2);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toContain(`${TOOLING.path}: ${TOOLING.message} (strict)`);
  });
});

describe('--backend jslp', () => {
  it('is refused at once on an LP above its limit, naming the size and the limit', () => {
    const started = Date.now();
    const r = lodestone('solve', 'fixtures/eu-ev-maker.json', '--backend', 'jslp');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the LP has \d+ columns, above the 300 that backend jslp solves in reasonable time/);
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
