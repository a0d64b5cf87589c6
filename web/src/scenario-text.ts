// Scenario events in a planner's words, for the scenario panel: pure (no DOM),
// so it is tested in Node (tests/web/scenario-text.test.ts).

import type { Scenario } from './types.js';

// The page's own percent format (dom.ts), repeated so this file needs no DOM types: Node tests import it.
const shareFormat = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
const share = (v: number): string => shareFormat.format(v);

type Event = NonNullable<Scenario['events']>[number];

const periods = (e: { fromPeriod: number; toPeriod: number }) =>
  e.fromPeriod === e.toPeriod ? `period ${e.fromPeriod}` : `periods ${e.fromPeriod}\u2013${e.toPeriod}`;
const factor = (v: number) => `\u00d7${Number(v.toPrecision(3))}`;

/** One event in a planner's words: `periods 3-12: chinese_licensed [dy, tb] deliver 0% (cn-licence)`. */
export function describeEvent(e: Event): string {
  const by = e.driver ? ` (${e.driver})` : '';
  if ('market' in e) return `${periods(e)}: ${e.market} market price ${factor(e.priceFactor)}${by}`;
  if ('spot' in e) {
    const parts = [
      e.priceFactor !== 1 ? `price ${factor(e.priceFactor)}` : '',
      e.capacityFactor !== 1 ? `capacity ${factor(e.capacityFactor)}` : '',
    ].filter(Boolean);
    return `${periods(e)}: ${e.spot} spot ${parts.join(', ') || 'unchanged'}${by}`;
  }
  const t = e.target;
  const who =
    [t.suppliers?.join(', '), t.kind, t.country].filter((x): x is string => Boolean(x)).join(' / ') || 'every supplier';
  const what = t.materials ? ` [${t.materials.join(', ')}]` : '';
  return `${periods(e)}: ${who}${what} deliver ${share(e.availability)}${by}`;
}
