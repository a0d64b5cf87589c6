// A frontier result's explanations (MODEL.md sections 8 and 9) in plain
// words, for `lodestone explain` and the explorer's "what limits this plan"
// panel alike: the binding limits ranked by what one more unit saves, the
// price of risk along the frontier and its knee, shortfall by scenario, and
// what VSS and EVPI mean. Pure functions of the result (no I/O), so the page
// and the CLI say the same thing.

import type { AnalysisResult } from '../analysis/analysis-types.js';
import type { Scenario } from '../domain/problem.js';
import type { ReportedPoint } from '../frontier/reported-point.js';

export interface ExplainableResult {
  currency: string;
  frontier: ReportedPoint[];
  scenarios: Scenario[];
  analysis?: AnalysisResult;
}

export interface ExplainOptions {
  /** a material's unit ("kg"); default "unit" */
  unitOf?: (material: string) => string;
  /** a period's name (1-based); default "period t" */
  periodName?: (t: number) => string;
}

export interface LimitLine {
  /** offers | spot | inventory | designs | policy */
  kind: string;
  /** the largest per-unit value of the limit's rows */
  value: number;
  sentence: string;
}

const money = (v: number, currency: string) => {
  const abs = Math.abs(v);
  const digits = abs >= 100 ? 0 : abs >= 1 ? 2 : 4;
  return `${v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })} ${currency}`;
};
const amount = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: v >= 100 ? 0 : 2 });

/** Consecutive periods whose values lie within 5% of each other, as runs. */
function periodRuns(
  entries: { period: number; value: number }[],
): { from: number; to: number; lo: number; hi: number }[] {
  const sorted = [...entries].sort((a, b) => a.period - b.period);
  const runs: { from: number; to: number; lo: number; hi: number }[] = [];
  for (const e of sorted) {
    const last = runs.at(-1);
    if (last && e.period === last.to + 1 && Math.max(last.hi, e.value) <= 1.05 * Math.min(last.lo, e.value)) {
      last.to = e.period;
      last.lo = Math.min(last.lo, e.value);
      last.hi = Math.max(last.hi, e.value);
    } else runs.push({ from: e.period, to: e.period, lo: e.value, hi: e.value });
  }
  return runs;
}

function periodsText(from: number, to: number, name: (t: number) => string): string {
  if (from === to) return `in ${name(from)}`;
  const first = name(from);
  // "period 4" .. "period 9" reads "in periods 4-9"; labels ("Apr 2026") read "in Apr 2026-Sep 2026"
  return first.startsWith('period ') ? `in periods ${from}-${to}` : `in ${first}-${name(to)}`;
}

function savesText(lo: number, hi: number, currency: string): string {
  return lo === hi || hi - lo < 1e-9 * hi
    ? `saves ${money(hi, currency)} each`
    : `saves ${money(lo, currency)} to ${money(hi, currency)} each`;
}

/** The point's binding limits, largest value first, each in one sentence. */
export function limitLines(point: ReportedPoint, currency: string, options: ExplainOptions = {}): LimitLine[] {
  const values = point.marginalValues;
  if (!values) return [];
  const unitOf = options.unitOf ?? (() => 'unit');
  const name = options.periodName ?? ((t: number) => `period ${t}`);
  const lines: LimitLine[] = [];

  const offerGroups = new Map<
    string,
    { supplier: string; material: string; entries: { period: number; value: number }[] }
  >();
  for (const o of values.offers) {
    const key = `${o.supplier}\u0000${o.material}`;
    const group = offerGroups.get(key) ?? { supplier: o.supplier, material: o.material, entries: [] };
    group.entries.push({ period: o.period, value: o.value });
    offerGroups.set(key, group);
  }
  for (const g of offerGroups.values())
    for (const run of periodRuns(g.entries))
      lines.push({
        kind: 'offers',
        value: run.hi,
        sentence: `one more ${unitOf(g.material)}/period of ${g.supplier} ${g.material} ${periodsText(run.from, run.to, name)} ${savesText(run.lo, run.hi, currency)}`,
      });

  const spotGroups = new Map<string, { period: number; value: number }[]>();
  for (const s of values.spot) spotGroups.set(s.material, [...(spotGroups.get(s.material) ?? []), s]);
  for (const [material, entries] of spotGroups)
    for (const run of periodRuns(entries))
      lines.push({
        kind: 'spot',
        value: run.hi,
        sentence: `one more ${unitOf(material)} of spot ${material} capacity ${periodsText(run.from, run.to, name)} ${savesText(run.lo, run.hi, currency)}`,
      });

  for (const i of values.inventory)
    lines.push({
      kind: 'inventory',
      value: i.value,
      sentence: `one more ${unitOf(i.material)} of ${i.material} stock space saves ${money(i.value, currency)}`,
    });
  for (const d of values.designs)
    lines.push({
      kind: 'designs',
      value: d.value,
      sentence: `letting design ${d.design} build one more ${d.product} per period (its ramp limit) saves ${money(d.value, currency)}`,
    });
  for (const p of values.policy) {
    const what =
      p.rule === 'maxShareByCountry' ? `the ${p.country} cap on ${p.material}` : `the ${p.kind} floor on ${p.material}`;
    lines.push({
      kind: 'policy',
      value: p.value,
      sentence: `relaxing ${what} by one ${unitOf(p.material)} of expected delivery saves ${money(p.value, currency)}; by one percentage point of share, ${money(p.perShare / 100, currency)}`,
    });
  }
  return lines.sort((a, b) => b.value - a.value);
}

