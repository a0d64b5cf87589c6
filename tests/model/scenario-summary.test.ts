// The scenario list and summary of a generated set (issue 9): every event
// keeps its driver label, the list replays as explicit scenarios to the same
// frontier, and scenarioSummary's counts, tails and over-represented drivers
// agree with what the list and the plans' own scenario costs say.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ProblemInput } from '../../src/domain/schema.js';
import { cvarTail, OVER_REPRESENTED_LIFT } from '../../src/model/scenario-summary.js';
import { expectRel, frontierOf, mustParse } from '../helpers/solve.js';

/** jp-ev-maker (every version-2 driver) with 40 scenarios, so a test solves it in seconds. */
function smallJp(): ProblemInput {
  const raw = JSON.parse(
    readFileSync(new URL('../../fixtures/jp-ev-maker.json', import.meta.url), 'utf8'),
  ) as ProblemInput;
  raw.scenarioModel!.count = 40;
  raw.frontier = { points: 4 };
  return raw;
}

describe('cvarTail', () => {
  it('takes the costliest scenarios up to 1 - alpha, the last in part', () => {
    // costs 10, 40, 20, 30 with p 0.1, 0.2, 0.3, 0.4; alpha 0.5: 40 (0.2) then 30 (0.3 of its 0.4)
    const tail = cvarTail([10, 40, 20, 30], [0.1, 0.2, 0.3, 0.4], 0.5);
    expect(tail.map((t) => t.index)).toEqual([1, 3]);
    expectRel(tail[1].weight, 0.3);
    // 20 equiprobable scenarios at alpha 0.95: exactly one, despite 1 - 0.95 = 0.04999...
    expect(
      cvarTail(
        Array.from({ length: 20 }, (_, k) => k),
        new Array<number>(20).fill(0.05),
        0.95,
      ),
    ).toHaveLength(1);
  });
});

describe('a generated set in the result', () => {
  it('summarises each driver, each point’s tail, and replays to the same frontier', async () => {
    const problem = mustParse(smallJp());
    const result = await frontierOf(problem, 'highs');
    const summary = result.scenarioSummary!;
    const K = result.scenarios.length;
    const T = problem.periods;
    expect(summary.count).toBe(K);

    // every listed event carries the driver that made it
    for (const s of result.scenarios) for (const e of s.events) expect(e.driver).toBeDefined();

    // counts read back from the list: a regime with effects fired where its events are;
    // a licence was refused at the start where it stops deliveries over 1..T
    const has = (id: string, pred: (e: (typeof result.scenarios)[number]['events'][number]) => boolean) =>
      result.scenarios.filter((s) => s.events.some((e) => e.driver === id && pred(e))).length;
    const driver = (id: string) => summary.drivers.find((d) => d.id === id)!;
    expect(driver('escalation').fired).toBe(has('escalation', () => true));
    for (const id of ['cn-licence', 'cn-licence-escalated']) {
      const refusedAtStart = has(
        id,
        (e) => 'target' in e && e.fromPeriod === 1 && e.toPeriod === T && e.availability === 0,
      );
      expect(driver(id).refused).toBe(refusedAtStart);
      expect(driver(id).refusedShare).toBeCloseTo(refusedAtStart / driver(id).active, 12);
    }
    // the two conditional licences split the scenarios by the regime
    expect(driver('cn-licence').active + driver('cn-licence-escalated').active).toBe(K);
    expect(driver('cn-licence-escalated').active).toBe(driver('escalation').fired);
    expect(driver('cn-licence').nominal).toBeCloseTo(0.25, 12);
    expect(driver('cn-licence-escalated').nominal).toBeCloseTo(0.65, 12);

    // each point's tail, recomputed from its own scenario costs
    expect(summary.tails).toHaveLength(result.frontier.length);
    result.frontier.forEach((point, i) => {
      const tail = summary.tails[i];
      const order = point.scenarioCosts.map((c, k) => [c, k]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
      const expectedCount = Math.round(K * (1 - problem.risk.alpha));
      expect(tail.scenarios).toBe(expectedCount);
      const inTail = new Set(order.slice(0, expectedCount).map(([, k]) => k));
      for (const d of tail.drivers) {
        const firedIn = (k: number) =>
          result.scenarios[k].events.some((e) => e.driver === d.id) || d.id === 'recycling-yield';
        if (d.id === 'cn-licence' || d.id === 'cn-licence-escalated' || d.id === 'lynas-outage') continue;
        const share = [...inTail].filter(firedIn).length / inTail.size;
        expectRel(d.tailShare, share, 1e-9);
      }
      const over = tail.drivers.filter((d) => d.tailShare > 0 && d.lift >= OVER_REPRESENTED_LIFT).map((d) => d.id);
      expect([...tail.overRepresented].sort()).toEqual(over.sort());
    });
    // the tail of this problem is where China refuses
    expect(summary.tails[0].overRepresented.some((id) => id.startsWith('cn-licence') || id === 'escalation')).toBe(
      true,
    );

    // replay: the list as explicit scenarios gives the same frontier and the same scenario costs
    const replay = {
      ...smallJp(),
      scenarioModel: undefined,
      scenarios: JSON.parse(JSON.stringify(result.scenarios)) as unknown,
    };
    const again = await frontierOf(mustParse(replay), 'highs');
    expect(again.scenarioSummary).toBeUndefined();
    expect(again.frontier).toHaveLength(result.frontier.length);
    again.frontier.forEach((point, i) => {
      expectRel(point.expectedCost, result.frontier[i].expectedCost, 1e-9);
      expectRel(point.cvar, result.frontier[i].cvar, 1e-9);
      point.scenarioCosts.forEach((c, k) => expectRel(c, result.frontier[i].scenarioCosts[k], 1e-9));
    });
  }, 300_000);
});
