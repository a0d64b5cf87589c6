// Every problem in a raw input at once (MODEL.md section 2), each as a JSON
// path and a sentence. Two passes whose results are merged:
// - the zod schema, for what a field can say about itself (types, signs,
//   integers, [0, 1] ranges), with zod's issues rewritten in plain English;
// - semantic checks over the raw value, for what needs context (ids and
//   references, lengths against `periods`, probability sums, limits). They
//   read the raw value defensively and skip whatever is malformed (zod has
//   already said so), so a negative number and an unknown material id in one
//   file are both reported.

import type { z } from 'zod';
import { DEFAULT_LIMITS, MAX_REPORTED_ERRORS, type ProblemLimits } from './limits.js';
import type { InputError } from './problem.js';
import { describeValue, ProblemInputSchema } from './schema.js';

export function validateProblemInput(raw: unknown, limits: ProblemLimits = DEFAULT_LIMITS): InputError[] {
  const structural = schemaErrors(raw);
  const reported = new Set(structural.map((e) => e.path));
  // A path zod already rejected is not reported twice in other words.
  const semantic = semanticErrors(raw, limits).filter((e) => !reported.has(e.path));
  const seen = new Set<string>();
  const all = [...structural, ...semantic].filter((e) => {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return capErrors(all);
}

/**
 * The first MAX_REPORTED_ERRORS errors and a count of the rest: 130k invalid
 * entries had made a reply too large to build (issue 11), and nobody reads
 * past the first hundred.
 */
function capErrors(errors: InputError[]): InputError[] {
  if (errors.length <= MAX_REPORTED_ERRORS) return errors;
  const rest = errors.length - MAX_REPORTED_ERRORS;
  return [
    ...errors.slice(0, MAX_REPORTED_ERRORS),
    {
      path: '$',
      message: `and ${rest} more error${rest === 1 ? '' : 's'} (only the first ${MAX_REPORTED_ERRORS} are listed)`,
    },
  ];
}

// ---------------------------------------------------------------- paths

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `$.a[0].b`, with keys that are not identifiers quoted: `bom["nd-pr"]`. */
export function childPath(base: string, key: PropertyKey): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  const name = String(key);
  return IDENTIFIER.test(name) ? `${base}.${name}` : `${base}[${JSON.stringify(name)}]`;
}

export function jsonPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((path, key) => childPath(path, key), '$');
}

// ---------------------------------------------------------------- zod pass

const EXPECTED: Record<string, string> = {
  object: 'an object',
  array: 'a list',
  tuple: 'a list',
  record: 'an object',
  string: 'a string',
  number: 'a finite number',
  int: 'an integer',
  boolean: 'true or false',
};

