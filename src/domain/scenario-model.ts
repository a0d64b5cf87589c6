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
//     price:      u; start = int(start) (default [1, 1]); factor = lo + (hi - lo) * u.
//     regime:     as a disruption.
//   Version-2 additions (MODEL.md section 7) come after a driver's version-1
//   draws and are a fixed count, so a version-1 model draws exactly as before:
//     licence quota:   one u after the renewals, quota = lo + (hi - lo) * u;
//     licence reapply: T gaps int(reapply), then T further u_renew, read in
//                      order as the re-applied licences come up for renewal.
//   A driver with `when` draws all of its values in every scenario and only
//   then looks at its condition, so a conditional driver never shifts any
//   stream and adding one never changes another driver's draws.
//
// Output: the minimal set of events per driver, no event for a no-op (a zero
// delay, a disruption that did not fire or leaves availability at 1, a yield
// or price factor of exactly 1, a disruption window starting after T or of
// duration 0). A delay D >= T gives one event 1..T at 0. Licence events are
// disjoint: 1..D at 0, then at most one P..T at 0 (P = D + r * validity + 1,
// the first refused renewal); with `reapply`, each refused renewal gives one
// gap at 0, and with `quota` each holding window one event at the quota.
// A driver's effects follow each of its events that stops deliveries (a
// licence) or each of its windows (a disruption or regime), over the same
// periods, labelled with the driver. Drawn reals are emitted unrounded: JSON
// round-trips binary64 exactly, so replaying the list reproduces
// availability and prices bit for bit.

import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { OUTCOME, type DriverOutcomes, type Scenario, type ScenarioEvent } from './problem.js';
import {
  disruptionDraw,
  licenceDraw,
  priceDraw,
  regimeDraw,
  yieldDraw,
  type DriverDraw,
  type DriverInput,
  type Range,
} from './scenario-drivers.js';

export type {
  DisruptionDriver,
  DriverInput,
  LicenceDriver,
  PriceDriver,
  Range,
  RegimeDriver,
  YieldDriver,
} from './scenario-drivers.js';

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
  const x = BigInt.asUintN(64, BigInt(seed));
  const [next, s0] = splitmix64(x);
  const [, s1] = splitmix64(next);
  // SplitMix64 is a bijection of its counter, so s0 and s1 are never both 0 (the forbidden state).
  return xoroshiro128plusFromState([word32(s0 >> 32n), word32(s0), word32(s1 >> 32n), word32(s1)]);
}

function checkIntRange(range: Range, min: number, what: string): void {
  const [lo, hi] = range;
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo < min || lo > hi) {
    throw new RangeError(`${what} must be an integer range [lo, hi] with ${min} <= lo <= hi, got [${lo}, ${hi}]`);
  }
}

function checkRealRange([lo, hi]: Range, what: string): void {
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) {
    throw new RangeError(`${what} must be a range [lo, hi] with lo <= hi, got [${lo}, ${hi}]`);
  }
}

function checkDriver(d: DriverInput, T: number, i: number): void {
  const where = `scenarioModel.drivers[${i}]`;
  switch (d.type) {
    case 'licence':
      if (d.approvalDelay !== undefined) checkIntRange(d.approvalDelay, 0, `${where}.approvalDelay`);
      if (d.validity !== undefined && !(Number.isSafeInteger(d.validity) && d.validity >= 1)) {
        throw new RangeError(`${where}.validity must be an integer >= 1, got ${d.validity}`);
      }
      if (d.quota !== undefined) checkRealRange(d.quota, `${where}.quota`);
      if (d.reapply !== undefined) checkIntRange(d.reapply, 1, `${where}.reapply`);
      return;
    case 'disruption':
      checkIntRange(d.start ?? [1, T], 1, `${where}.start`);
      if (d.duration !== undefined) checkIntRange(d.duration, 0, `${where}.duration`);
      return;
    case 'yield':
      checkRealRange(d.availability, `${where}.availability`);
      return;
    case 'price':
      checkRealRange(d.factor, `${where}.factor`);
      if (d.start !== undefined) checkIntRange(d.start, 1, `${where}.start`);
      return;
    case 'regime':
      checkIntRange(d.start ?? [1, T], 1, `${where}.start`);
      if (d.duration !== undefined) checkIntRange(d.duration, 0, `${where}.duration`);
      return;
    default:
      throw new RangeError(`${where}.type is unknown: ${String((d as { type: unknown }).type)}`);
  }
}

