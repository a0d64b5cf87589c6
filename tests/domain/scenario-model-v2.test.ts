// MODEL.md section 7 in the generator: effects, price and regime drivers,
// `when` conditions, licence quotas and re-application, and materials in
// driver targets. Statistics over 5,000 scenarios use tolerances of about
// four standard errors (a binomial share p over n draws: sqrt(p (1 - p) / n)),
// so a correct generator fails them about once in 15,000 runs.

import { describe, expect, it } from 'vitest';
import {
  OUTCOME,
  type MarketEvent,
  type Scenario,
  type SpotEvent,
  type SupplierEvent,
} from '../../src/domain/problem.js';
import {
  generateScenarioSet,
  type DriverInput,
  type LicenceDriver,
  type RegimeDriver,
} from '../../src/domain/scenario-model.js';

const N = 5000;
const T = 12;
const CN = { kind: 'chinese_licensed', materials: ['dy', 'tb'] };

const gen = (drivers: DriverInput[], count = N, seed = 11) =>
  generateScenarioSet({ count, seed, drivers }, { periods: T, destination: 'JP' });

const byDriver = (s: Scenario, id: string) => s.events.filter((e) => e.driver === id);
const supplierEvents = (s: Scenario, id: string) => byDriver(s, id).filter((e): e is SupplierEvent => 'target' in e);
/** four binomial standard errors of a share p over n draws */
const tol = (p: number, n: number) => 4 * Math.sqrt((p * (1 - p)) / n) + 1e-12;

const escalation: RegimeDriver = {
  id: 'escalation',
  type: 'regime',
  probability: 0.3,
  start: [3, 9],
  duration: [2, 4],
  effects: [{ market: 'dy', priceFactor: 1.8 }],
};
const licence = (extra: Partial<LicenceDriver> = {}): LicenceDriver => ({
  id: 'cn-licence',
  type: 'licence',
  target: CN,
  approval: { JP: 0.7 },
  ...extra,
});

describe('conditional drivers (when)', () => {
  const drivers: DriverInput[] = [
    escalation,
    licence({ id: 'calm', when: { driver: 'escalation', fired: false }, approval: { JP: 0.9 } }),
    licence({ id: 'tight', when: { driver: 'escalation', fired: true }, approval: { JP: 0.4 } }),
  ];
  const { scenarios, outcomes } = gen(drivers);
  const [regime, calm, tight] = outcomes.outcomes;

  it('a when-driver acts only in the scenarios its condition selects', () => {
    let fired = 0;
    for (let k = 0; k < N; k++) {
      const escalated = regime[k] === OUTCOME.fired;
      if (escalated) fired++;
      expect(tight[k] === OUTCOME.inactive).toBe(!escalated);
      expect(calm[k] === OUTCOME.inactive).toBe(escalated);
      // and its events appear only there
      if (!escalated) expect(byDriver(scenarios[k], 'tight')).toEqual([]);
      if (escalated) expect(byDriver(scenarios[k], 'calm')).toEqual([]);
    }
    expect(Math.abs(fired / N - 0.3)).toBeLessThan(tol(0.3, N));
  });

  it('fires at its own odds within sampling error where it acts', () => {
    const share = (o: Uint8Array, code: number) => {
      let active = 0;
      let hit = 0;
      for (const x of o) {
        if (x === OUTCOME.inactive) continue;
        active++;
        if (x === code) hit++;
      }
      return { share: hit / active, active };
    };
    const t = share(tight, OUTCOME.refused);
    expect(Math.abs(t.share - 0.6)).toBeLessThan(tol(0.6, t.active));
    const c = share(calm, OUTCOME.refused);
    expect(Math.abs(c.share - 0.1)).toBeLessThan(tol(0.1, c.active));
    expect(outcomes.drivers.map((d) => [d.id, d.nominal, d.when])).toEqual([
      ['escalation', 0.3, undefined],
      ['calm', 0.09999999999999998, 'escalation'],
      ['tight', 0.6, 'escalation'],
    ]);
  });

  it("a regime's effects cover exactly its window, labelled with it", () => {
    for (const s of scenarios.slice(0, 500)) {
      const events = byDriver(s, 'escalation') as MarketEvent[];
      expect(events.length).toBeLessThanOrEqual(1);
      for (const e of events) {
        expect(e.market).toBe('dy');
        expect(e.priceFactor).toBe(1.8);
        expect(e.fromPeriod).toBeGreaterThanOrEqual(3);
        expect(e.fromPeriod).toBeLessThanOrEqual(9);
        expect(e.toPeriod - e.fromPeriod + 1).toBeGreaterThanOrEqual(Math.min(2, T - e.fromPeriod + 1));
        expect(e.toPeriod - e.fromPeriod + 1).toBeLessThanOrEqual(4);
      }
    }
  });

  it('adding a conditional driver leaves every other driver’s events unchanged', () => {
    const base: DriverInput[] = [
      escalation,
      licence({ approvalDelay: [0, 2], validity: 4, renewal: 0.8, quota: [0.5, 1], reapply: [1, 3] }),
      { id: 'price', type: 'price', material: 'ndpr', factor: [0.8, 1.4], start: [1, 6] },
    ];
    const extra: DriverInput = licence({
      id: 'tight',
      when: { driver: 'escalation', fired: true },
      approval: { JP: 0.2 },
      validity: 3,
      reapply: [1, 2],
    });
    const before = gen(base, 800).scenarios;
    const after = gen([...base, extra], 800).scenarios;
    for (let k = 0; k < 800; k++) {
      for (const id of ['escalation', 'cn-licence', 'price'])
        expect(byDriver(after[k], id)).toEqual(byDriver(before[k], id));
    }
  });

  it('draws the same values whether or not its condition holds (its stream never shifts)', () => {
    // The same licence, conditional and unconditional, in the same position: where the
    // condition holds, both list exactly the same events in every scenario.
    const twin = licence({ approvalDelay: [0, 3], validity: 3, renewal: 0.7, quota: [0.4, 0.9], reapply: [1, 4] });
    const plain = gen([escalation, twin], 2000).scenarios;
    const cond = gen([escalation, { ...twin, when: { driver: 'escalation', fired: true } }], 2000);
    let compared = 0;
    for (let k = 0; k < 2000; k++) {
      if (cond.outcomes.outcomes[1][k] === OUTCOME.inactive) continue;
      compared++;
      expect(byDriver(cond.scenarios[k], 'cn-licence')).toEqual(byDriver(plain[k], 'cn-licence'));
    }
    expect(compared).toBeGreaterThan(400);
  });
});

