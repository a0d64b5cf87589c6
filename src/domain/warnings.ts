// Every warning of a valid raw problem (MODEL.md section 6.4): mistakes that
// validate but change the answer silently. Each check reads the raw input
// (after validation, so the shapes are known good) and says what will happen.

import { nearestName } from './did-you-mean.js';
import { SUPPLIER_KINDS } from './problem.js';
import { unknownFieldWarnings } from './unknown-fields.js';
import { childPath } from './json-path.js';
import type { InputWarning } from './warning.js';

export type { InputWarning } from './warning.js';

/** Fewer scenarios than this in the CVaR tail make the risk measure rest on a handful of draws. */
export const MIN_TAIL_SCENARIOS = 20;
const DEFAULT_ALPHA = 0.95;

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): Raw[] => (Array.isArray(v) ? v.filter(isObject) : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const quoted = (values: Iterable<string>) => [...values].map((v) => `\`${v}\``).join(', ');
const suggestion = (name: string, known: Iterable<string>) => {
  const nearest = nearestName(name, [...known]);
  return nearest ? `; did you mean \`${nearest}\`?` : '';
};

export function problemWarnings(raw: unknown): InputWarning[] {
  if (!isObject(raw)) return [];
  return [
    ...unknownFieldWarnings(raw),
    ...destinationWarnings(raw),
    ...kindWarnings(raw),
    ...policyWarnings(raw),
    ...tailWarnings(raw),
  ];
}

/** A destination that a licence driver's approval does not name is refused in every scenario. */
function destinationWarnings(raw: Raw): InputWarning[] {
  const destination = text(raw.destination);
  const model = isObject(raw.scenarioModel) ? raw.scenarioModel : {};
  const out: InputWarning[] = [];
  list(model.drivers).forEach((driver, i) => {
    if (driver.type !== 'licence' || !isObject(driver.approval)) return;
    const named = Object.keys(driver.approval);
    if (destination !== undefined && named.includes(destination)) return;
    const id = text(driver.id) ?? `#${i}`;
    const what = destination === undefined ? 'no `destination` is given' : `destination \`${destination}\``;
    out.push({
      path: destination === undefined ? '$' : '$.destination',
      message:
        `${what} is not named in the approval of licence driver \`${id}\` (${quoted(named) || 'none'}), ` +
        `so that licence is refused in every scenario${destination === undefined ? '' : suggestion(destination, named)}`,
    });
  });
  return out;
}

function kindWarnings(raw: Raw): InputWarning[] {
  const known: readonly string[] = SUPPLIER_KINDS;
  const out: InputWarning[] = [];
  list(raw.suppliers).forEach((supplier, i) => {
    const kind = text(supplier.kind);
    if (kind === undefined || known.includes(kind)) return;
    out.push({
      path: `${childPath('$.suppliers', i)}.kind`,
      message: `kind \`${kind}\` is not one of the known kinds (${quoted(known)})${suggestion(kind, known)}`,
    });
  });
  return out;
}

/** A policy rule about a country, kind or material that no supplier has constrains nothing, or everything. */
function policyWarnings(raw: Raw): InputWarning[] {
  const suppliers = list(raw.suppliers);
  const offered = (group: (s: Raw) => boolean) =>
    new Set(suppliers.filter(group).flatMap((s) => list(s.offers).map((o) => text(o.material) ?? '')));
  const countries = new Set(suppliers.map((s) => text(s.country) ?? ''));
  const kinds = new Set(suppliers.map((s) => text(s.kind) ?? ''));
  const policy = isObject(raw.policy) ? raw.policy : {};
  const out: InputWarning[] = [];

  const check = (rule: 'maxShareByCountry' | 'minShareByKind', key: 'country' | 'kind', present: Set<string>) => {
    list(policy[rule]).forEach((entry, i) => {
      const path = childPath(`$.policy.${rule}`, i);
      const value = text(entry[key]) ?? '';
      const material = text(entry.material);
      const label = key === 'country' ? `in country \`${value}\`` : `of kind \`${value}\``;
      if (!present.has(value)) {
        out.push({
          path: `${path}.${key}`,
          message: `no supplier is ${label} (${key === 'country' ? 'countries' : 'kinds'} present: ${quoted(present) || 'none'})${suggestion(value, present)}`,
        });
        return;
      }
      if (material === undefined) return;
      if (!offered(() => true).has(material)) {
        out.push({ path: `${path}.material`, message: `no supplier offers material \`${material}\`` });
      } else if (!offered((s) => s[key] === value).has(material)) {
        out.push({ path: `${path}.material`, message: `no supplier ${label} offers material \`${material}\`` });
      }
    });
  };
  check('maxShareByCountry', 'country', countries);
  check('minShareByKind', 'kind', kinds);
  return out;
}

/** CVaR at alpha averages the worst (1 - alpha) of the scenarios: too few there and it is noise. */
function tailWarnings(raw: Raw): InputWarning[] {
  if (!isObject(raw.scenarioModel) || typeof raw.scenarioModel.count !== 'number') return [];
  const count = raw.scenarioModel.count;
  const alpha = isObject(raw.risk) && typeof raw.risk.alpha === 'number' ? raw.risk.alpha : DEFAULT_ALPHA;
  const tail = count * (1 - alpha);
  if (tail >= MIN_TAIL_SCENARIOS - 1e-9) return [];
  const needed = Math.ceil(MIN_TAIL_SCENARIOS / (1 - alpha) - 1e-9);
  return [
    {
      path: '$.scenarioModel.count',
      message:
        `${count} scenarios leave ${Number(tail.toPrecision(6))} in the CVaR tail at alpha ${alpha}, fewer than ${MIN_TAIL_SCENARIOS}: ` +
        `the risk figures rest on a few draws; use count >= ${needed}`,
    },
  ];
}
