// `lodestone solve --analysis` and `lodestone explain` as a user runs them, on
// the hand-solved problem of tests/analysis (rp 300, vss 300, evpi 100).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lodestone } from '../helpers/cli.js';
import { handProblem } from '../analysis/hand-problem.js';

const dir = mkdtempSync(join(tmpdir(), 'lodestone-explain-'));

describe('lodestone explain', () => {
  it(
    'explains a solved result: limits in plain words, risk price, shortfall by scenario, VSS and EVPI',
    { timeout: 240_000 },
    () => {
      const problem = join(dir, 'hand.json');
      const result = join(dir, 'hand-result.json');
      writeFileSync(problem, JSON.stringify({ ...handProblem(), currency: 'EUR' }));
      const solved = lodestone('solve', problem, '--analysis', 'vss,evpi', '--backend', 'highs', '--out', result);
      expect(solved.code, solved.stderr).toBe(0);

      const cheapest = lodestone('explain', result);
      expect(cheapest.code, cheapest.stderr).toBe(0);
      // at the cheapest point all 10 motors come from Australia (30 EUR/kg), which has room for 20 kg:
      // nothing binds but the motor's own demand, so shortfall is nil and no offer limit is worth anything
      expect(cheapest.stdout).toContain('Point 0 of');
      expect(cheapest.stdout).toMatch(/VSS 300 EUR: planning for the scenarios/);
      expect(cheapest.stdout).toMatch(/EVPI 100 EUR: knowing in advance/);
      expect(cheapest.stdout).toContain('riskPrice');

      const bad = lodestone('explain', result, '--point', '9');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--point 9: the frontier has points 0 to/);
    },
  );

  it('rejects --analysis values it does not know', () => {
    const r = lodestone('solve', 'fixtures/us-motor-maker.json', '--analysis', 'vss,foo');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/must be vss, evpi or vss,evpi/);
  });
});