describe('licence quota and re-application', () => {
  it('quota: one share per scenario, uniform in the range, while the licence holds', () => {
    const { scenarios } = gen([licence({ approval: { JP: 1 }, quota: [0.4, 0.7] })]);
    const quotas = scenarios.map((s) => {
      const events = supplierEvents(s, 'cn-licence');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ fromPeriod: 1, toPeriod: T, target: CN });
      return events[0].availability;
    });
    for (const q of quotas) {
      expect(q).toBeGreaterThanOrEqual(0.4);
      expect(q).toBeLessThanOrEqual(0.7);
    }
    const mean = quotas.reduce((a, b) => a + b, 0) / N;
    // uniform on [0.4, 0.7]: mean 0.55, sd 0.3 / sqrt(12)
    expect(Math.abs(mean - 0.55)).toBeLessThan((4 * 0.3) / Math.sqrt(12 * N));
    expect(Math.min(...quotas)).toBeLessThan(0.41);
    expect(Math.max(...quotas)).toBeGreaterThan(0.69);
  });

  it('reapply: after each refused renewal a gap in range, then a new licence of `validity` periods', () => {
    const V = 3;
    const { scenarios } = gen([
      licence({ approval: { JP: 1 }, validity: V, renewal: 0.5, reapply: [2, 4], quota: [0.8, 0.8] }),
    ]);
    const gaps = new Map<number, number>();
    let refusalsAfterGap = 0;
    for (const s of scenarios) {
      const events = supplierEvents(s, 'cn-licence').sort((a, b) => a.fromPeriod - b.fromPeriod);
      // holding windows at the quota and gaps at 0 alternate and tile periods 1..T
      let next = 1;
      let holdStart = 1;
      for (const e of events) {
        expect(e.fromPeriod).toBe(next);
        next = e.toPeriod + 1;
        if (e.availability === 0) {
          // a gap starts at a renewal: validity periods (or a multiple) after its licence began
          expect((e.fromPeriod - holdStart) % V).toBe(0);
          expect(e.fromPeriod - holdStart).toBeGreaterThanOrEqual(V);
          const length = e.toPeriod - e.fromPeriod + 1;
          if (e.toPeriod < T) {
            expect(length).toBeGreaterThanOrEqual(2);
            expect(length).toBeLessThanOrEqual(4);
          } else expect(length).toBeLessThanOrEqual(4);
          // the histogram counts only gaps that start where even the longest fits before T
          // (near the end a long gap is cut short, which would bias it)
          if (e.fromPeriod + 4 - 1 < T) gaps.set(length, (gaps.get(length) ?? 0) + 1);
          holdStart = e.toPeriod + 1;
          if (holdStart > 1 + V) refusalsAfterGap++;
        } else expect(e.availability).toBe(0.8);
      }
      expect(next).toBe(T + 1);
    }
    // every gap length in range shows up, about a third each
    const total = [...gaps.values()].reduce((a, b) => a + b, 0);
    expect([...gaps.keys()].sort()).toEqual([2, 3, 4]);
    for (const n of gaps.values()) expect(Math.abs(n / total - 1 / 3)).toBeLessThan(tol(1 / 3, total));
    // a re-applied licence is renewed or refused again
    expect(refusalsAfterGap).toBeGreaterThan(100);
  });

  it('a refusal at the first application stays final, with or without reapply', () => {
    const { scenarios, outcomes } = gen([licence({ approval: { JP: 0.5 }, validity: 3, reapply: [1, 1] })], 1000);
    scenarios.forEach((s, k) => {
      if (outcomes.outcomes[0][k] !== OUTCOME.refused) return;
      expect(supplierEvents(s, 'cn-licence')).toEqual([
        { target: CN, fromPeriod: 1, toPeriod: T, availability: 0, driver: 'cn-licence' },
      ]);
    });
  });
});

