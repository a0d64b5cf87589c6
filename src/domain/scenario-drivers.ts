// What one driver of a scenario model does in one scenario (MODEL.md sections
// 5 and 7): its draws, in the fixed order the reproducibility contract of
// scenario-model.ts documents, and the events they give. Kept apart from the
// generator's seeding and loop so each driver's rule reads on its own.

import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { EventTarget, MarketEvent, ScenarioEvent, SpotEvent, SupplierEvent } from './problem.js';

/** Inclusive range: integers for periods, reals for availabilities and factors. */
export type Range = [number, number];

/** A market effect of a driver: added while the driver's own events are in force (MODEL.md 7.1). */
export interface DriverEffect {
  spot?: string;
  market?: string;
  priceFactor?: number;
  capacityFactor?: number;
}

/** Acts only where an earlier licence, disruption or regime driver fired (or did not). */
export interface DriverCondition {
  driver: string;
  fired: boolean;
}

interface DriverBase {
  id: string;
  when?: DriverCondition;
}

export interface LicenceDriver extends DriverBase {
  type: 'licence';
  target: EventTarget;
  /** probability that the first licence is granted, by destination; missing = refused */
  approval: Record<string, number>;
  /** periods until a granted first licence arrives; default [0, 0] */
  approvalDelay?: Range;
  /** periods a licence lasts before a renewal; absent = the whole horizon */
  validity?: number;
  /** probability each renewal is granted; default 1 */
  renewal?: number;
  /** share of the ordered quantity a granted licence covers, drawn per scenario; absent = all of it */
  quota?: Range;
  /** gap in periods after a refused renewal before a new licence; absent = a refusal is final */
  reapply?: Range;
  effects?: DriverEffect[];
}

export interface DisruptionDriver extends DriverBase {
  type: 'disruption';
  target: EventTarget;
  probability: number;
  /** first disrupted period; default [1, T] */
  start?: Range;
  /** disrupted periods; absent = to the end of the horizon */
  duration?: Range;
  /** availability multiplier while disrupted; default 0 */
  availability?: number;
  effects?: DriverEffect[];
}

export interface YieldDriver extends DriverBase {
  type: 'yield';
  target: EventTarget;
  /** factor drawn uniformly in this real range, applied over the whole horizon */
  availability: Range;
}

export interface PriceDriver extends DriverBase {
  type: 'price';
  material: string;
  /** market factor drawn uniformly in this real range */
  factor: Range;
  /** first period of the factor, which holds to T; default [1, 1] */
  start?: Range;
}

export interface RegimeDriver extends DriverBase {
  type: 'regime';
  probability: number;
  /** first period; default [1, T] */
  start?: Range;
  /** periods; absent = to the end of the horizon */
  duration?: Range;
  effects?: DriverEffect[];
}

export type DriverInput = LicenceDriver | DisruptionDriver | YieldDriver | PriceDriver | RegimeDriver;

/** One driver in one scenario: its events, and whether it fired (MODEL.md 7.3). */
export interface DriverDraw {
  events: ScenarioEvent[];
  fired: boolean;
  /** a licence refused at the first application */
  refusedAtStart?: boolean;
}

/** Whether a driver of this type may be named in `when` (MODEL.md 7.3). */
export const CONDITION_TYPES: readonly DriverInput['type'][] = ['licence', 'disruption', 'regime'];

function copyTarget(target: EventTarget): EventTarget {
  const out: EventTarget = {};
  if (target.suppliers !== undefined) out.suppliers = [...target.suppliers];
  if (target.kind !== undefined) out.kind = target.kind;
  if (target.country !== undefined) out.country = target.country;
  if (target.materials !== undefined) out.materials = [...target.materials];
  return out;
}

function supplierEvent(
  d: { id: string; target: EventTarget },
  fromPeriod: number,
  toPeriod: number,
  availability: number,
): SupplierEvent {
  return { target: copyTarget(d.target), fromPeriod, toPeriod, availability, driver: d.id };
}

/** The driver's effects as spot or market events over one window of periods. */
function effectEvents(
  d: { id: string; effects?: DriverEffect[] },
  fromPeriod: number,
  toPeriod: number,
): ScenarioEvent[] {
  return (d.effects ?? []).map((e): SpotEvent | MarketEvent =>
    e.spot !== undefined
      ? {
          spot: e.spot,
          fromPeriod,
          toPeriod,
          priceFactor: e.priceFactor ?? 1,
          capacityFactor: e.capacityFactor ?? 1,
          driver: d.id,
        }
      : { market: e.market as string, fromPeriod, toPeriod, priceFactor: e.priceFactor ?? 1, driver: d.id },
  );
}

/** lo + (hi - lo) * u, kept inside [lo, hi] against round-off. */
function realIn([lo, hi]: Range, u: number): number {
  return Math.min(hi, Math.max(lo, lo + (hi - lo) * u));
}

