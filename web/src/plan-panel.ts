// The plan of one selected point: its figures, orders (table, and stacked
// bars by supplier kind with spot), design mix, stock, the scenario cost
// distribution with its CVaR tail, and unmet demand. Every chart has its
// numbers in a table too, for keyboard and screen-reader users.

import { baseOption, createChart, type ChartOption, type EChartsType } from './charts.js';
import { byId, compact, escapeHtml, fill, h, money, num, share } from './dom.js';
import { pointLabel, riskName, type FrontierEntry } from './frontier-model.js';
import { KIND_STYLE, NO_DECAL, OKABE_ITO, seriesStyle } from './palette.js';
import { periodLabels } from './period-labels.js';
import {
  costHistogram,
  KIND_LABELS,
  materialsOf,
  orderRows,
  ordersByKind,
  periodCount,
  tailWeights,
  valueAtRisk,
  type SourceKind,
} from './plan-data.js';
import type { FrontierPoint, ProblemInput } from './types.js';

export interface PlanContext {
  entry: FrontierEntry;
  index: number;
  kinds: Map<string, SourceKind>;
  problem?: ProblemInput;
}

export class PlanPanel {
  private readonly ordersChart: EChartsType;
  private readonly stockChart: EChartsType;
  private readonly designChart: EChartsType;
  private readonly histogramChart: EChartsType;
  private readonly materialSelect = byId<HTMLSelectElement>('plan-material');
  private context: PlanContext | null = null;

  constructor() {
    this.ordersChart = createChart(byId('chart-orders'));
    this.stockChart = createChart(byId('chart-stock'));
    this.designChart = createChart(byId('chart-design'));
    this.histogramChart = createChart(byId('chart-histogram'));
    this.materialSelect.addEventListener('change', () => this.renderMaterial());
  }

  show(context: PlanContext | null): void {
    this.context = context;
    byId('plan-empty').hidden = context !== null;
    byId('plan-body').hidden = context === null;
    if (!context) return;
    const { entry, index } = context;
    const point = entry.result.frontier[index];
    const c = entry.result.currency ?? '';
    const risk = riskName(entry.result);
    const last = entry.result.frontier.length - 1;
    const what =
      point.kind === 'cheapest'
        ? 'the cheapest plan'
        : point.kind === 'safest'
          ? 'the safest plan'
          : `cheapest plan with ${risk} \u2264 ${money(point.cvarBound ?? point.cvar, c)}`;
    byId('plan-title').textContent =
      `Plan ${pointLabel(index)} of ${last + 1}${entry.label === 'This run' ? '' : ` (${entry.label})`}: ${what}`;

    const unmet = Object.values(point.unmetDemand).reduce((s, v) => s + v, 0);
    fill(
      byId('plan-kpis'),
      kpi('Expected cost', money(point.expectedCost, c)),
      kpi(risk, money(point.cvar, c)),
      kpi('Worst case', money(point.worstCaseCost, c)),
      kpi('Expected unmet demand', `${num(unmet)} units`),
    );

    const materials = materialsOf(point);
    const previous = this.materialSelect.value;
    fill(
      this.materialSelect,
      materials.map((m) => h('option', { value: m }, m)),
    );
    this.materialSelect.value = materials.includes(previous) ? previous : (materials[0] ?? '');
    this.renderMaterial();
    this.renderOrdersTable(point, context.kinds, context.problem);
    this.renderDesigns(point);
    this.renderHistogram(entry, point);
    this.renderUnmetAndCosts(point, c);
  }