/** Generated scenarios and what each driver did in each of them (for the scenario summary). */
export interface GeneratedScenarios {
  scenarios: Scenario[];
  outcomes: DriverOutcomes;
}

/**
 * Expands a scenario model into `count` explicit, equiprobable scenarios
 * `s1`..`sN` (see the header for the draw order). Parameters are assumed
 * validated by the schema; structurally impossible ones throw a RangeError.
 */
export function generateScenarios(model: ScenarioModelInput, context: ScenarioModelContext): Scenario[] {
  return generateScenarioSet(model, context).scenarios;
}

export function generateScenarioSet(model: ScenarioModelInput, context: ScenarioModelContext): GeneratedScenarios {
  const T = context.periods;
  if (!(Number.isSafeInteger(T) && T >= 1)) throw new RangeError(`periods must be an integer >= 1, got ${T}`);
  if (!(Number.isSafeInteger(model.count) && model.count >= 1)) {
    throw new RangeError(`scenarioModel.count must be an integer >= 1, got ${model.count}`);
  }
  model.drivers.forEach((d, i) => checkDriver(d, T, i));
  const position = new Map(model.drivers.map((d, j) => [d.id, j]));
  const conditionOn = model.drivers.map((d, j) => {
    if (d.when === undefined) return -1;
    const i = position.get(d.when.driver);
    if (i === undefined || i >= j) {
      throw new RangeError(`scenarioModel.drivers[${j}].when.driver must name an earlier driver, got ${d.when.driver}`);
    }
    return i;
  });

  // One non-overlapping stream per driver: driver j gets the seeded generator jumped j times.
  const streams: JumpableRandomGenerator[] = [];
  let rng = seededGenerator(model.seed);
  for (let j = 0; j < model.drivers.length; j++) {
    streams.push(rng);
    rng = rng.clone();
    rng.jump();
  }

  const outcomes = model.drivers.map(() => new Uint8Array(model.count));
  const probability = 1 / model.count;
  const scenarios: Scenario[] = [];
  for (let k = 1; k <= model.count; k++) {
    const events: ScenarioEvent[] = [];
    model.drivers.forEach((d, j) => {
      const draw = drawDriver(d, streams[j], T, context.destination);
      // Drawn in full first: the condition decides only whether the draws act.
      const c = conditionOn[j];
      if (c >= 0) {
        const fired = outcomes[c][k - 1] >= OUTCOME.fired;
        if (fired !== (d.when as { fired: boolean }).fired) {
          outcomes[j][k - 1] = OUTCOME.inactive;
          return;
        }
      }
      events.push(...draw.events);
      outcomes[j][k - 1] = draw.refusedAtStart ? OUTCOME.refused : draw.fired ? OUTCOME.fired : OUTCOME.quiet;
    });
    scenarios.push({ id: `s${k}`, probability, events });
  }
  return {
    scenarios,
    outcomes: {
      drivers: model.drivers.map((d) => ({
        id: d.id,
        type: d.type,
        nominal: nominalOdds(d, context.destination),
        ...(d.when !== undefined ? { when: d.when.driver } : {}),
      })),
      outcomes,
    },
  };
}

function drawDriver(d: DriverInput, stream: JumpableRandomGenerator, T: number, destination: string): DriverDraw {
  switch (d.type) {
    case 'licence':
      return licenceDraw(d, stream, T, destination);
    case 'disruption':
      return disruptionDraw(d, stream, T);
    case 'yield':
      return yieldDraw(d, stream, T);
    case 'price':
      return priceDraw(d, stream, T);
    case 'regime':
      return regimeDraw(d, stream, T);
  }
}

/** The odds a driver fires on its own (where its condition holds): a licence's first refusal, 1 - approval. */
function nominalOdds(d: DriverInput, destination: string): number {
  switch (d.type) {
    case 'licence':
      return 1 - (Object.hasOwn(d.approval, destination) ? d.approval[destination] : 0);
    case 'disruption':
    case 'regime':
      return d.probability;
    default:
      return 1;
  }
}
