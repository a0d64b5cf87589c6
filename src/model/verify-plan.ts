// Checks a plan against every constraint of MODEL.md section 3, from the
// plan's own values and the problem data (never from solver row activities).
// A violation above 1e-6 relative to the constraint's magnitude is an error.

import type { Problem, ShareRule } from '../domain/problem.js';
import type { ScenarioEffects } from '../domain/scenario-effects.js';
import { buildUpperBound, capacityUpperBound, type FlatDesign } from './flat-designs.js';
import type { Plan } from './plan.js';

export const VERIFY_TOLERANCE = 1e-6;

export interface Violation {
  constraint: string;
  /** amount by which it is violated, in the constraint's units */
  amount: number;
}

export class PlanVerificationError extends Error {
  constructor(readonly violations: Violation[]) {
    super(
      `the solver's plan violates ${violations.length} constraint(s): ` +
        violations
          .slice(0, 5)
          .map((v) => `${v.constraint} by ${v.amount.toPrecision(3)}`)
          .join('; '),
    );
    this.name = 'PlanVerificationError';
  }
}

// The checks are module functions, not closures of findViolations: V8 optimises
// them once per thread instead of once per call (closures made anew on every
// call were compiled anew on every call, in the background, ~15 ms each).

/** value <= limit within tolerance relative to the magnitude of both sides; `name` is built only for a violation. */
function atMost(out: Violation[], name: () => string, value: number, limit: number, scale = 0): void {
  const excess = value - limit;
  const tol =
    VERIFY_TOLERANCE * Math.max(1, Math.abs(limit) === Infinity ? 0 : Math.abs(limit), Math.abs(value), scale);
  if (!(excess <= tol)) out.push({ constraint: name(), amount: excess });
}

/**
 * value >= 0. A bound's tolerance scales with the quantities the variable lives
 * among (its capacity, the demand it serves), as a solver's feasibility tolerance does.
 */
function nonNegative(out: Violation[], name: () => string, value: number, scale: number): void {
  atMost(out, name, -value, 0, Number.isFinite(scale) ? scale : 0);
}

