// The frontier card's own panels: the points table, the list of frontiers on
// the chart (with a batch overlay), and the selection they and the chart share.

import { announce, byId, fill, h, money, num } from './dom.js';
import { activeEntry, chartState, compare, kindsOf, setChartClick, state, withViews } from './explorer-state.js';
import { pointLabel, riskName } from './frontier-model.js';
import { renderLimits } from './limits-panel.js';
import { frontierStyle } from './palette.js';

/** Makes an entry the one the table, plan and comparison read; no point selected yet. */
export function activate(entryId: string): void {
  const entry = state.entries.find((e) => e.id === entryId);
  if (!entry) return;
  state.activeId = entryId;
  state.selected = undefined;
  state.compare = { a: 0, b: entry.result.frontier.length - 1 };
  renderFrontier();
  withViews(({ plan }) => plan.show(null));
  compare.show(entry, kindsOf(entry), state.compare);
}

export function select(entryId: string, index: number): void {
  if (entryId !== state.activeId) activate(entryId);
  const entry = activeEntry();
  if (!entry || !entry.result.frontier[index]) return;
  state.selected = index;
  // The comparison follows the selection: B is the selected plan, against A.
  if (index !== state.compare.a) state.compare = { ...state.compare, b: index };
  compare.show(entry, kindsOf(entry), state.compare);
  renderFrontier();
  withViews(({ plan }) =>
    plan.show({ entry, index, kinds: kindsOf(entry), problem: entry.problem ?? state.problem?.input }),
  );
  const p = entry.result.frontier[index];
  announce(
    `Selected ${pointLabel(index)}: expected cost ${money(p.expectedCost, entry.result.currency)}, ${riskName(entry.result)} ${money(p.cvar, entry.result.currency)}. Its plan is below.`,
  );
}

export function renderFrontier(): void {
  withViews(({ chart }) => chart.update(chartState()));
  renderFrontierList();
  renderPointsTable();
  renderLimits();
  const entry = activeEntry();
  byId<HTMLButtonElement>('download-json').disabled = !entry;
  byId<HTMLButtonElement>('download-csv').disabled = !entry || state.selected === undefined;
}

function renderPointsTable(): void {
  const table = byId<HTMLTableElement>('points-table');
  const entry = activeEntry();
  const thead = table.tHead!;
  const tbody = table.tBodies[0];
  if (!entry) {
    fill(thead);
    fill(tbody, h('tr', {}, h('td', {}, 'No frontier yet.')));
    return;
  }
  const c = entry.result.currency ?? '';
  const risk = riskName(entry.result);
  fill(
    thead,
    h(
      'tr',
      {},
      ['Point', `Expected cost (${c})`, `${risk} (${c})`, `Worst case (${c})`, 'Unmet (units)'].map((t) =>
        h('th', { scope: 'col' }, t),
      ),
    ),
  );
  fill(
    tbody,
    entry.result.frontier.map((p, i) => {
      const selected = state.selected === i;
      const unmet = Object.values(p.unmetDemand).reduce((s, v) => s + v, 0);
      const button = h(
        'button',
        {
          type: 'button',
          className: 'point',
          'data-point-index': i,
          'aria-pressed': selected ? 'true' : 'false',
          'aria-label': `${pointLabel(i)}${p.kind === 'epsilon' ? '' : `, ${p.kind}`}: expected cost ${money(p.expectedCost, c)}, ${risk} ${money(p.cvar, c)}. Show its plan.`,
          onClick: () => select(entry.id, i),
          onFocus: () => withViews(({ chart }) => chart.showTip(i)),
          onBlur: () => withViews(({ chart }) => chart.hideTip()),
        },
        pointLabel(i),
      );
      return h(
        'tr',
        {
          className: selected ? 'selected' : undefined,
          'aria-current': selected ? 'true' : undefined,
          // The whole row is the target for a pointer; the button stays the keyboard's (and already selects).
          onClick: (event: Event) => {
            if (!(event.target as Element).closest('button')) select(entry.id, i);
          },
        },
        h(
          'th',
          { scope: 'row' },
          button,
          p.kind === 'epsilon' ? null : h('span', { className: 'tag', 'aria-hidden': 'true' }, p.kind),
        ),
        h('td', {}, num(p.expectedCost)),
        h('td', {}, num(p.cvar)),
        h('td', {}, num(p.worstCaseCost)),
        h('td', {}, num(unmet)),
      );
    }),
  );
}

/** With more than one frontier (a batch overlay): which are drawn, and which one the table reads. */
function renderFrontierList(): void {
  const fieldset = byId('frontier-list');
  fieldset.hidden = state.entries.length < 2;
  if (fieldset.hidden) return;
  fill(
    byId('frontier-list-table'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Frontier', 'Points', 'Drawn', 'Read'].map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      {},
      state.entries.map((entry, i) => {
        const style = frontierStyle(i);
        const shown = h('input', { type: 'checkbox', checked: entry.visible, 'aria-label': `Draw ${entry.label}` });
        shown.addEventListener('change', () => {
          entry.visible = shown.checked;
          withViews(({ chart }) => chart.update(chartState()));
        });
        const read = h('input', {
          type: 'radio',
          name: 'active-frontier',
          checked: entry.id === state.activeId,
          'aria-label': `Read ${entry.label} in the points table`,
        });
        read.addEventListener('change', () => read.checked && activate(entry.id));
        return h(
          'tr',
          {},
          h(
            'th',
            { scope: 'row' },
            h('span', {
              className: `marker marker-${style.symbol}`,
              style: `--c:${style.color}`,
              'aria-hidden': 'true',
            }),
            entry.label,
          ),
          h('td', {}, entry.result.frontier.length),
          h('td', {}, shown),
          h('td', {}, read),
        );
      }),
    ),
  );
}

setChartClick(select);
