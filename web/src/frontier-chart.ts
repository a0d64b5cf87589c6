// The cost-versus-risk chart: CVaR on x, expected cost on y, one series per
// frontier (the run's, and each batch variation's), every point labelled,
// the cheapest and the safest marked. Clicking a point selects it; the
// points table next to the chart (main.ts) does the same from the keyboard
// and shows the same tooltip as the mouse.

import { baseOption, createChart, type ChartOption, type EChartsType } from './charts.js';
import { compact, escapeHtml, money, num } from './dom.js';
import { OKABE_ITO, frontierStyle } from './palette.js';
import { pointLabel, riskName, type ChartState, type FrontierEntry } from './frontier-model.js';

type Datum = { value: [number, number]; index: number; symbol?: string; symbolSize?: number; label?: object };

export class FrontierChart {
  readonly chart: EChartsType;
  /** series index -> entry id, for click and hover */
  private seriesEntries: string[] = [];
  private state: ChartState = { entries: [] };

  constructor(
    readonly el: HTMLElement,
    onSelect: (entryId: string, index: number) => void,
  ) {
    this.chart = createChart(el);
    this.chart.on('click', (params) => {
      const entryId = this.seriesEntries[params.seriesIndex ?? -1];
      const index = (params.data as Datum | undefined)?.index;
      if (entryId !== undefined && index !== undefined) onSelect(entryId, index);
    });
  }

  update(state: ChartState): void {
    this.state = state;
    const visible = state.entries.filter((e) => e.visible);
    const active = state.entries.find((e) => e.id === state.activeId);
    const currency = active?.result.currency ?? visible[0]?.result.currency ?? '';
    const risk = riskName(active?.result ?? visible[0]?.result);
    this.seriesEntries = visible.map((e) => e.id);
    const series: NonNullable<ChartOption['series']> = visible.map((entry) => {
      const style = frontierStyle(state.entries.indexOf(entry));
      const isActive = entry.id === state.activeId;
      const last = entry.result.frontier.length - 1;
      return {
        type: 'line',
        id: entry.id,
        name: entry.label,
        data: entry.result.frontier.map((p, i): Datum => {
          const end = i === 0 || i === last;
          return {
            value: [p.cvar, p.expectedCost],
            index: i,
            // The cheapest and safest points are larger, and named in their label.
            ...(end ? { symbolSize: isActive ? 16 : 12 } : {}),
            label: {
              show: isActive || end,
              formatter: () =>
                i === 0 ? `${pointLabel(i)} cheapest` : i === last ? `${pointLabel(i)} safest` : pointLabel(i),
              // The cheapest point is the frontier's lower right end, the safest its upper left.
              position: i === 0 ? 'bottom' : i === last ? 'top' : 'right',
              fontWeight: end ? 'bold' : 'normal',
              color: '#111',
            },
          };
        }),
        symbol: style.symbol,
        symbolSize: 9,
        showAllSymbol: true,
        color: style.color,
        lineStyle: {
          type: style.lineType,
          width: isActive ? 2.5 : 1.5,
          opacity: isActive || !state.activeId ? 1 : 0.7,
        },
        z: isActive ? 3 : 2,
        emphasis: { focus: 'none', scale: 1.6 },
        labelLayout: { hideOverlap: true },
      };
    });
    // The selected point and the compared pair: rings drawn over the active frontier.
    if (active) {
      const marks: { value: [number, number]; name: string }[] = [];
      const at = (i: number | undefined, name: string) => {
        const p = i === undefined ? undefined : active.result.frontier[i];
        if (p) marks.push({ value: [p.cvar, p.expectedCost], name });
      };
      at(state.compare?.a, 'A');
      at(state.compare?.b, 'B');
      if (marks.length) {
        series.push({
          type: 'scatter',
          id: 'compared',
          name: 'Compared (A, B)',
          data: marks,
          symbol: 'emptyRoundRect',
          symbolSize: 22,
          color: OKABE_ITO.reddishPurple,
          silent: true,
          z: 4,
          label: { show: true, formatter: '{b}', position: 'bottom', color: '#111', fontWeight: 'bold' },
          tooltip: { show: false },
        });
      }
      const selected = state.selected === undefined ? undefined : active.result.frontier[state.selected];
      if (selected) {
        series.push({
          type: 'scatter',
          id: 'selected',
          name: 'Selected point',
          data: [{ value: [selected.cvar, selected.expectedCost], name: pointLabel(state.selected!) }],
          symbol: 'emptyCircle',
          symbolSize: 28,
          itemStyle: { borderWidth: 3, color: OKABE_ITO.black },
          silent: true,
          z: 5,
          tooltip: { show: false },
        });
      }
    }

    const option: ChartOption = {
      ...baseOption(this.describe(visible, active)),
      legend: {
        show: visible.length > 1,
        top: 0,
        type: 'plain',
        selectedMode: false,
        data: visible.map((e) => e.label),
      },
      grid: {
        left: 16,
        right: 24,
        top: visible.length > 1 ? 48 : 24,
        bottom: 16,
        outerBoundsMode: 'same',
        outerBoundsContain: 'all',
      },
      xAxis: {
        type: 'value',
        scale: true,
        boundaryGap: ['8%', '8%'],
        name: `${risk} of cost${currency ? ` (${currency})` : ''}: risk, lower is safer`,
        nameLocation: 'middle',
        nameGap: 28,
        axisLabel: { formatter: (v: number) => compact(v) },
      },
      yAxis: {
        type: 'value',
        scale: true,
        boundaryGap: ['8%', '8%'],
        name: `Expected cost${currency ? ` (${currency})` : ''}`,
        nameLocation: 'middle',
        nameGap: 56,
        axisLabel: { formatter: (v: number) => compact(v) },
      },
      tooltip: {
        ...baseOption('').tooltip,
        trigger: 'item',
        formatter: (params) => this.tooltip(params as unknown as { seriesIndex: number; data: Datum }),
      },
      series,
    };
    this.chart.setOption(option, { notMerge: true });
  }