  private renderMaterial(): void {
    if (!this.context) return;
    const { entry, index, kinds, problem } = this.context;
    const point = entry.result.frontier[index];
    const material = this.materialSelect.value;
    const T = periodCount(point);
    const periods = periodLabels(problem, T);
    const unit = problem?.materials?.find((m) => m.id === material)?.unit ?? '';
    const byKind = ordersByKind(point, material, kinds);

    this.ordersChart.setOption(
      {
        ...baseOption(
          `Stacked bars: ${material} contracted per period by supplier kind, with expected spot purchases. ` +
            [...byKind]
              .map(([k, s]) => `${KIND_LABELS[k]}: ${num(s.reduce((a, b) => a + b, 0))} ${unit} in total`)
              .join('; ') +
            '. The orders table below has every number.',
        ),
        legend: { top: 0, selectedMode: false },
        grid: { left: 8, right: 12, top: 40, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'all' },
        tooltip: {
          ...baseOption('').tooltip,
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          valueFormatter: (v) => `${num(Number(v))} ${unit}`,
        },
        xAxis: { type: 'category', data: periods, name: 'Period', nameLocation: 'middle', nameGap: 26 },
        yAxis: { type: 'value', name: unit || 'quantity', axisLabel: { formatter: (v: number) => compact(v) } },
        series: [...byKind].map(([kind, values]) => ({
          type: 'bar',
          name: KIND_LABELS[kind],
          stack: 'orders',
          data: values,
          itemStyle: { color: KIND_STYLE[kind].color, decal: KIND_STYLE[kind].decal },
          emphasis: { focus: 'series' },
        })),
      } satisfies ChartOption,
      { notMerge: true },
    );

    const stock = point.expectedStock?.[material] ?? [];
    const max = problem?.inventory?.find((i) => i.material === material)?.max;
    this.stockChart.setOption(
      {
        ...baseOption(
          `Line: expected end-of-period stock of ${material} over ${T} periods, from ${num(stock[0] ?? 0)} to ${num(stock[T - 1] ?? 0)} ${unit}${max !== undefined ? `; the store holds at most ${num(max)}` : ''}.`,
        ),
        grid: { left: 8, right: 16, top: 28, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'all' },
        tooltip: { ...baseOption('').tooltip, trigger: 'axis', valueFormatter: (v) => `${num(Number(v))} ${unit}` },
        xAxis: {
          type: 'category',
          data: periods,
          name: 'Period',
          nameLocation: 'middle',
          nameGap: 26,
          boundaryGap: false,
        },
        yAxis: { type: 'value', name: unit || 'quantity', axisLabel: { formatter: (v: number) => compact(v) } },
        series: [
          {
            type: 'line',
            name: `Expected stock of ${material}`,
            data: stock,
            color: OKABE_ITO.blue,
            symbol: 'circle',
            areaStyle: { opacity: 0.15 },
            markLine:
              max !== undefined
                ? {
                    silent: true,
                    symbol: 'none',
                    lineStyle: { color: OKABE_ITO.vermillion, type: 'dashed' },
                    label: { formatter: `max ${compact(max)}`, position: 'insideEndTop' },
                    data: [{ yAxis: max }],
                  }
                : undefined,
          },
        ],
      } satisfies ChartOption,
      { notMerge: true },
    );

    // Stock of every material, as numbers.
    const table = h(
      'table',
      { className: 'numbers' },
      h('caption', {}, 'Expected end-of-period stock'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Material'),
          periods.map((p) => h('th', { scope: 'col' }, p)),
        ),
      ),
    );
    table.append(
      h(
        'tbody',
        {},
        Object.entries(point.expectedStock ?? {}).map(([m, s]) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, m),
            s.map((v) => h('td', {}, num(v))),
          ),
        ),
      ),
    );
    fill(byId('plan-stock-table'), table);
  }

  private renderOrdersTable(point: FrontierPoint, kinds: Map<string, SourceKind>, problem?: ProblemInput): void {
    const T = periodCount(point);
    const periods = periodLabels(problem, T);
    const rows = orderRows(point, kinds);
    const head = h(
      'tr',
      {},
      h('th', { scope: 'col' }, 'Supplier'),
      h('th', { scope: 'col' }, 'Kind'),
      h('th', { scope: 'col' }, 'Material'),
      periods.map((p) => h('th', { scope: 'col' }, p)),
      h('th', { scope: 'col' }, 'Total'),
    );
    const body = rows.map((r) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, r.supplier),
        h(
          'td',
          { className: 'text' },
          h('span', { className: `swatch kind-${r.kind}`, 'aria-hidden': 'true' }),
          KIND_LABELS[r.kind],
        ),
        h('td', { className: 'text' }, r.material),
        r.quantities.map((q) => h('td', {}, q > 0 ? num(q) : '')),
        h('td', { className: 'total' }, num(r.total)),
      ),
    );
    const spot = Object.entries(point.expectedSpot ?? {}).filter(([, s]) => s.some((v) => v > 0));
    const spotRows = spot.map(([m, s]) =>
      h(
        'tr',
        { className: 'spot' },
        h('th', { scope: 'row' }, 'spot market'),
        h(
          'td',
          { className: 'text' },
          h('span', { className: 'swatch kind-spot', 'aria-hidden': 'true' }),
          KIND_LABELS.spot,
        ),
        h('td', { className: 'text' }, m),
        s.map((v) => h('td', {}, v > 0 ? num(v) : '')),
        h('td', { className: 'total' }, num(s.reduce((a, b) => a + b, 0))),
      ),
    );
    const table = h(
      'table',
      { className: 'numbers', id: 'orders-table' },
      h(
        'caption',
        {},
        `Orders by supplier and period (contracted quantities; spot rows are expected purchases), ${rows.length} supplier-material ${rows.length === 1 ? 'line' : 'lines'}`,
      ),
      h('thead', {}, head),
      h(
        'tbody',
        {},
        body.length || spotRows.length
          ? [...body, ...spotRows]
          : h('tr', {}, h('td', { colspan: T + 4 }, 'This plan orders nothing.')),
      ),
    );
    fill(byId('plan-orders'), table);
  }

  private renderDesigns(point: FrontierPoint): void {
    const products = [...new Set(point.production.map((p) => p.product))];
    const designs = [...new Set(point.production.map((p) => p.design))];
    this.designChart.setOption(
      {
        ...baseOption(
          `Stacked bars: expected production of each product over the horizon by design. ${point.production.map((p) => `${p.product} ${p.design}: ${num(p.expected)}`).join('; ')}.`,
        ),
        legend: { top: 0, selectedMode: false },
        grid: { left: 8, right: 16, top: 40, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'all' },
        tooltip: {
          ...baseOption('').tooltip,
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          valueFormatter: (v) => (v === null || v === undefined ? '' : `${num(Number(v))} units`),
        },
        yAxis: { type: 'category', data: products, inverse: true },
        xAxis: {
          type: 'value',
          name: 'units over the horizon',
          nameLocation: 'middle',
          nameGap: 26,
          axisLabel: { formatter: (v: number) => compact(v) },
        },
        series: designs.map((design, i) => ({
          type: 'bar',
          name: design,
          stack: 'production',
          data: products.map(
            (product) => point.production.find((p) => p.product === product && p.design === design)?.expected ?? null,
          ),
          itemStyle: { color: seriesStyle(i).color, decal: seriesStyle(i).decal },
          emphasis: { focus: 'series' },
        })),
      } satisfies ChartOption,
      { notMerge: true },
    );
    const capacity = (product: string, design: string) =>
      point.designCapacities.find((c) => c.product === product && c.design === design)?.capacity;
    const totals = new Map<string, number>();
    for (const p of point.production) totals.set(p.product, (totals.get(p.product) ?? 0) + p.expected);
    fill(
      byId('plan-designs'),
      h(
        'table',
        { className: 'numbers' },
        h('caption', {}, 'Design mix: expected production over the horizon, and tooled capacity per period'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Product', 'Design', 'Expected units', 'Share', 'Capacity / period'].map((t) =>
              h('th', { scope: 'col' }, t),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          point.production.map((p) => {
            const cap = capacity(p.product, p.design);
            const all = totals.get(p.product) ?? 0;
            return h(
              'tr',
              {},
              h('th', { scope: 'row' }, p.product),
              h('td', { className: 'text' }, p.design),
              h('td', {}, num(p.expected)),
              h('td', {}, all > 0 ? share(p.expected / all) : ''),
              h('td', {}, cap === undefined ? '\u2013' : num(cap)),
            );
          }),
        ),
      ),
    );
  }

  private renderHistogram(entry: FrontierEntry, point: FrontierPoint): void {
    const { scenarios } = entry.result;
    const alpha = entry.result.risk?.alpha ?? 0.95;
    const c = entry.result.currency ?? '';
    const risk = riskName(entry.result);
    const probabilities = scenarios.map((s) => s.probability);
    const costs = point.scenarioCosts;
    const bins = costHistogram(costs, probabilities, alpha);
    const weights = tailWeights(costs, probabilities, alpha);
    const varLevel = valueAtRisk(costs, probabilities, alpha);
    const binOf = (v: number) =>
      Math.max(
        0,
        bins.findIndex((b, i) => v < b.to || i === bins.length - 1),
      );
    const tailPct = `${Math.round((1 - alpha) * 1000) / 10}%`;
    const labels = bins.map((b) => compact((b.from + b.to) / 2));

    this.histogramChart.setOption(
      {
        ...baseOption(
          `Histogram of the plan's cost over ${costs.length} scenarios, probability per cost bin. The worst ${tailPct} of probability, the CVaR tail, is shaded with stripes: ` +
            `it starts at ${money(varLevel, c)}; its mean, ${risk}, is ${money(point.cvar, c)}; the expected cost is ${money(point.expectedCost, c)}. The scenario table below lists every cost.`,
        ),
        legend: { top: 0, selectedMode: false },
        grid: { left: 8, right: 16, top: 40, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'all' },
        tooltip: {
          ...baseOption('').tooltip,
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          formatter: (params) => {
            const first = (Array.isArray(params) ? params[0] : params) as { dataIndex: number };
            const bin = bins[first.dataIndex];
            const names = bin.scenarios.map((k) => scenarios[k].id);
            return (
              `<div class="tip"><strong>${escapeHtml(`${money(bin.from, c)} \u2013 ${money(bin.to, c)}`)}</strong><table>` +
              `<tr><th scope="row">Probability</th><td>${share(bin.body + bin.tail)}</td></tr>` +
              `<tr><th scope="row">In the CVaR tail</th><td>${share(bin.tail)}</td></tr>` +
              `<tr><th scope="row">Scenarios</th><td>${escapeHtml(names.slice(0, 8).join(', ') + (names.length > 8 ? ` and ${names.length - 8} more` : ''))}</td></tr></table></div>`
            );
          },
        },
        xAxis: {
          type: 'category',
          data: labels,
          name: `Scenario cost${c ? ` (${c})` : ''}, bin centres`,
          nameLocation: 'middle',
          nameGap: 26,
        },
        yAxis: { type: 'value', name: 'Probability', axisLabel: { formatter: (v: number) => share(v) } },
        series: [
          {
            type: 'bar',
            name: 'Outside the tail',
            stack: 'p',
            data: bins.map((b) => b.body),
            itemStyle: { color: OKABE_ITO.skyBlue, decal: NO_DECAL },
            barCategoryGap: '8%',
          },
          {
            type: 'bar',
            name: `Worst ${tailPct} (${risk} tail)`,
            stack: 'p',
            data: bins.map((b) => b.tail),
            itemStyle: { color: OKABE_ITO.vermillion, decal: KIND_STYLE.chinese_licensed.decal },
            markLine: {
              silent: true,
              symbol: 'none',
              label: { formatter: '{b}', position: 'insideEndTop', color: '#111' },
              data: [
                { name: 'E', xAxis: binOf(point.expectedCost), lineStyle: { color: OKABE_ITO.black, type: 'dashed' } },
                {
                  name: risk,
                  xAxis: binOf(point.cvar),
                  lineStyle: { color: OKABE_ITO.vermillion, type: 'solid', width: 2 },
                },
              ],
            },
          },
        ],
      } satisfies ChartOption,
      { notMerge: true },
    );
    fill(
      byId('plan-histogram-note'),
      `Expected cost ${money(point.expectedCost, c)} \u00b7 tail starts at ${money(varLevel, c)} (VaR at \u03b1 = ${alpha}) \u00b7 ${risk} ${money(point.cvar, c)}, the mean of the worst ${tailPct} \u00b7 worst case ${money(point.worstCaseCost, c)}`,
    );
    const order = costs.map((_, k) => k).sort((a, b) => costs[b] - costs[a]);
    fill(
      byId('plan-scenarios'),
      h(
        'table',
        { className: 'numbers' },
        h('caption', {}, `Cost in each of the ${costs.length} scenarios, most expensive first`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Scenario', 'Probability', `Cost (${c})`, 'Share in the tail'].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h(
          'tbody',
          {},
          order
            .slice(0, 500)
            .map((k) =>
              h(
                'tr',
                { className: weights[k] > 0 ? 'in-tail' : undefined },
                h('th', { scope: 'row' }, scenarios[k]?.id ?? `#${k + 1}`),
                h('td', {}, share(probabilities[k])),
                h('td', {}, num(costs[k])),
                h('td', {}, weights[k] > 0 ? share(weights[k] / probabilities[k]) : ''),
              ),
            ),
        ),
      ),
    );
  }

  private renderUnmetAndCosts(point: FrontierPoint, c: string): void {
    fill(
      byId('plan-unmet'),
      h(
        'table',
        { className: 'numbers' },
        h('caption', {}, 'Expected unmet demand over the horizon'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Product'), h('th', { scope: 'col' }, 'Units'))),
        h(
          'tbody',
          {},
          Object.entries(point.unmetDemand).map(([p, u]) =>
            h('tr', { className: u > 0.5 ? 'warn' : undefined }, h('th', { scope: 'row' }, p), h('td', {}, num(u))),
          ),
        ),
      ),
    );
    const b = point.expectedCostBreakdown;
    const parts: [string, number | undefined][] = [
      ['Contracts', b?.contracts],
      ['Spot purchases', b?.spot],
      ['Holding stock', b?.holding],
      ['Shortfall penalties', b?.shortfall],
      ['Alternative designs', b?.designs],
      ['Tooling', b?.tooling],
    ];
    fill(
      byId('plan-costs'),
      h(
        'table',
        { className: 'numbers' },
        h('caption', {}, 'Expected cost by component'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Component'),
            h('th', { scope: 'col' }, `Expected (${c})`),
            h('th', { scope: 'col' }, 'Share'),
          ),
        ),
        h(
          'tbody',
          {},
          parts
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, k),
                h('td', {}, num(v!)),
                h('td', {}, point.expectedCost > 0 ? share(v! / point.expectedCost) : ''),
              ),
            ),
        ),
      ),
    );
  }
}

function kpi(label: string, value: string): HTMLElement {
  return h('div', { className: 'kpi' }, h('dt', {}, label), h('dd', {}, value));
}
