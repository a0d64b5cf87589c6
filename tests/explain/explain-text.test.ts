// The plain-words explanations (src/explain/explain-text.ts) on a solved
// frontier whose binding limit is known: a licence-refusal problem where the
// Australian mine's capacity binds.

import { describe, expect, it } from 'vitest';
import { limitLines, riskAlongFrontier, safestBuildsLess, shortfallLines } from '../../src/explain/explain-text.js';
import { frontierOf, mustParse } from '../helpers/solve.js';
import { handProblem } from '../analysis/hand-problem.js';

/**
 * The hand problem with Australia's capacity cut to 6 kg in a 3-month plan: the
 * cheapest plan takes all 6 kg from Australia every month (30 EUR against the
 * 100 EUR penalty in the refused half), so one more kg/month of Australian
 * capacity saves money in every month, and the refused scenario is 4 motors
 * short per month.
 */
function tight() {
  const p = handProblem();
  return {
    ...p,
    currency: 'EUR',
    periods: 3,
    suppliers: [p.suppliers[0], { ...p.suppliers[1], offers: [{ material: 'ndfeb', unitCost: 30, capacity: 6 }] }],
    frontier: { points: 3 },
  };
}

describe('explain text', () => {
  it('names the binding offer in plain words, with its periods', async () => {
    const result = await frontierOf(mustParse(tight()), 'highs');
    const lines = limitLines(result.frontier[0], 'EUR', { unitOf: () => 'kg' });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0].sentence).toMatch(/^one more kg\/period of au ndfeb in periods 1-3 saves [\d,.]+ EUR/);
    const shortfall = shortfallLines({ ...result, currency: 'EUR' }, result.frontier[0]);
    expect(shortfall[0]).toMatch(
      /^refused, probability 0.5 \(chinese_licensed delivers 0% in periods 1-3\): [\d.]+ motor not built/,
    );
  });

  it('finds the knee and says when the safest point builds less', async () => {
    const result = await frontierOf(mustParse(tight()), 'highs');
    const risk = riskAlongFrontier({ ...result, currency: 'EUR' });
    expect(risk.steps[0].riskPrice).toBe(0);
    expect(risk.knee === null || risk.knee >= 1).toBe(true);
    const a = Object.values(result.frontier[0].unmetDemand).reduce((s, v) => s + v, 0);
    const b = Object.values(result.frontier.at(-1)!.unmetDemand).reduce((s, v) => s + v, 0);
    const less = safestBuildsLess({ ...result, currency: 'EUR' });
    if (b > a + 1e-6) expect(less).toMatch(/builds less/);
    else expect(less).toBeNull();
  });
});
