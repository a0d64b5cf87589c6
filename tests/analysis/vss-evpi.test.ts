// MODEL.md section 9 on a problem small enough to solve by hand, and
// cross-checked on random problems: eev >= rp >= ws, vss >= 0, evpi >= 0, and
// ws against each scenario solved as a problem of its own.

import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/vss-evpi.js';
import { randomProblemInput } from '../helpers/random-problem.js';
import { handProblem } from './hand-problem.js';
import { frontierOf, mustParse, relClose } from '../helpers/solve.js';

/**
 * One month, 10 motors (1 kg each, 100 EUR penalty per motor not built); a
 * Chinese refiner at 10 EUR/kg and an Australian mine at 30 EUR/kg, 20 kg each;
 * the licence is refused with probability 0.5 (China delivers nothing).
 * - rp: ordering c kg from China and a from Australia with c + a = 10 costs
 *   100 + 20a if granted and 1000 - 70a if refused: E = 550 - 25a, least at
 *   a = 10 (ordering more from China only adds cost): rp = 300.
 * - ev: China delivers half of any order on average (abar = 0.5) and is paid
 *   10 per kg delivered; 20 kg ordered deliver the 10 needed for 100: ev = 100,
 *   and that plan (c = 20, a = 0) is the only EV optimum.
 * - eev: that plan costs 200 if granted (all 20 kg delivered and paid, 10 kept
 *   in stock) and 1000 if refused (nothing built): eev = 600, vss = 300.
 * - ws: granted alone 10 kg from China, 100; refused alone 10 kg from
 *   Australia, 300: ws = 200, evpi = 100.
 */
describe('vss and evpi', () => {
  it('match the hand-computed values', async () => {
    const problem = mustParse(handProblem());
    const rp = (await frontierOf(problem, 'highs')).frontier[0].expectedCost;
    const a = await analyse(problem, ['vss', 'evpi'], rp);
    expect(a.rp).toBeCloseTo(300, 6);
    expect(a.ev).toBeCloseTo(100, 6);
    expect(a.eev).toBeCloseTo(600, 6);
    expect(a.vss).toBeCloseTo(300, 6);
    expect(a.ws).toBeCloseTo(200, 6);
    expect(a.evpi).toBeCloseTo(100, 6);
  });

  it('give only what was asked for', async () => {
    const problem = mustParse(handProblem());
    const vss = await analyse(problem, ['vss'], 300);
    expect(vss.ws).toBeUndefined();
    expect(vss.vss).toBeCloseTo(300, 6);
    const evpi = await analyse(problem, ['evpi'], 300);
    expect(evpi.eev).toBeUndefined();
    expect(evpi.evpi).toBeCloseTo(100, 6);
  });

  it('report eev and vss as null, naming the scenario, when the EV plan overflows the stock', async () => {
    // stock max 5: the EV plan's 20 kg all arrive when the licence is granted, 10 more than the 10 built
    const problem = mustParse(handProblem(5));
    const rp = (await frontierOf(problem, 'highs')).frontier[0].expectedCost;
    const a = await analyse(problem, ['vss'], rp);
    expect(a.ev).toBeCloseTo(100, 6);
    expect(a.eev).toBeNull();
    expect(a.vss).toBeNull();
    expect(a.notes.join(' ')).toContain('scenario granted fails');
  });

  for (const seed of [11, 12, 13, 14, 15, 16, 17, 18]) {
    it(
      `random problem ${seed}: eev >= rp >= ws, and ws from each scenario solved alone`,
      { timeout: 60_000 },
      async () => {
        // Without policy rules ws is a relaxation of rp. With them, scenario k alone weighs its shares by a[k]
        // (MODEL.md section 9), which can bind harder than abar: then evpi may be negative, and says why.
        const withPolicy = randomProblemInput(seed, { scenarios: 3 }) as Record<string, unknown>;
        const raw = { ...withPolicy, policy: undefined };
        const problem = mustParse(raw);
        const rp = (await frontierOf(problem, 'highs', { points: 2 })).frontier[0].expectedCost;
        const a = await analyse(problem, ['vss', 'evpi'], rp);
        const tol = 1e-7 * Math.max(1, Math.abs(rp));
        expect(a.evpi!).toBeGreaterThanOrEqual(-tol);
        expect(a.ws!).toBeLessThanOrEqual(rp + tol);
        const policed = mustParse(withPolicy);
        const rpPoliced = (await frontierOf(policed, 'highs', { points: 2 })).frontier[0].expectedCost;
        const b = await analyse(policed, ['vss', 'evpi'], rpPoliced);
        if (b.eev !== null) expect(b.eev!).toBeGreaterThanOrEqual(rpPoliced - tol);
        if (b.evpi! < 0) expect(b.notes.join(' ')).toContain('evpi is negative');
        if (a.eev !== null) {
          expect(a.vss!).toBeGreaterThanOrEqual(-tol);
          expect(a.eev!).toBeGreaterThanOrEqual(rp - tol);
        }
        // ws again: each scenario as a problem of its own, through the parser and the frontier
        let ws = 0;
        for (const scenario of problem.scenarios) {
          const alone = mustParse({
            ...raw,
            scenarios: [{ id: scenario.id, probability: 1, events: scenario.events }],
          });
          ws += scenario.probability * (await frontierOf(alone, 'highs', { points: 2 })).frontier[0].expectedCost;
        }
        expect(relClose(a.ws!, ws, 1e-6), `ws ${a.ws} vs ${ws}`).toBe(true);
      },
    );
  }
});
