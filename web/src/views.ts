// The chart-drawing panels, loaded by main.ts with a dynamic import so that
// ECharts (most of the page's bytes) is parsed after the page is usable.

export { FrontierChart } from './frontier-chart.js';
export { PlanPanel } from './plan-panel.js';
