// Two points of the active frontier side by side: what B's extra expected
// cost buys in risk reduction against A, and which orders move.

import { byId, fill, h, money, num, signed } from './dom.js';
import { pointLabel, riskName, type FrontierEntry } from './frontier-model.js';
import { comparePoints, KIND_LABELS, type SourceKind } from './plan-data.js';

export class ComparePanel {
  private readonly selectA = byId<HTMLSelectElement>('compare-a');
  private readonly selectB = byId<HTMLSelectElement>('compare-b');
  private entry: FrontierEntry | null = null;
  private kinds = new Map<string, SourceKind>();

  constructor(private readonly onChange: (a: number, b: number) => void) {
    const changed = () => {
      this.render();
      this.onChange(Number(this.selectA.value), Number(this.selectB.value));
    };
    this.selectA.addEventListener('change', changed);
    this.selectB.addEventListener('change', changed);
  }

  /** Shows `entry`'s points in both lists, keeping A and B where they still exist. */
  show(entry: FrontierEntry | null, kinds: Map<string, SourceKind>, pair: { a?: number; b?: number }): void {
    this.entry = entry;
    this.kinds = kinds;
    byId('compare-empty').hidden = entry !== null && entry.result.frontier.length > 1;
    byId('compare-body').hidden = !byId('compare-empty').hidden;
    if (!entry) return;
    const points = entry.result.frontier;
    const options = () =>
      points.map((p, i) => h('option', { value: i }, `${pointLabel(i)}${p.kind === 'epsilon' ? '' : ` (${p.kind})`}`));
    fill(this.selectA, options());
    fill(this.selectB, options());
    this.selectA.value = String(pair.a ?? 0);
    this.selectB.value = String(pair.b ?? points.length - 1);
    this.render();
  }

  pair(): { a: number; b: number } {
    return { a: Number(this.selectA.value), b: Number(this.selectB.value) };
  }

  private render(): void {
    const entry = this.entry;
    if (!entry) return;
    const { a: ia, b: ib } = this.pair();
    const a = entry.result.frontier[ia];
    const b = entry.result.frontier[ib];
    if (!a || !b) return;
    const c = entry.result.currency ?? '';
    const risk = riskName(entry.result);
    const cmp = comparePoints(a, b, this.kinds);
    const la = pointLabel(ia);
    const lb = pointLabel(ib);
    const unmet = (p: typeof a) => Object.values(p.unmetDemand).reduce((s, v) => s + v, 0);

    let verdict: string;
    if (ia === ib) verdict = `${la} is compared with itself: choose two different points.`;
    else if (cmp.costPerRiskUnit !== null && cmp.deltaExpected >= 0) {
      verdict =
        `Going from ${la} to ${lb} costs ${money(cmp.deltaExpected, c)} more in expectation and cuts ${risk} by ${money(-cmp.deltaCvar, c)}: ` +
        `${num(cmp.costPerRiskUnit)} ${c} of expected cost per ${c} of tail risk removed.`;
    } else if (cmp.costPerRiskUnit !== null) {
      verdict = `${lb} is both cheaper (${money(-cmp.deltaExpected, c)}) and safer (${risk} ${money(-cmp.deltaCvar, c)} lower) than ${la}.`;
    } else {
      verdict = `Going from ${la} to ${lb} saves ${money(-cmp.deltaExpected, c)} in expectation and adds ${money(cmp.deltaCvar, c)} of ${risk}.`;
    }
    fill(byId('compare-verdict'), verdict);

    const row = (label: string, va: number, vb: number, delta: number, unit: string) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, label),
        h('td', {}, `${num(va)}`),
        h('td', {}, `${num(vb)}`),
        h('td', { className: delta > 0 ? 'up' : delta < 0 ? 'down' : undefined }, `${signed(delta)}${unit}`),
      );
    const ratio = cmp.costPerRiskUnit === null ? '\u2013' : num(cmp.costPerRiskUnit);
    fill(
      byId('compare-figures'),
      h(
        'table',
        { className: 'numbers' },
        h('caption', {}, `${la} (A) against ${lb} (B), ${c}`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['', `A: ${la}`, `B: ${lb}`, '\u0394 (B \u2212 A)'].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h(
          'tbody',
          {},
          row('Expected cost (\u0394E)', a.expectedCost, b.expectedCost, cmp.deltaExpected, ''),
          row(`${risk} (\u0394CVaR)`, a.cvar, b.cvar, cmp.deltaCvar, ''),
          row('Worst case', a.worstCaseCost, b.worstCaseCost, cmp.deltaWorst, ''),
          row('Expected unmet demand (units)', unmet(a), unmet(b), cmp.deltaUnmet, ''),
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, `\u0394E / \u2212\u0394CVaR (cost per unit of risk removed)`),
            h('td', { colspan: 3 }, ratio),
          ),
        ),
      ),
    );

    fill(
      byId('compare-moves'),
      cmp.moves.length === 0
        ? h('p', {}, 'The two plans order the same quantities from every supplier.')
        : h(
            'table',
            { className: 'numbers', id: 'compare-moves-table' },
            h(
              'caption',
              {},
              `Orders that move: totals over the horizon per supplier and material (spot: expected purchases), largest change first`,
            ),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Supplier', 'Kind', 'Material', `A: ${la}`, `B: ${lb}`, '\u0394'].map((t) =>
                  h('th', { scope: 'col' }, t),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              cmp.moves.map((m) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, m.supplier),
                  h(
                    'td',
                    { className: 'text' },
                    h('span', { className: `swatch kind-${m.kind}`, 'aria-hidden': 'true' }),
                    KIND_LABELS[m.kind],
                  ),
                  h('td', { className: 'text' }, m.material),
                  h('td', {}, num(m.a)),
                  h('td', {}, num(m.b)),
                  h('td', { className: m.delta > 0 ? 'up' : 'down' }, signed(m.delta)),
                ),
              ),
            ),
          ),
    );
  }
}