function quoteAll(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

// Fallback wording for issues whose schema gave no message of its own.
const englishIssue: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  const got = `(got ${describeValue(issue.input)})`;
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${EXPECTED[issue.expected] ?? issue.expected} ${got}`;
    case 'too_small':
      if (issue.origin === 'array')
        return `must have at least ${issue.minimum} ${issue.minimum === 1 ? 'entry' : 'entries'}`;
      if (issue.origin === 'string') return 'must not be empty';
      return `must be ${issue.inclusive ? '>=' : '>'} ${issue.minimum} ${got}`;
    case 'too_big':
      if (issue.origin === 'array')
        return `must have at most ${issue.maximum} ${issue.maximum === 1 ? 'entry' : 'entries'}`;
      return `must be ${issue.inclusive ? '<=' : '<'} ${issue.maximum} ${got}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])} ${got}`
        : `must be one of ${quoteAll(issue.values)} ${got}`;
    case 'invalid_union': {
      if (issue.discriminator === undefined) return `does not match any allowed form ${got}`;
      // zod puts the path on the discriminator but the input is its parent object.
      const value = (issue.input as Record<string, unknown> | undefined)?.[issue.discriminator];
      const options = quoteAll((issue.options as unknown[] | undefined) ?? []);
      return value === undefined
        ? `is required: one of ${options}`
        : `must be one of ${options} (got ${describeValue(value)})`;
    }
    default:
      return undefined;
  }
};

function schemaErrors(raw: unknown): InputError[] {
  const result = ProblemInputSchema.safeParse(raw, { error: englishIssue });
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: jsonPath(issue.path), message: issue.message }));
}

// ---------------------------------------------------------------- raw helpers

type Raw = Record<string, unknown>;

function isObject(value: unknown): value is Raw {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isIntAtLeast(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

function isFiniteNonNegative(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function has(object: Raw, key: string): boolean {
  return object[key] !== undefined;
}

/** Entries of a list that are objects, with their index; anything else is zod's to report. */
function objectEntries(value: unknown): [number, Raw][] {
  if (!Array.isArray(value)) return [];
  const out: [number, Raw][] = [];
  value.forEach((item, i) => {
    if (isObject(item)) out.push([i, item]);
  });
  return out;
}

/** Formats a sum so floating noise (0.9000000000000001) does not hide the real figure. */
function formatNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}

// ---------------------------------------------------------------- semantic pass

class Findings {
  readonly errors: InputError[] = [];

  add(path: string, message: string, code?: InputError['code']): void {
    this.errors.push(code ? { path, message, code } : { path, message });
  }

  /** Reports repeated ids; returns the first path of each id. */
  uniqueIds(entries: [number, Raw][], base: string, key = 'id'): Map<string, string> {
    const first = new Map<string, string>();
    for (const [i, entry] of entries) {
      const id = entry[key];
      if (!isId(id)) continue;
      const path = childPath(childPath(base, i), key);
      const earlier = first.get(id);
      if (earlier === undefined) first.set(id, path);
      else this.add(path, `duplicate id "${id}" (first at ${earlier})`);
    }
    return first;
  }

  /** Reports a reference to an id that is not defined; `known` undefined = the definitions are malformed, skip. */
  reference(value: unknown, known: Set<string> | undefined, path: string, what: string): void {
    if (known === undefined || !isId(value) || known.has(value)) return;
    const hint = known.size === 0 ? `no ${what} is defined` : known.size <= 8 ? `known: ${quoteAll([...known])}` : '';
    this.add(path, `names unknown ${what} "${value}"${hint ? ` (${hint})` : ''}`);
  }

  perPeriod(value: unknown, T: number | undefined, path: string): void {
    if (T === undefined || !Array.isArray(value) || value.length === T) return;
    this.add(path, `has ${value.length} ${value.length === 1 ? 'entry' : 'entries'} but periods is ${T}`);
  }

  periodWithin(value: unknown, T: number | undefined, path: string): void {
    if (T !== undefined && isIntAtLeast(value, 1) && value > T) {
      this.add(path, `is ${value}, after the last period (periods is ${T})`);
    }
  }
}

interface Context {
  T: number | undefined;
  materials: Set<string> | undefined;
  suppliers: Set<string> | undefined;
}

/**
 * Ids defined by a list, or undefined when the list or any entry's id is
 * malformed: the missing id might be the one a reference names, so reporting
 * references then would only echo zod's error at every use.
 */
function definedIds(list: unknown, absentMeansEmpty: boolean): Set<string> | undefined {
  if (list === undefined && absentMeansEmpty) return new Set();
  if (!Array.isArray(list)) return undefined;
  const ids = list.map((entry: unknown) => (isObject(entry) ? entry.id : undefined));
  return ids.every(isId) ? new Set(ids) : undefined;
}

function semanticErrors(raw: unknown, limits: ProblemLimits): InputError[] {
  if (!isObject(raw)) return [];
  const found = new Findings();
  const ctx: Context = {
    T: isIntAtLeast(raw.periods, 1) ? raw.periods : undefined,
    materials: definedIds(raw.materials, false),
    suppliers: definedIds(raw.suppliers, true),
  };
  if (ctx.T !== undefined && ctx.T > limits.maxPeriods) {
    found.add('$.periods', `is ${ctx.T}, above the limit of ${limits.maxPeriods} periods`, 'over_limit');
  }
  found.perPeriod(raw.periodLabels, ctx.T, '$.periodLabels');
  found.uniqueIds(objectEntries(raw.materials), '$.materials');
  checkProducts(raw.products, ctx, found);
  checkSuppliers(raw.suppliers, ctx, found);
  checkMaterialEntries(raw.inventory, '$.inventory', ctx, found);
  checkMaterialEntries(raw.spot, '$.spot', ctx, found);
  checkPolicy(raw.policy, ctx, found);
  if (has(raw, 'scenarios') && has(raw, 'scenarioModel')) {
    found.add(
      '$.scenarioModel',
      'cannot be given together with scenarios; give explicit scenarios or a scenarioModel, not both',
    );
  }
  checkScenarios(raw.scenarios, ctx, limits, found);
  checkScenarioModel(raw.scenarioModel, ctx, limits, found);
  const points = isObject(raw.frontier) ? raw.frontier.points : undefined;
  if (isIntAtLeast(points, 2) && points > limits.maxPoints) {
    found.add('$.frontier.points', `is ${points}, above the limit of ${limits.maxPoints} points`, 'over_limit');
  }
  return found.errors;
}

function checkProducts(products: unknown, ctx: Context, found: Findings): void {
  const entries = objectEntries(products);
  found.uniqueIds(entries, '$.products');
  for (const [p, product] of entries) {
    const base = childPath('$.products', p);
    found.perPeriod(product.demand, ctx.T, `${base}.demand`);
    const designs = objectEntries(product.designs);
    found.uniqueIds(designs, `${base}.designs`);
    for (const [d, design] of designs) {
      if (!isObject(design.bom)) continue;
      const bomPath = `${childPath(`${base}.designs`, d)}.bom`;
      for (const material of Object.keys(design.bom)) {
        found.reference(material, ctx.materials, childPath(bomPath, material), 'material');
      }
    }
  }
}

function checkSuppliers(suppliers: unknown, ctx: Context, found: Findings): void {
  const entries = objectEntries(suppliers);
  found.uniqueIds(entries, '$.suppliers');
  for (const [s, supplier] of entries) {
    const offersPath = `${childPath('$.suppliers', s)}.offers`;
    const firstOffer = new Map<string, string>();
    for (const [o, offer] of objectEntries(supplier.offers)) {
      const path = childPath(offersPath, o);
      found.reference(offer.material, ctx.materials, `${path}.material`, 'material');
      found.perPeriod(offer.capacity, ctx.T, `${path}.capacity`);
      if (!isId(offer.material)) continue;
      const earlier = firstOffer.get(offer.material);
      if (earlier === undefined) firstOffer.set(offer.material, path);
      else found.add(`${path}.material`, `offers material "${offer.material}" a second time (first at ${earlier})`);
    }
  }
}

/** inventory and spot: one entry per known material; inventory's initial stock within max. */
function checkMaterialEntries(list: unknown, base: string, ctx: Context, found: Findings): void {
  const first = new Map<string, string>();
  for (const [i, entry] of objectEntries(list)) {
    const path = childPath(base, i);
    found.reference(entry.material, ctx.materials, `${path}.material`, 'material');
    if (isId(entry.material)) {
      const earlier = first.get(entry.material);
      if (earlier === undefined) first.set(entry.material, path);
      else found.add(`${path}.material`, `duplicate entry for material "${entry.material}" (first at ${earlier})`);
    }
    if (isFiniteNonNegative(entry.initial) && isFiniteNonNegative(entry.max) && entry.initial > entry.max) {
      found.add(`${path}.initial`, `is ${entry.initial}, above max ${entry.max}`);
    }
  }
}

function checkPolicy(policy: unknown, ctx: Context, found: Findings): void {
  if (!isObject(policy)) return;
  for (const key of ['maxShareByCountry', 'minShareByKind']) {
    for (const [i, rule] of objectEntries(policy[key])) {
      found.reference(rule.material, ctx.materials, `${childPath(`$.policy.${key}`, i)}.material`, 'material');
    }
  }
}

function checkTarget(target: unknown, ctx: Context, path: string, found: Findings): void {
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

function checkScenarios(scenarios: unknown, ctx: Context, limits: ProblemLimits, found: Findings): void {
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

function checkScenarioModel(model: unknown, ctx: Context, limits: ProblemLimits, found: Findings): void {
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
