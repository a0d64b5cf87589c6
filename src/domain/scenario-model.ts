// Generated scenarios (MODEL.md section 5): expands a `scenarioModel` into the
// explicit scenario list the rest of the engine uses, so a planner can audit,
// edit and replay it as `scenarios` with exactly the same availability.
//
// Randomness and draw order (the reproducibility contract; changing any of it
// changes every generated scenario set, so the tests pin a fingerprint):
//
// - Generator: pure-rand's xoroshiro128+ (32-bit integer arithmetic only, so
//   identical on every machine), seeded as its authors recommend, through
//   SplitMix64: the seed (a safe integer, taken as a 64-bit two's-complement
//   word x) gives s0 = splitmix64(x), s1 = splitmix64(next x), and the
//   128-bit state is (s0, s1), i.e. pure-rand state words
//   [hi32(s0), lo32(s0), hi32(s1), lo32(s1)] (BigInt arithmetic, exact).
//   Not pure-rand's own `xoroshiro128plus(seed)`, whose state is the raw
//   seed: for small seeds its first outputs are all close to 1 (s1 would
//   always refuse the licence) and neighbouring seeds give correlated draws.
// - One stream per driver: driver j (0-based, input order) draws from the
//   seeded generator jumped j times (each jump is 2^64 steps, so the streams
//   never overlap). A driver's draws therefore never depend on the other
//   drivers, and adding, removing or editing one driver leaves the draws of
//   the drivers before it unchanged (the ones after it keep theirs as long
//   as their position is unchanged).
// - Scenarios s1..sN are drawn in order, each consuming the next draws of
//   every driver's stream, so raising `count` keeps the first scenarios.
// - Primitive draws: a uniform real u in [0, 1) is pure-rand's uniformFloat64
//   (two 32-bit outputs, 26 + 27 bits, u = k / 2^53, exact in binary64); an
//   integer in [lo, hi] is pure-rand's uniformInt (rejection sampling, no
//   modulo bias). A probability p event happens when u < p.
// - Per scenario, each driver draws a fixed sequence whatever the outcomes
//   (so changing a probability never shifts a stream: the same uniforms are
//   just read against another threshold):
//     licence:    u_grant; D = int(approvalDelay); then one u_renew for each
//                 renewal period of the horizon given D, i.e.
//                 floor((T - 1 - D) / validity) of them (none without
//                 validity). Granted iff u_grant < approval[destination]
//                 (0 when the destination is missing); renewal r is refused
//                 iff u_renew[r] >= renewal, and only the first refusal counts.
//     disruption: u_fire; start = int(start); duration = int(duration) only
//                 when `duration` is given. Fires iff u_fire < probability.
//     yield:      u; factor = lo + (hi - lo) * u (clamped into [lo, hi]).
//
// Output: the minimal set of events per driver, no event for a no-op (a zero
// delay, a disruption that did not fire or leaves availability at 1, a yield
// factor of exactly 1, a disruption window starting after T or of duration
// 0). A delay D >= T gives one event 1..T at 0. Licence events are disjoint:
// 1..D at 0, then at most one P..T at 0 (P = D + r * validity + 1, the
// first refused renewal). Drawn reals are emitted unrounded: JSON round-trips
// binary64 exactly, so replaying the list reproduces availability bit for bit.

import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import type { EventTarget, Scenario, SupplierEvent } from './problem.js';

/** Inclusive range: integers for periods, reals for availabilities. */
export type Range = [number, number];

export interface LicenceDriver {
  id: string;
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
}

export interface DisruptionDriver {
  id: string;
  type: 'disruption';
  target: EventTarget;
  probability: number;
  /** first disrupted period; default [1, T] */
  start?: Range;
  /** disrupted periods; absent = to the end of the horizon */
  duration?: Range;
  /** availability multiplier while disrupted; default 0 */
  availability?: number;
}

export interface YieldDriver {
  id: string;
  type: 'yield';
  target: EventTarget;
  /** factor drawn uniformly in this real range, applied over the whole horizon */
  availability: Range;
}

export type DriverInput = LicenceDriver | DisruptionDriver | YieldDriver;

export interface ScenarioModelInput {
  count: number;
  seed: number;
  drivers: DriverInput[];
}

export interface ScenarioModelContext {
  periods: number;
  destination: string;
}

const MASK64 = (1n << 64n) - 1n;

/** One SplitMix64 step (Steele, Lea and Flood 2014): [next state, output], all mod 2^64. */
function splitmix64(x: bigint): [bigint, bigint] {
  const next = (x + 0x9e3779b97f4a7c15n) & MASK64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [next, z ^ (z >> 31n)];
}

/** A 64-bit word's high or low half as the signed 32-bit number pure-rand keeps in its state. */
function word32(v: bigint): number {
  return Number(BigInt.asIntN(32, v));
}

/** The seeded generator for driver 0 (see the header for the seed mapping). */
function seededGenerator(seed: number): JumpableRandomGenerator {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`scenarioModel.seed must be a safe integer, got ${seed}`);
  let x = BigInt.asUintN(64, BigInt(seed));
  let s0: bigint;
  let s1: bigint;
  [x, s0] = splitmix64(x);
  [x, s1] = splitmix64(x);
  // SplitMix64 is a bijection of its counter, so s0 and s1 are never both 0 (the forbidden state).
  return xoroshiro128plusFromState([word32(s0 >> 32n), word32(s0), word32(s1 >> 32n), word32(s1)]);
}

function checkIntRange(range: Range, min: number, what: string): void {
  const [lo, hi] = range;
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo < min || lo > hi) {
    throw new RangeError(`${what} must be an integer range [lo, hi] with ${min} <= lo <= hi, got [${lo}, ${hi}]`);
  }
}

