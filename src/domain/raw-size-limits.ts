// Size limits read off the raw input by counting list lengths, before the
// schema looks at a single field: validating 100k policy rules or 130k offers
// one by one costs hundreds of milliseconds of event loop and, with every
// entry invalid, as many error objects (issue 11). A problem refused here is
// refused in microseconds; what passes is checked again, exactly, on the
// normalised problem (src/model/prepare-problem.ts).

import type { ProblemLimits } from './limits.js';
import type { InputError } from './problem.js';

function lengthOf(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : 0;
}

function overLimit(path: string, what: string, value: number, limit: number, env: string): InputError {
  return {
    path,
    message: `has ${value} ${what}, above the limit of ${limit} (${env})`,
    code: 'over_limit',
  };
}

/** Limits a raw problem visibly breaks, each as an `over_limit` error; empty when none is broken. */
export function rawSizeErrors(raw: unknown, limits: ProblemLimits): InputError[] {
  const errors: InputError[] = [];
  const policy = field(raw, 'policy');
  const rules = lengthOf(field(policy, 'maxShareByCountry')) + lengthOf(field(policy, 'minShareByKind'));
  if (rules > limits.maxPolicyRules)
    errors.push(overLimit('$.policy', 'share rules', rules, limits.maxPolicyRules, 'LODESTONE_MAX_POLICY_RULES'));

  const scenarios = field(raw, 'scenarios');
  if (Array.isArray(scenarios)) {
    scenarios.forEach((scenario: unknown, k) => {
      const events = lengthOf(field(scenario, 'events'));
      if (events > limits.maxEventsPerScenario)
        errors.push(
          overLimit(
            `$.scenarios[${k}].events`,
            'events',
            events,
            limits.maxEventsPerScenario,
            'LODESTONE_MAX_EVENTS_PER_SCENARIO',
          ),
        );
    });
  }

  const suppliers = field(raw, 'suppliers');
  const offers = Array.isArray(suppliers)
    ? suppliers.reduce((sum: number, supplier: unknown) => sum + lengthOf(field(supplier, 'offers')), 0)
    : 0;
  const K = Array.isArray(scenarios)
    ? scenarios.length
    : Math.max(1, count(field(field(raw, 'scenarioModel'), 'count')));
  const T = Math.max(1, count(field(raw, 'periods')));
  // Products of three counts the caller chose: compared as doubles, exact far beyond any limit.
  const cube = K * T * offers;
  if (cube > limits.maxScenarioPeriodOffers)
    errors.push({
      path: '$.suppliers',
      message: `has ${offers} offers over ${T} periods and ${K} scenarios, ${cube} scenario-period-offers, above the limit of ${limits.maxScenarioPeriodOffers} (LODESTONE_MAX_SCENARIO_PERIOD_OFFERS)`,
      code: 'over_limit',
    });
  return errors;
}
