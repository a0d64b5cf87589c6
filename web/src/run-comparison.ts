// This run against the previous one, point by point: after an edit of the
// problem (a capacity cut, a new supplier), how far each point of the
// frontier moved in expected cost and in tail risk.

import { byId, fill, h, num, signed } from './dom.js';
import type { Entry } from './explorer-state.js';
import { pointLabel, riskName } from './frontier-model.js';

export function showRunComparison(previous: Entry | undefined, current: Entry): void {
  const box = byId('run-compare');
  box.hidden = !previous;
  if (!previous) return fill(box);
  const a = previous.result.frontier;
  const b = current.result.frontier;
  const c = current.result.currency ?? '';
  const risk = riskName(current.result);
  const delta = (from: number | undefined, to: number | undefined, className: string) => {
    if (from === undefined || to === undefined) return h('td', { className }, '\u2013');
    const d = to - from;
    // Round-off of the solver is no move.
    const moved = Math.abs(d) > 1e-6 * Math.max(1, Math.abs(from));
    return h(
      'td',
      { className: `${className} ${moved ? (d > 0 ? 'up' : 'down') : ''}`.trim() },
      moved ? signed(d) : '\u00b10',
    );
  };
  const value = (v: number | undefined) => h('td', {}, v === undefined ? '\u2013' : num(v));
  fill(
    box,
    h(
      'table',
      { className: 'numbers compact', id: 'run-compare-table' },
      h(
        'caption',
        {},
        `This run (${current.problem?.name ?? current.result.name ?? 'problem'}) against the previous run, point by point (${c})`,
      ),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Point', 'Expected cost before', 'now', 'change', `${risk} before`, 'now', 'change'].map((t) =>
            h('th', { scope: 'col' }, t),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        Array.from({ length: Math.max(a.length, b.length) }, (_, i) =>
          h(
            'tr',
            { 'data-point-index': i },
            h('th', { scope: 'row' }, pointLabel(i)),
            value(a[i]?.expectedCost),
            value(b[i]?.expectedCost),
            delta(a[i]?.expectedCost, b[i]?.expectedCost, 'delta-cost'),
            value(a[i]?.cvar),
            value(b[i]?.cvar),
            delta(a[i]?.cvar, b[i]?.cvar, 'delta-risk'),
          ),
        ),
      ),
    ),
  );
}
