// The CLI as a user runs it: a real process, real files, exit codes.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import type { ErrorDetail } from '../../src/service/errors.js';
import type { FrontierResult } from '../../src/frontier/solve-frontier.js';
import { CLI_ENTRY, lodestone, repoRoot } from '../helpers/cli.js';
import { parseJson } from '../helpers/json.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

const dir = mkdtempSync(join(tmpdir(), 'lodestone-cli-'));

describe('lodestone validate', () => {
  it('accepts a valid fixture and reports the LP size', () => {
    const r = lodestone('validate', 'fixtures/us-motor-maker.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/valid \(5 scenarios; LP \d+ rows, \d+ columns, \d+ non-zeros\)/);
  });

  it('prints every error as PATH: message and exits 2', () => {
    const r = lodestone('validate', 'fixtures/invalid/bad-numbers.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('$.suppliers[1].offers[0].capacity: must be a finite number >= 0');
    expect(r.stderr).toContain('$.products[0].demand: has 11 entries but periods is 12');
  });

  it('--json gives {valid, errors[{path, message}]}', () => {
    const r = lodestone('validate', 'fixtures/invalid/probabilities-not-one.json', '--json');
    expect(r.code).toBe(2);
    const body = parseJson<{ valid: boolean; errors: ErrorDetail[] }>(r.stdout);
    expect(body.valid).toBe(false);
    expect(body.errors[0]).toEqual({ path: '$.scenarios', message: expect.stringContaining('sum to') });
  });

  it('reads MessagePack files', () => {
    const file = join(dir, 'sample.msgpack');
    writeFileSync(file, pack(sampleProblemInput()));
    expect(lodestone('validate', file).code).toBe(0);
  });

  it('exits 2 with a clear message for a missing or garbled file', () => {
    const missing = lodestone('validate', join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const garbled = join(dir, 'garbled.json');
    writeFileSync(garbled, '{"periods": 3,');
    const r = lodestone('validate', garbled);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not valid JSON/);
  });
});

describe('lodestone solve', () => {
  it('writes the frontier to --out, with --points overriding the problem', () => {
    const out = join(dir, 'wind.json');
    const r = lodestone('solve', 'fixtures/wind-turbine-oem.json', '--points', '4', '--backend', 'highs', '--out', out);
    expect(r.code).toBe(0);
    const result = parseJson<FrontierResult>(readFileSync(out, 'utf8'));
    expect(result.status).toBe('optimal');
    expect(result.frontier).toHaveLength(4);
    expect(result.lp.columns).toBeGreaterThan(0);
    expect(result.solver.backend).toBe('highs');
    expect(result.scenarios.length).toBe(result.frontier[0].scenarioCosts.length);
  });

  it('exits 2 on an invalid problem and 2 on a bad option', () => {
    expect(lodestone('solve', 'fixtures/invalid/unknown-material.json').code).toBe(2);
    const r = lodestone('solve', 'fixtures/us-motor-maker.json', '--points', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('must be a whole number >= 2');
  });
});

describe('lodestone solve interrupted', () => {
  it('stops on Ctrl-C (SIGINT), writes nothing and exits 130', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'lodestone-sigint-')), 'never.json');
    const child = spawn(
      process.execPath,
      [...CLI_ENTRY, 'solve', 'fixtures/bench/medium.json', '--workers', '1', '--progress', '--out', out],
      { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    const firstPoint = new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/ 1\/\d+ points solved/.test(stderr)) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await firstPoint;
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('lodestone: interrupted; nothing was written');
    const total = / 1\/(\d+) points solved/.exec(stderr)![1];
    expect(stderr).not.toContain(`${total}/${total} points solved`);
    expect(existsSync(out)).toBe(false);
  }, 120_000);
});

describe('lodestone with no command, help and an unknown command', () => {
  it('lists every command in help, explains one, and exits 2 on a name it does not know', () => {
    const help = lodestone('--help');
    expect(help.code).toBe(0);
    const listed = [...help.stdout.matchAll(/^ {2}(\w+) \[options\]/gm)].map((m) => m[1]);
    expect(listed).toEqual(['solve', 'validate', 'export', 'explain', 'batch', 'worker']);
    const one = lodestone('help', 'worker');
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('Usage: lodestone worker');
    const unknown = lodestone('solv', 'fixtures/us-motor-maker.json');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'solv'");
  });
});

describe('lodestone export', () => {
  it('writes CPLEX LP and free MPS text', () => {
    const lp = lodestone('export', 'fixtures/us-motor-maker.json', '--format', 'lp');
    expect(lp.code).toBe(0);
    expect(lp.stdout).toMatch(/^min$/m);
    expect(lp.stdout).toContain('cost.k0');
    const mps = lodestone('export', 'fixtures/us-motor-maker.json', '--format', 'mps', '--point', 'safest');
    expect(mps.code).toBe(0);
    expect(mps.stdout).toMatch(/^ROWS/m);
    expect(mps.stdout).toMatch(/^COLUMNS/m);
  });
});