export function findViolations(
  problem: Problem,
  effects: ScenarioEffects,
  designs: FlatDesign[],
  plan: Plan,
): Violation[] {
  const T = problem.periods;
  const K = problem.scenarios.length;
  const M = problem.materials.length;
  const P = problem.products.length;
  const O = problem.offers.length;
  const G = designs.length;
  const out: Violation[] = [];
  const period = (t: number) => `period ${t + 1}`;
  const scen = (k: number) => `scenario ${problem.scenarios[k].id}`;

  for (let o = 0; o < O; o++) {
    const offer = problem.offers[o];
    const who = () => `${problem.suppliers[offer.supplier].id}/${problem.materials[offer.material].id}`;
    for (let t = 0; t < T; t++) {
      const x = plan.orders[o * T + t];
      nonNegative(out, () => `order ${who()} ${period(t)} >= 0`, x, offer.capacity[t]);
      atMost(out, () => `order ${who()} ${period(t)} <= capacity`, x, offer.capacity[t]);
      if (t + 1 <= offer.leadTime) atMost(out, () => `order ${who()} ${period(t)} within lead time`, Math.abs(x), 0);
    }
  }

  for (let g = 0; g < G; g++) {
    const fd = designs[g];
    const c = plan.capacities[g];
    const name = `${problem.products[fd.product].id}/${fd.design.id}`;
    if (fd.design.capacityCost === null)
      atMost(out, () => `capacity ${name} exists only with capacityCost`, Math.abs(c), 0);
    else {
      nonNegative(out, () => `capacity ${name} >= 0`, c, capacityUpperBound(problem, fd));
      atMost(out, () => `capacity ${name} <= maxShare * peak demand`, c, capacityUpperBound(problem, fd));
    }
    for (let k = 0; k < K; k++) {
      for (let t = 0; t < T; t++) {
        const q = plan.build[(k * G + g) * T + t];
        nonNegative(out, () => `build ${name} ${period(t)} ${scen(k)} >= 0`, q, problem.products[fd.product].demand[t]);
        atMost(
          out,
          () => `build ${name} ${period(t)} ${scen(k)} <= maxShare * demand (0 before availableFrom)`,
          q,
          buildUpperBound(problem, fd, t + 1),
        );
        if (fd.design.capacityCost !== null)
          atMost(out, () => `build ${name} ${period(t)} ${scen(k)} <= tooled capacity`, q, c);
      }
    }
  }

  for (let k = 0; k < K; k++) {
    for (let m = 0; m < M; m++) {
      const mat = problem.materials[m].id;
      const market = problem.spot[m];
      const inv = problem.inventory[m];
      let previous = inv.initial;
      for (let t = 0; t < T; t++) {
        const i = (k * M + m) * T + t;
        const b = plan.spot[i];
        const stock = plan.stock[i];
        nonNegative(out, () => `spot ${mat} ${period(t)} ${scen(k)} >= 0`, b, market ? market.capacity : 0);
        atMost(
          out,
          () => `spot ${mat} ${period(t)} ${scen(k)} <= spot capacity`,
          b,
          market ? market.capacity * effects.capacityFactor[i] : 0,
        );
        nonNegative(
          out,
          () => `stock ${mat} ${period(t)} ${scen(k)} >= 0`,
          stock,
          Math.max(Math.abs(previous), inv.max === Infinity ? 0 : inv.max),
        );
        atMost(out, () => `stock ${mat} ${period(t)} ${scen(k)} <= max`, stock, inv.max);
        // balance: I[t] = I[t-1] + delivered + spot - used
        let inflow = b;
        for (let o = 0; o < O; o++)
          if (problem.offers[o].material === m)
            inflow += effects.offerAvailability[(k * O + o) * T + t] * plan.orders[o * T + t];
        let used = 0;
        for (let g = 0; g < G; g++)
          for (const line of designs[g].design.bom)
            if (line.material === m) used += line.perUnit * plan.build[(k * G + g) * T + t];
        const scale = Math.max(Math.abs(previous), inflow, used, Math.abs(stock));
        const imbalance = Math.abs(previous + inflow - used - stock);
        atMost(out, () => `stock balance ${mat} ${period(t)} ${scen(k)}`, imbalance, 0, scale);
        previous = stock;
      }
    }
    for (let p = 0; p < P; p++) {
      for (let t = 0; t < T; t++) {
        const u = plan.unmet[(k * P + p) * T + t];
        nonNegative(
          out,
          () => `unmet demand ${problem.products[p].id} ${period(t)} ${scen(k)} >= 0`,
          u,
          problem.products[p].demand[t],
        );
        let built = 0;
        for (let g = 0; g < G; g++) if (designs[g].product === p) built += plan.build[(k * G + g) * T + t];
        const demand = problem.products[p].demand[t];
        atMost(
          out,
          () => `demand ${problem.products[p].id} ${period(t)} ${scen(k)}: built + unmet = demand`,
          Math.abs(built + u - demand),
          0,
          demand,
        );
      }
    }
  }

  for (const rule of problem.policy.maxShareByCountry) checkShare(out, problem, effects, plan, rule, true);
  for (const rule of problem.policy.minShareByKind) checkShare(out, problem, effects, plan, rule, false);
  return out;
}

/** A share rule on expected deliveries: at most (by country, `upper`) or at least (by kind) its share. */
function checkShare(
  out: Violation[],
  problem: Problem,
  effects: ScenarioEffects,
  plan: Plan,
  rule: ShareRule,
  upper: boolean,
): void {
  const T = problem.periods;
  let group = 0;
  let all = 0;
  for (let o = 0; o < problem.offers.length; o++) {
    const offer = problem.offers[o];
    if (offer.material !== rule.material) continue;
    const supplier = problem.suppliers[offer.supplier];
    const member = (upper ? supplier.country : supplier.kind) === rule.group;
    for (let t = 0; t < T; t++) {
      const d = effects.expectedOfferAvailability[o * T + t] * plan.orders[o * T + t];
      all += d;
      if (member) group += d;
    }
  }
  const name = () =>
    `${rule.path}: ${upper ? 'at most' : 'at least'} ${rule.share} of expected ${problem.materials[rule.material].id} deliveries from ${rule.group}`;
  if (upper) atMost(out, name, group, rule.share * all, all);
  else atMost(out, name, rule.share * all, group, all);
}

export function verifyPlan(problem: Problem, effects: ScenarioEffects, designs: FlatDesign[], plan: Plan): void {
  const violations = findViolations(problem, effects, designs, plan);
  if (violations.length > 0) throw new PlanVerificationError(violations);
}