export interface RiskStep {
  point: number;
  expectedCost: number;
  cvar: number;
  riskPrice: number;
}

/** riskPrice along the frontier, and the knee: the point after which risk costs most more than before it. */
export function riskAlongFrontier(result: ExplainableResult): {
  steps: RiskStep[];
  knee: number | null;
  sentence: string;
} {
  const steps = result.frontier.map((p, i) => ({
    point: i,
    expectedCost: p.expectedCost,
    cvar: p.cvar,
    riskPrice: p.riskPrice ?? NaN,
  }));
  // The knee: where the price of risk jumps by the largest factor from one point to the next
  // (the first positive price counts only when no later one jumps).
  let knee: number | null = null;
  let jump = 0;
  for (let i = 1; i < steps.length; i++) {
    const before = steps[i - 1].riskPrice;
    const now = steps[i].riskPrice;
    if (!(now > 0)) continue;
    if (knee === null && !(before > 0)) knee = i;
    if (before > 0 && now / before > Math.max(jump, 1.5)) {
      jump = now / before;
      knee = i;
    }
  }
  if (steps.some((s) => Number.isNaN(s.riskPrice)))
    return { steps, knee: null, sentence: 'no price of risk: the back-end gave no duals' };
  if (knee === null) return { steps, knee, sentence: 'cutting risk costs nothing along this frontier' };
  const k = steps[knee];
  const before = knee > 1 ? steps[knee - 1].riskPrice : 0;
  const sentence =
    knee === steps.length - 1
      ? `the knee is at the safest point: its last step costs ${money(k.riskPrice, result.currency)} of expected cost per ${result.currency} of CVaR cut (the price of the last, steepest step, which depends on the solver's tolerance at that end)`
      : `the knee is at point ${knee}: up to there each ${result.currency} of CVaR cut costs at most ${money(Math.max(before, 0), result.currency)} of expected cost, from there ${money(k.riskPrice, result.currency)} or more`;
  return { steps, knee, sentence };
}

/** Below this many units a shortfall is round-off, not news. */
const SHORT = 0.005;

/** Units unmet in each scenario at a point, worst first, with the scenario's events. */
export function shortfallLines(result: ExplainableResult, point: ReportedPoint): string[] {
  const unmet = point.scenarioUnmet;
  if (!unmet) return [];
  const rows = unmet.map((byProduct, k) => ({
    scenario: result.scenarios[k],
    total: Object.values(byProduct).reduce((s, v) => s + (v >= SHORT ? v : 0), 0),
    byProduct,
  }));
  return rows
    .filter((r) => r.total > 0)
    .sort((a, b) => b.total - a.total)
    .map((r) => {
      const products = Object.entries(r.byProduct)
        .filter(([, v]) => v >= SHORT)
        .map(([p, v]) => `${amount(v)} ${p}`)
        .join(', ');
      const events = r.scenario.events.length ? ` (${describeEvents(r.scenario)})` : '';
      return `${r.scenario.id}, probability ${amount(r.scenario.probability)}${events}: ${products} not built`;
    });
}

function describeEvents(scenario: Scenario): string {
  return scenario.events
    .slice(0, 3)
    .map((e) => {
      const periods = `periods ${e.fromPeriod}-${e.toPeriod}`;
      if ('target' in e) {
        const t = e.target;
        const who = t.suppliers?.join('/') ?? t.kind ?? t.country ?? 'every supplier';
        const mats = t.materials ? ` ${t.materials.join('/')}` : '';
        return `${who}${mats} delivers ${Math.round(e.availability * 100)}% in ${periods}`;
      }
      if ('spot' in e) return `spot ${e.spot} price x${e.priceFactor} in ${periods}`;
      return `market ${e.market} price x${e.priceFactor} in ${periods}`;
    })
    .join('; ')
    .concat(scenario.events.length > 3 ? `; and ${scenario.events.length - 3} more` : '');
}

/** Says so when the safest point's lower risk comes partly from building less. */
export function safestBuildsLess(result: ExplainableResult): string | null {
  const a = result.frontier[0];
  const b = result.frontier.at(-1);
  if (!a || !b || a === b) return null;
  const total = (p: ReportedPoint) => Object.values(p.unmetDemand).reduce((s, v) => s + v, 0);
  const more = total(b) - total(a);
  if (more <= 1e-6 * Math.max(1, total(a))) return null;
  return `The safest point is safer partly because it builds less: it leaves ${amount(more)} more units of demand unbuilt in expectation than the cheapest point, so some of its lower risk is products not made, not better hedging.`;
}

/** One sentence each for the section 9 figures. */
export function analysisLines(result: ExplainableResult): string[] {
  const a = result.analysis;
  if (!a) return [];
  const c = result.currency;
  const out: string[] = [];
  if (a.vss !== undefined) {
    if (a.vss === null) out.push(`VSS: not available. ${a.notes.find((n) => n.startsWith('eev')) ?? ''}`.trim());
    else
      out.push(
        `VSS ${money(a.vss, c)}: planning for the scenarios instead of for the average scenario saves this much expected cost (EV plan ${money(a.eev!, c)} against ${money(a.rp, c)}).`,
      );
  }
  if (a.evpi !== undefined)
    out.push(
      a.evpi >= 0
        ? `EVPI ${money(a.evpi, c)}: knowing in advance which scenario comes (whether the licence is granted) would be worth at most this much expected cost (wait-and-see ${money(a.ws!, c)}).`
        : `EVPI ${money(a.evpi, c)}: negative, because each scenario solved alone is held to its own policy shares (see the notes).`,
    );
  return out;
}
