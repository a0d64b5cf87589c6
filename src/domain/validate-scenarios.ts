// Semantic checks of explicit scenarios (MODEL.md section 6): the scenario
// limit, unique ids, probabilities summing to 1, and each event's kind
// (supplier, spot or market), the ids it names and its period window. The
// target check is shared with scenario-model drivers (validate-scenario-model.ts).

import { childPath } from './json-path.js';
import type { ProblemLimits } from './limits.js';
import { has, isIntAtLeast, isObject, objectEntries, type Raw } from './raw-value.js';
import { describeValue } from './schema.js';
import type { Context, Findings } from './semantic-findings.js';
import { formatNumber } from './value-text.js';

export function checkTarget(target: unknown, ctx: Context, path: string, found: Findings): void {
  if (!isObject(target)) return;
  if (Array.isArray(target.suppliers)) {
    target.suppliers.forEach((id, i) =>
      found.reference(id, ctx.suppliers, childPath(`${path}.suppliers`, i), 'supplier'),
    );
  }
  // MODEL.md 6.1: an event may be scoped to some of the matched suppliers' materials.
  if (Array.isArray(target.materials)) {
    target.materials.forEach((id, i) =>
      found.reference(id, ctx.materials, childPath(`${path}.materials`, i), 'material'),
    );
  }
}

// MODEL.md 6.2: an event is exactly one of three kinds; `priceFactor` belongs to spot and market events alike.
const SUPPLIER_FIELDS = ['target', 'availability'] as const;
const SPOT_FIELDS = ['spot', 'priceFactor', 'capacityFactor'] as const;
const KINDS_SENTENCE =
  'an event is exactly one of a supplier event (target, availability), a spot event (spot, priceFactor, capacityFactor) or a market event (market, priceFactor)';

function checkEvent(event: Raw, ctx: Context, path: string, found: Findings): void {
  const supplierFields = SUPPLIER_FIELDS.filter((f) => has(event, f));
  const spotFields = SPOT_FIELDS.filter((f) => has(event, f));
  if (has(event, 'market')) {
    // `market` decides the kind; supplier-event and spot-only fields are the odd ones out.
    for (const f of [...supplierFields, ...spotFields.filter((f) => f !== 'priceFactor')]) {
      const owner = f === 'spot' || f === 'capacityFactor' ? 'spot-event' : 'supplier-event';
      found.add(
        `${path}.${f}`,
        `is a ${owner} field, but this event names market ${describeValue(event.market)}; ${KINDS_SENTENCE}`,
      );
    }
    found.reference(event.market, ctx.materials, `${path}.market`, 'material');
  } else if (has(event, 'spot')) {
    // `spot` decides the kind; the supplier-event fields are the odd ones out.
    for (const f of supplierFields) {
      found.add(
        `${path}.${f}`,
        `is a supplier-event field, but this event names spot ${describeValue(event.spot)}; ${KINDS_SENTENCE}`,
      );
    }
    found.reference(event.spot, ctx.materials, `${path}.spot`, 'material');
  } else if (spotFields.length > 0 && supplierFields.length > 0) {
    for (const f of spotFields) {
      found.add(
        `${path}.${f}`,
        `is a ${f === 'priceFactor' ? 'spot- or market-event' : 'spot-event'} field, but this event has ${supplierFields.join(' and ')}; ${KINDS_SENTENCE}`,
      );
    }
  } else if (spotFields.length > 0) {
    found.add(
      `${path}.spot`,
      `is required: the event has ${spotFields.join(' and ')}, so it is a spot event (or a market event, with market) and must name its material`,
    );
  }
  checkTarget(event.target, ctx, `${path}.target`, found);

  found.periodWithin(event.fromPeriod, ctx.T, `${path}.fromPeriod`);
  found.periodWithin(event.toPeriod, ctx.T, `${path}.toPeriod`);
  if (isIntAtLeast(event.fromPeriod, 1) && isIntAtLeast(event.toPeriod, 1) && event.toPeriod < event.fromPeriod) {
    found.add(`${path}.toPeriod`, `is ${event.toPeriod}, before fromPeriod ${event.fromPeriod}`);
  }
}

export function checkScenarios(scenarios: unknown, ctx: Context, limits: ProblemLimits, found: Findings): void {
  if (!Array.isArray(scenarios)) return;
  if (scenarios.length > limits.maxScenarios) {
    found.add(
      '$.scenarios',
      `has ${scenarios.length} scenarios, above the limit of ${limits.maxScenarios}`,
      'over_limit',
    );
  }
  const entries = objectEntries(scenarios);
  found.uniqueIds(entries, '$.scenarios');
  // The sum is only meaningful when every probability is a number; zod names the others.
  const probabilities = scenarios.map((s) => (isObject(s) ? s.probability : undefined));
  if (scenarios.length > 0 && probabilities.every((p) => typeof p === 'number' && Number.isFinite(p))) {
    const sum = (probabilities as number[]).reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > 1e-9) found.add('$.scenarios', `probabilities sum to ${formatNumber(sum)}, not 1`);
  }
  for (const [k, scenario] of entries) {
    const eventsPath = `${childPath('$.scenarios', k)}.events`;
    for (const [e, event] of objectEntries(scenario.events)) checkEvent(event, ctx, childPath(eventsPath, e), found);
  }
}