  /** Shows the tooltip of a point of the active frontier, as hovering it would (for keyboard users). */
  showTip(index: number): void {
    const seriesIndex = this.seriesEntries.indexOf(this.state.activeId ?? '');
    if (seriesIndex >= 0) this.chart.dispatchAction({ type: 'showTip', seriesIndex, dataIndex: index });
  }

  hideTip(): void {
    this.chart.dispatchAction({ type: 'hideTip' });
  }

  /** Viewport coordinates of a point's marker, where a click selects it (for tests). */
  pointPosition(entryId: string, index: number): { x: number; y: number } | null {
    const entry = this.state.entries.find((e) => e.id === entryId);
    const p = entry?.result.frontier[index];
    if (!p) return null;
    const [x, y] = this.chart.convertToPixel({ seriesId: entryId }, [p.cvar, p.expectedCost]);
    const box = this.el.getBoundingClientRect();
    return { x: box.left + x, y: box.top + y };
  }

  private tooltip({ seriesIndex, data }: { seriesIndex: number; data: Datum }): string {
    const entry = this.state.entries.find((e) => e.id === this.seriesEntries[seriesIndex]);
    const p = entry?.result.frontier[data.index];
    if (!entry || !p) return '';
    const c = entry.result.currency ?? '';
    const unmet = Object.values(p.unmetDemand).reduce((s, v) => s + v, 0);
    const kind = p.kind === 'epsilon' ? `${riskName(entry.result)} \u2264 ${money(p.cvarBound ?? p.cvar, c)}` : p.kind;
    const rows: [string, string][] = [
      ['Expected cost', money(p.expectedCost, c)],
      [riskName(entry.result), money(p.cvar, c)],
      ['Worst case', money(p.worstCaseCost, c)],
      ['Expected unmet demand', `${num(unmet)} units`],
    ];
    const title = `${pointLabel(data.index)} \u00b7 ${kind}${this.seriesEntries.length > 1 ? ` \u00b7 ${entry.label}` : ''}`;
    return (
      `<div class="tip"><strong>${escapeHtml(title)}</strong><table>` +
      rows.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('') +
      `</table><em>Click to see its plan</em></div>`
    );
  }

  /** The chart's accessible description (aria-label): what it shows and its two ends. */
  private describe(visible: FrontierEntry[], active: FrontierEntry | undefined): string {
    if (visible.length === 0) return 'Frontier chart: no frontier yet. Load a problem and run it.';
    const main = active ?? visible[0];
    const f = main.result.frontier;
    const c = main.result.currency ?? '';
    const risk = riskName(main.result);
    const a = f[0];
    const b = f[f.length - 1];
    const overlay =
      visible.length > 1
        ? ` ${visible.length} frontiers are overlaid: ${visible.map((e) => `${e.label} (${e.result.frontier.length} points)`).join(', ')}.`
        : '';
    return (
      `Frontier chart of expected cost against ${risk} for ${main.label}: ${f.length} ${f.length === 1 ? 'point' : 'points'}. ` +
      `Cheapest, ${pointLabel(0)}: expected cost ${money(a.expectedCost, c)}, ${risk} ${money(a.cvar, c)}. ` +
      (f.length > 1
        ? `Safest, ${pointLabel(f.length - 1)}: expected cost ${money(b.expectedCost, c)}, ${risk} ${money(b.cvar, c)}.`
        : '') +
      overlay +
      ' The table of points after the chart lists every point; select one there to see its plan.'
    );
  }
}
