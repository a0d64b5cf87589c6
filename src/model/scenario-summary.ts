// What a generated scenario set holds, told to the planner (issue 9, MODEL.md
// section 7): for each driver, how often it fired against its own odds, and
// for each frontier point, which scenarios form its CVaR tail and which
// drivers are over-represented there: the risks the point's CVaR measures.

import { OUTCOME, type DriverOutcomes, type Problem } from '../domain/problem.js';

/**
 * A driver is over-represented in a tail when its share of the tail is at
 * least this many times its share of all scenarios. 1.5 picks out a driver
 * that fires in one scenario in four overall and in three in eight of the
 * tail, and never one that fires everywhere (a yield driver).
 */
export const OVER_REPRESENTED_LIFT = 1.5;

export interface DriverSummary {
  id: string;
  type: DriverOutcomes['drivers'][number]['type'];
  /** id of the driver its `when` names */
  when?: string;
  /** scenarios where its condition held (every scenario without `when`) */
  active: number;
  /** scenarios where it fired (a licence: refused at the start or at a renewal) */
  fired: number;
  /** fired / active */
  firedShare: number;
  /** its own odds: 1 - approval[destination] for a licence (compare refusedShare), probability for a disruption or regime, 1 for yield and price */
  nominal: number;
  /** licence only: scenarios refused at the first application */
  refused?: number;
  /** licence only: refused / active, against nominal */
  refusedShare?: number;
}

export interface TailDriver {
  id: string;
  /** probability-weighted share of the tail in which the driver fired */
  tailShare: number;
  /** probability-weighted share of all scenarios in which it fired */
  overallShare: number;
  /** tailShare / overallShare (0 where it never fired) */
  lift: number;
}

export interface PointTail {
  /** index into the frontier */
  point: number;
  /** scenarios with weight in the CVaR tail (the costliest, up to a probability of 1 - alpha) */
  scenarios: number;
  drivers: TailDriver[];
  /** ids of drivers with lift >= OVER_REPRESENTED_LIFT, the most over-represented first */
  overRepresented: string[];
}

export interface ScenarioSummary {
  count: number;
  alpha: number;
  drivers: DriverSummary[];
  tails: PointTail[];
}

/**
 * The CVaR tail of one cost vector: the costliest scenarios whose probability
 * adds up to 1 - alpha, each with the weight it has in the CVaR (the last one
 * may count in part). Ties are broken by scenario order, as any is optimal.
 */
export function cvarTail(costs: number[], probabilities: number[], alpha: number): { index: number; weight: number }[] {
  const order = costs.map((_, k) => k).sort((a, b) => costs[b] - costs[a] || a - b);
  let remaining = 1 - alpha;
  const out: { index: number; weight: number }[] = [];
  for (const k of order) {
    // A tail mass within round-off of full stops the walk, so 0.05 of 20 equiprobable scenarios is one.
    if (remaining <= 1e-12) break;
    const weight = Math.min(probabilities[k], remaining);
    if (weight > 0) out.push({ index: k, weight });
    remaining -= weight;
  }
  return out;
}

export function summariseScenarios(
  problem: Problem,
  frontier: { scenarioCosts: number[] }[],
): ScenarioSummary | undefined {
  const outcomes = problem.driverOutcomes;
  if (outcomes === undefined) return undefined;
  const K = problem.scenarios.length;
  const pi = problem.scenarios.map((s) => s.probability);
  const firedIn = (j: number, k: number) => outcomes.outcomes[j][k] >= OUTCOME.fired;

  const drivers = outcomes.drivers.map((d, j): DriverSummary => {
    let active = 0;
    let fired = 0;
    let refused = 0;
    for (let k = 0; k < K; k++) {
      const o = outcomes.outcomes[j][k];
      if (o !== OUTCOME.inactive) active++;
      if (o >= OUTCOME.fired) fired++;
      if (o === OUTCOME.refused) refused++;
    }
    const share = (n: number) => (active > 0 ? n / active : 0);
    return {
      id: d.id,
      type: d.type,
      ...(d.when !== undefined ? { when: d.when } : {}),
      active,
      fired,
      firedShare: share(fired),
      nominal: d.nominal,
      ...(d.type === 'licence' ? { refused, refusedShare: share(refused) } : {}),
    };
  });

  const overall = outcomes.drivers.map((_, j) => pi.reduce((sum, p, k) => sum + (firedIn(j, k) ? p : 0), 0));
  const tails = frontier.map((point, i): PointTail => {
    const tail = cvarTail(point.scenarioCosts, pi, problem.risk.alpha);
    const mass = tail.reduce((sum, t) => sum + t.weight, 0);
    const tailDrivers = outcomes.drivers.map((d, j): TailDriver => {
      const tailShare = mass > 0 ? tail.reduce((sum, t) => sum + (firedIn(j, t.index) ? t.weight : 0), 0) / mass : 0;
      return {
        id: d.id,
        tailShare,
        overallShare: overall[j],
        lift: overall[j] > 0 ? tailShare / overall[j] : 0,
      };
    });
    const overRepresented = tailDrivers
      .filter((d) => d.tailShare > 0 && d.lift >= OVER_REPRESENTED_LIFT)
      .sort((a, b) => b.lift - a.lift)
      .map((d) => d.id);
    return { point: i, scenarios: tail.length, drivers: tailDrivers, overRepresented };
  });
  return { count: K, alpha: problem.risk.alpha, drivers, tails };
}