export function licenceDraw(d: LicenceDriver, rng: RandomGenerator, T: number, destination: string): DriverDraw {
  const approval = Object.hasOwn(d.approval, destination) ? d.approval[destination] : 0;
  const [delayLo, delayHi] = d.approvalDelay ?? [0, 0];
  const renewal = d.renewal ?? 1;
  const V = d.validity;

  // Version-1 draws first, in their order; quota and re-application draws follow, a fixed count.
  const uGrant = uniformFloat64(rng);
  const delay = uniformInt(rng, delayLo, delayHi);
  const renewals = V === undefined ? 0 : Math.max(0, Math.floor((T - 1 - delay) / V));
  const uRenew: number[] = [];
  for (let r = 0; r < renewals; r++) uRenew.push(uniformFloat64(rng));
  const quota = d.quota === undefined ? 1 : realIn(d.quota, uniformFloat64(rng));
  const gaps: number[] = [];
  if (d.reapply !== undefined) {
    // Each re-application cycle takes at least one period, so T gaps and T renewals always suffice.
    for (let i = 0; i < T; i++) gaps.push(uniformInt(rng, d.reapply[0], d.reapply[1]));
    for (let i = 0; i < T; i++) uRenew.push(uniformFloat64(rng));
  }

  if (!(uGrant < approval)) {
    return { events: [supplierEvent(d, 1, T, 0), ...effectEvents(d, 1, T)], fired: true, refusedAtStart: true };
  }
  const events: ScenarioEvent[] = [];
  const blocked = (from: number, to: number) => {
    events.push(supplierEvent(d, from, to, 0), ...effectEvents(d, from, to));
  };
  const held = (from: number, to: number) => {
    if (quota !== 1 && from <= to) events.push(supplierEvent(d, from, to, quota));
  };
  if (delay >= 1) blocked(1, Math.min(delay, T));
  let fired = false;
  let holdFrom = delay + 1;
  let nextRenew = 0;
  let nextGap = 0;
  while (holdFrom <= T) {
    if (V === undefined) {
      held(holdFrom, T);
      break;
    }
    // Renewals granted in a row extend one holding window.
    let renewAt = holdFrom + V;
    while (renewAt <= T && uRenew[nextRenew] < renewal) {
      nextRenew++;
      renewAt += V;
    }
    held(holdFrom, Math.min(T, renewAt - 1));
    if (renewAt > T) break;
    nextRenew++;
    fired = true;
    if (d.reapply === undefined) {
      blocked(renewAt, T);
      break;
    }
    const gap = gaps[nextGap++];
    blocked(renewAt, Math.min(T, renewAt + gap - 1));
    holdFrom = renewAt + gap;
  }
  return { events, fired };
}

/** A disruption and a regime fire alike; a regime acts only through its effects (and `when`). */
function windowDraw(
  d: DisruptionDriver | RegimeDriver,
  rng: RandomGenerator,
  T: number,
): { fired: boolean; from: number; to: number } {
  const [startLo, startHi] = d.start ?? [1, T];
  const uFire = uniformFloat64(rng);
  const start = uniformInt(rng, startLo, startHi);
  const duration = d.duration === undefined ? undefined : uniformInt(rng, d.duration[0], d.duration[1]);
  const from = Math.max(1, start);
  const to = duration === undefined ? T : Math.min(T, start + duration - 1);
  return { fired: uFire < d.probability, from, to };
}

export function disruptionDraw(d: DisruptionDriver, rng: RandomGenerator, T: number): DriverDraw {
  const availability = d.availability ?? 0;
  const { fired, from, to } = windowDraw(d, rng, T);
  if (!fired || from > to) return { events: [], fired };
  const own = availability === 1 ? [] : [supplierEvent(d, from, to, availability)];
  return { events: [...own, ...effectEvents(d, from, to)], fired };
}

export function regimeDraw(d: RegimeDriver, rng: RandomGenerator, T: number): DriverDraw {
  const { fired, from, to } = windowDraw(d, rng, T);
  return { events: fired && from <= to ? effectEvents(d, from, to) : [], fired };
}

export function yieldDraw(d: YieldDriver, rng: RandomGenerator, T: number): DriverDraw {
  const factor = realIn(d.availability, uniformFloat64(rng));
  return factor === 1 ? { events: [], fired: false } : { events: [supplierEvent(d, 1, T, factor)], fired: true };
}

export function priceDraw(d: PriceDriver, rng: RandomGenerator, T: number): DriverDraw {
  const factor = realIn(d.factor, uniformFloat64(rng));
  const [startLo, startHi] = d.start ?? [1, 1];
  const start = uniformInt(rng, startLo, startHi);
  if (factor === 1 || start > T) return { events: [], fired: false };
  const event: MarketEvent = { market: d.material, fromPeriod: start, toPeriod: T, priceFactor: factor, driver: d.id };
  return { events: [event], fired: true };
}
