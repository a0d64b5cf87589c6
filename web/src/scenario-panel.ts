// The scenarios behind a frontier (issue 9): for a generated set, how often
// each driver fired against its own odds and which drivers crowd the CVaR
// tail of the selected point; for every set, each scenario's events (periods,
// targets, effects) beside its cost under the selected plan, costliest first.
// It owns its card and redraws whenever the points table does (a new frontier,
// another frontier, another point), so the rest of the page need not know it.

import { byId, fill, h, money, share } from './dom.js';
import { activeEntry, state } from './explorer-state.js';
import { describeEvent } from './scenario-text.js';
import type { FrontierResult } from './types.js';

/** Scenarios listed before the rest fold away. */
const FIRST_ROWS = 25;

/** A driver's condition as the loaded problem states it (the summary carries only the driver it names). */
type DriverConditions = Map<string, boolean>;

function conditionsOf(problem: unknown): DriverConditions {
  const drivers = (
    problem as { scenarioModel?: { drivers?: { id?: string; when?: { fired?: boolean } }[] } } | undefined
  )?.scenarioModel?.drivers;
  const out: DriverConditions = new Map();
  for (const d of drivers ?? []) if (d.id && typeof d.when?.fired === 'boolean') out.set(d.id, d.when.fired);
  return out;
}

function summaryTable(result: FrontierResult, conditions: DriverConditions) {
  const summary = result.scenarioSummary!;
  const actsWhen = (id: string, when: string | undefined) => {
    if (!when) return 'always';
    const fired = conditions.get(id);
    return fired === undefined ? `depends on ${when}` : `${when} ${fired ? 'fired' : 'did not fire'}`;
  };
  return h(
    'table',
    { className: 'data' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Driver', 'Type', 'Acts when', 'Acts in', 'Fired', 'Its odds', 'Refused at first'].map((c) =>
          h('th', { scope: 'col' }, c),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      summary.drivers.map((d) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, d.id),
          h('td', {}, d.type),
          h('td', {}, actsWhen(d.id, d.when)),
          h('td', {}, `${d.active} of ${summary.count}`),
          h('td', {}, `${d.fired} (${share(d.firedShare)})`),
          h('td', {}, d.type === 'licence' ? `${share(d.nominal)} refused` : share(d.nominal)),
          h('td', {}, d.refusedShare !== undefined ? `${d.refused} (${share(d.refusedShare)})` : '\u2014'),
        ),
      ),
    ),
  );
}

function tailNote(result: FrontierResult, index: number) {
  const tail = result.scenarioSummary?.tails[index];
  if (!tail) return null;
  const over = tail.drivers
    .filter((d) => tail.overRepresented.includes(d.id))
    .sort((a, b) => b.lift - a.lift)
    .map((d) => `${d.id} (${share(d.tailShare)} of the tail, ${share(d.overallShare)} overall)`);
  return h(
    'p',
    { className: 'hint' },
    `The CVaR of this plan is the mean cost of its ${tail.scenarios} costliest scenarios. `,
    over.length
      ? `Over-represented there (at least 1.5 times their overall share): ${over.join('; ')}.`
      : 'No driver is over-represented there.',
  );
}

function scenarioTable(result: FrontierResult, index: number) {
  const point = result.frontier[index];
  const currency = result.currency ?? '';
  const inTail = new Set<number>();
  const order = result.scenarios.map((_, k) => k).sort((a, b) => point.scenarioCosts[b] - point.scenarioCosts[a]);
  const tail = result.scenarioSummary?.tails[index]?.scenarios;
  if (tail !== undefined) order.slice(0, tail).forEach((k) => inTail.add(k));
  const row = (k: number) => {
    const s = result.scenarios[k];
    const events = s.events ?? [];
    return h(
      'tr',
      { className: inTail.has(k) ? 'in-tail' : undefined },
      h('th', { scope: 'row' }, s.id, inTail.has(k) ? ' (tail)' : ''),
      h('td', {}, share(s.probability)),
      h('td', { className: 'num' }, money(point.scenarioCosts[k], currency)),
      h(
        'td',
        {},
        events.length
          ? h(
              'ul',
              { className: 'plain' },
              events.map((e) => h('li', {}, describeEvent(e))),
            )
          : 'no events',
      ),
    );
  };
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      ['Scenario', 'Probability', 'Cost under this plan', 'Events'].map((c) => h('th', { scope: 'col' }, c)),
    ),
  );
  const first = h('table', { className: 'data' }, head, h('tbody', {}, order.slice(0, FIRST_ROWS).map(row)));
  if (order.length <= FIRST_ROWS) return first;
  return [
    first,
    h(
      'details',
      {},
      h('summary', {}, `The other ${order.length - FIRST_ROWS} scenarios`),
      h('table', { className: 'data' }, head.cloneNode(true), h('tbody', {}, order.slice(FIRST_ROWS).map(row))),
    ),
  ];
}

function render(card: HTMLElement): void {
  const entry = activeEntry();
  if (!entry) {
    fill(card, h('h2', {}, 'Scenarios'), h('p', { className: 'hint' }, 'Solve a frontier to see its scenarios.'));
    return;
  }
  const result = entry.result;
  const index = state.selected ?? 0;
  fill(
    card,
    h('h2', {}, 'Scenarios'),
    h(
      'p',
      { className: 'hint' },
      `${result.scenarios.length} scenarios; costs under the plan of ${state.selected === undefined ? 'the cheapest point (select a point to change it)' : `point ${index + 1}`}.`,
    ),
    result.scenarioSummary
      ? [
          h('h3', {}, 'Drivers: fired against their odds'),
          summaryTable(result, conditionsOf(entry.problem ?? state.problem?.input)),
        ]
      : null,
    tailNote(result, index),
    scenarioTable(result, index),
  );
}

/** Adds the card after the frontier card and keeps it in step with the points table. */
export function wireScenarioPanel(): void {
  const card = h('section', { className: 'card', id: 'scenarios', 'aria-label': 'Scenarios' });
  const frontier = byId('frontier');
  frontier.after(card);
  render(card);
  new MutationObserver(() => render(card)).observe(byId<HTMLTableElement>('points-table'), {
    childList: true,
    subtree: true,
  });
}
