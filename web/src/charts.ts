// Apache ECharts, imported piece by piece through echarts/core so the bundle
// holds only the three chart types and few components the page uses.
//
// Why ECharts (over Chart.js, D3, Plotly, uPlot):
// - accessibility is built in: its `aria` option writes a description of the
//   chart into the container's aria-label, and `aria.decal` draws patterns on
//   bars so series differ by more than colour (we set our own per-kind
//   patterns on top of the Okabe-Ito colours, see palette.ts);
// - tooltips on hover, emphasis, mark lines and stacked bars come with it,
//   so the page needs no hand-written chart code (D3) or plugins (Chart.js
//   draws no patterns; uPlot has no tooltips, aria or decals);
// - tree-shakable (echarts/core + use()), unlike Plotly's multi-megabyte bundle;
// - an SVG renderer: crisp at any zoom, and its marks are DOM for tests;
// - Apache-2.0, maintained by the Apache Software Foundation.
// Its points are not keyboard-focusable, so every chart has a table or a
// list of buttons next to it that does the same with the keyboard.

import {
  BarChart,
  LineChart,
  ScatterChart,
  type BarSeriesOption,
  type LineSeriesOption,
  type ScatterSeriesOption,
} from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  type AriaComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkLineComponentOption,
  type TitleComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { init, use, type ComposeOption, type EChartsType } from 'echarts/core';
import { LabelLayout } from 'echarts/features';
import { SVGRenderer } from 'echarts/renderers';

use([
  LineChart,
  BarChart,
  ScatterChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  LabelLayout,
  SVGRenderer,
]);

export type ChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | ScatterSeriesOption
  | AriaComponentOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>;

export type { EChartsType };

/** A chart in `el`, resized with it. `el` gets role="img"; its aria-label is the chart's own description. */
export function createChart(el: HTMLElement): EChartsType {
  el.replaceChildren();
  el.setAttribute('role', 'img');
  const chart = init(el, undefined, { renderer: 'svg' });
  new ResizeObserver(() => chart.resize()).observe(el);
  return chart;
}

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** What every chart shares: aria description and decals on, HTML tooltips kept inside the chart, quiet animation. */
export function baseOption(description: string): ChartOption {
  return {
    aria: { enabled: true, label: { enabled: true, description }, decal: { show: true } },
    textStyle: { fontFamily: FONT },
    animationDuration: 250,
    animationDurationUpdate: 250,
    tooltip: {
      confine: true,
      backgroundColor: '#ffffff',
      borderColor: '#333',
      textStyle: { color: '#111', fontSize: 13 },
    },
  };
}
