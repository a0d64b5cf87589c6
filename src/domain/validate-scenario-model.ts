// Semantic checks of a scenarioModel (MODEL.md section 7): the scenario count
// against the limit, unique driver ids, each driver's target and start window,
// and the version-2 fields: effects, `when` conditions and the price driver's
// material.

import { childPath } from './json-path.js';
import type { ProblemLimits } from './limits.js';
import { has, isId, isIntAtLeast, isObject, objectEntries, type Raw } from './raw-value.js';
import type { Context, Findings } from './semantic-findings.js';
import { checkTarget } from './validate-scenarios.js';

export function checkScenarioModel(model: unknown, ctx: Context, limits: ProblemLimits, found: Findings): void {
  if (!isObject(model)) return;
  if (isIntAtLeast(model.count, 1) && model.count > limits.maxScenarios) {
    found.add(
      '$.scenarioModel.count',
      `is ${model.count}, above the limit of ${limits.maxScenarios} scenarios`,
      'over_limit',
    );
  }
  const drivers = objectEntries(model.drivers);
  found.uniqueIds(drivers, '$.scenarioModel.drivers');
  for (const [d, driver] of drivers) {
    const path = childPath('$.scenarioModel.drivers', d);
    checkTarget(driver.target, ctx, `${path}.target`, found);
    checkDriverVersion2(
      driver,
      drivers.slice(
        0,
        drivers.findIndex(([i]) => i === d),
      ),
      ctx,
      path,
      found,
    );
    const start = driver.start;
    const windowed = driver.type === 'disruption' || driver.type === 'regime' || driver.type === 'price';
    if (windowed && ctx.T !== undefined && Array.isArray(start) && start.length === 2) {
      const [lo, hi] = start as unknown[];
      if (isIntAtLeast(lo, 1) && isIntAtLeast(hi, lo) && hi > ctx.T) {
        found.add(`${path}.start`, `must lie within periods 1..${ctx.T} (got [${lo}, ${hi}])`);
      }
    }
  }
}

/** Types whose firing a `when` may read (MODEL.md 7.3), and types that may carry effects (7.1). */
const CONDITION_TYPES = new Set(['licence', 'disruption', 'regime']);
const EFFECT_TYPES = CONDITION_TYPES;

/** MODEL.md section 7: effects, `when`, and the price driver's material. */
function checkDriverVersion2(driver: Raw, earlier: [number, Raw][], ctx: Context, path: string, found: Findings): void {
  if (driver.type === 'price') found.reference(driver.material, ctx.materials, `${path}.material`, 'material');
  if (driver.effects !== undefined && typeof driver.type === 'string' && !EFFECT_TYPES.has(driver.type)) {
    found.add(
      `${path}.effects`,
      `cannot be given on a ${driver.type} driver; only licence, disruption and regime drivers carry effects`,
    );
  }
  for (const [e, effect] of objectEntries(driver.effects)) {
    const at = childPath(`${path}.effects`, e);
    if (has(effect, 'spot') && has(effect, 'market')) {
      found.add(`${at}.market`, 'cannot be given together with spot; an effect is {spot, ...} or {market, ...}');
    } else if (!has(effect, 'spot') && !has(effect, 'market')) {
      found.add(at, 'must name a spot market (spot) or a market (market) by material id');
    }
    if (has(effect, 'market') && has(effect, 'capacityFactor')) {
      found.add(
        `${at}.capacityFactor`,
        'is a spot-effect field, but this effect names a market; a market has no capacity',
      );
    }
    found.reference(effect.spot, ctx.materials, `${at}.spot`, 'material');
    found.reference(effect.market, ctx.materials, `${at}.market`, 'material');
  }
  const when = driver.when;
  if (!isObject(when) || !isId(when.driver)) return;
  const named = earlier.find(([, other]) => other.id === when.driver);
  if (when.driver === driver.id) {
    found.add(`${path}.when.driver`, 'names the driver itself; a condition must name an earlier driver');
  } else if (named === undefined) {
    const later = isId(driver.id) ? ` (a driver listed after ${JSON.stringify(driver.id)} cannot be named)` : '';
    found.add(`${path}.when.driver`, `names no earlier driver "${when.driver}"${later}`);
  } else if (typeof named[1].type === 'string' && !CONDITION_TYPES.has(named[1].type)) {
    found.add(
      `${path}.when.driver`,
      `names ${named[1].type} driver "${when.driver}"; only a licence, disruption or regime driver can be named in when`,
    );
  }
}