describe('effects and price drivers', () => {
  it('a licence adds its effects over exactly the periods it delivers nothing', () => {
    const d = licence({
      approvalDelay: [0, 3],
      validity: 4,
      renewal: 0.6,
      effects: [
        { spot: 'dy', priceFactor: 2.5, capacityFactor: 0.5 },
        { market: 'tb', priceFactor: 1.7 },
      ],
    });
    const { scenarios } = gen([d], 2000);
    let withEffects = 0;
    for (const s of scenarios) {
      const stops = supplierEvents(s, 'cn-licence').filter((e) => e.availability === 0);
      const spots = byDriver(s, 'cn-licence').filter((e): e is SpotEvent => 'spot' in e);
      const markets = byDriver(s, 'cn-licence').filter((e): e is MarketEvent => 'market' in e);
      const windows = (list: { fromPeriod: number; toPeriod: number }[]) => list.map((e) => [e.fromPeriod, e.toPeriod]);
      expect(windows(spots)).toEqual(windows(stops));
      expect(windows(markets)).toEqual(windows(stops));
      for (const e of spots) expect(e).toMatchObject({ spot: 'dy', priceFactor: 2.5, capacityFactor: 0.5 });
      for (const e of markets) expect(e).toMatchObject({ market: 'tb', priceFactor: 1.7 });
      if (stops.length > 0) withEffects++;
    }
    expect(withEffects).toBeGreaterThan(600);
  });

  it('a price driver lists one market event per scenario, factor and start in range', () => {
    const { scenarios, outcomes } = gen([
      { id: 'ndpr', type: 'price', material: 'ndpr', factor: [0.8, 1.5], start: [2, 5] },
    ]);
    const factors = scenarios.map((s) => {
      const [e, ...rest] = byDriver(s, 'ndpr') as MarketEvent[];
      expect(rest).toEqual([]);
      expect(e.market).toBe('ndpr');
      expect(e.toPeriod).toBe(T);
      expect(e.fromPeriod).toBeGreaterThanOrEqual(2);
      expect(e.fromPeriod).toBeLessThanOrEqual(5);
      return e.priceFactor;
    });
    expect(Math.min(...factors)).toBeGreaterThanOrEqual(0.8);
    expect(Math.max(...factors)).toBeLessThanOrEqual(1.5);
    const mean = factors.reduce((a, b) => a + b, 0) / N;
    expect(Math.abs(mean - 1.15)).toBeLessThan((4 * 0.7) / Math.sqrt(12 * N));
    expect(outcomes.outcomes[0].every((o) => o === OUTCOME.fired)).toBe(true);
  });

  it('drivers keep their target materials in every event they list', () => {
    const { scenarios } = gen(
      [
        licence({ approval: { JP: 0.5 } }),
        {
          id: 'mine',
          type: 'disruption',
          target: { suppliers: ['lynas'], materials: ['dy'] },
          probability: 0.5,
          availability: 0.2,
        },
      ],
      200,
    );
    for (const s of scenarios) {
      for (const e of supplierEvents(s, 'cn-licence')) expect(e.target).toEqual(CN);
      for (const e of supplierEvents(s, 'mine')) expect(e.target).toEqual({ suppliers: ['lynas'], materials: ['dy'] });
    }
  });
});