function copyTarget(target: EventTarget): EventTarget {
  const out: EventTarget = {};
  if (target.suppliers !== undefined) out.suppliers = [...target.suppliers];
  if (target.kind !== undefined) out.kind = target.kind;
  if (target.country !== undefined) out.country = target.country;
  return out;
}

function event(driver: DriverInput, fromPeriod: number, toPeriod: number, availability: number): SupplierEvent {
  return { target: copyTarget(driver.target), fromPeriod, toPeriod, availability, driver: driver.id };
}

function licenceEvents(
  d: LicenceDriver,
  rng: JumpableRandomGenerator,
  T: number,
  destination: string,
): SupplierEvent[] {
  const approval = Object.hasOwn(d.approval, destination) ? d.approval[destination] : 0;
  const [delayLo, delayHi] = d.approvalDelay ?? [0, 0];
  const renewal = d.renewal ?? 1;

  const uGrant = uniformFloat64(rng);
  const delay = uniformInt(rng, delayLo, delayHi);
  const renewals = d.validity === undefined ? 0 : Math.max(0, Math.floor((T - 1 - delay) / d.validity));
  const uRenew: number[] = [];
  for (let r = 0; r < renewals; r++) uRenew.push(uniformFloat64(rng));

  if (!(uGrant < approval)) return [event(d, 1, T, 0)];
  const out: SupplierEvent[] = [];
  if (delay >= 1) out.push(event(d, 1, Math.min(delay, T), 0));
  for (let r = 1; r <= renewals; r++) {
    if (!(uRenew[r - 1] < renewal)) {
      out.push(event(d, delay + r * (d.validity as number) + 1, T, 0));
      break;
    }
  }
  return out;
}

function disruptionEvents(d: DisruptionDriver, rng: JumpableRandomGenerator, T: number): SupplierEvent[] {
  const [startLo, startHi] = d.start ?? [1, T];
  const availability = d.availability ?? 0;

  const uFire = uniformFloat64(rng);
  const start = uniformInt(rng, startLo, startHi);
  const duration = d.duration === undefined ? undefined : uniformInt(rng, d.duration[0], d.duration[1]);

  if (!(uFire < d.probability) || availability === 1) return [];
  const from = Math.max(1, start);
  const to = duration === undefined ? T : Math.min(T, start + duration - 1);
  return from <= to ? [event(d, from, to, availability)] : [];
}

function yieldEvents(d: YieldDriver, rng: JumpableRandomGenerator, T: number): SupplierEvent[] {
  const [lo, hi] = d.availability;
  const u = uniformFloat64(rng);
  const factor = Math.min(hi, Math.max(lo, lo + (hi - lo) * u));
  return factor === 1 ? [] : [event(d, 1, T, factor)];
}

function checkDriver(d: DriverInput, T: number, i: number): void {
  const where = `scenarioModel.drivers[${i}]`;
  switch (d.type) {
    case 'licence':
      if (d.approvalDelay !== undefined) checkIntRange(d.approvalDelay, 0, `${where}.approvalDelay`);
      if (d.validity !== undefined && !(Number.isSafeInteger(d.validity) && d.validity >= 1)) {
        throw new RangeError(`${where}.validity must be an integer >= 1, got ${d.validity}`);
      }
      return;
    case 'disruption':
      checkIntRange(d.start ?? [1, T], 1, `${where}.start`);
      if (d.duration !== undefined) checkIntRange(d.duration, 0, `${where}.duration`);
      return;
    case 'yield': {
      const [lo, hi] = d.availability;
      if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) {
        throw new RangeError(`${where}.availability must be a range [lo, hi] with lo <= hi, got [${lo}, ${hi}]`);
      }
      return;
    }
    default:
      throw new RangeError(`${where}.type is unknown: ${(d as { type: unknown }).type}`);
  }
}

/**
 * Expands a scenario model into `count` explicit, equiprobable scenarios
 * `s1`..`sN` (see the header for the draw order). Parameters are assumed
 * validated by the schema; structurally impossible ones throw a RangeError.
 */
export function generateScenarios(model: ScenarioModelInput, context: ScenarioModelContext): Scenario[] {
  const T = context.periods;
  if (!(Number.isSafeInteger(T) && T >= 1)) throw new RangeError(`periods must be an integer >= 1, got ${T}`);
  if (!(Number.isSafeInteger(model.count) && model.count >= 1)) {
    throw new RangeError(`scenarioModel.count must be an integer >= 1, got ${model.count}`);
  }
  model.drivers.forEach((d, i) => checkDriver(d, T, i));

  // One non-overlapping stream per driver: driver j gets the seeded generator jumped j times.
  const streams: JumpableRandomGenerator[] = [];
  let rng = seededGenerator(model.seed);
  for (let j = 0; j < model.drivers.length; j++) {
    streams.push(rng);
    rng = rng.clone();
    rng.jump();
  }

  const probability = 1 / model.count;
  const scenarios: Scenario[] = [];
  for (let k = 1; k <= model.count; k++) {
    const events: SupplierEvent[] = [];
    model.drivers.forEach((d, j) => {
      const stream = streams[j];
      switch (d.type) {
        case 'licence':
          events.push(...licenceEvents(d, stream, T, context.destination));
          break;
        case 'disruption':
          events.push(...disruptionEvents(d, stream, T));
          break;
        case 'yield':
          events.push(...yieldEvents(d, stream, T));
          break;
      }
    });
    scenarios.push({ id: `s${k}`, probability, events });
  }
  return scenarios;
}
