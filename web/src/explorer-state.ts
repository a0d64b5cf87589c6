// What the explorer's panels share: the loaded problem, the frontiers on the
// chart, the selection, and the chart views (loaded after the page is up).
// One object, so every panel reads the same truth; the panels own the DOM.

import type { ProblemBytes } from './api.js';
import { ComparePanel } from './compare-panel.js';
import { byId, fill, h } from './dom.js';
import type { FrontierChart } from './frontier-chart.js';
import type { FrontierEntry } from './frontier-model.js';
import { supplierKinds, type SourceKind } from './plan-data.js';
import type { PlanPanel } from './plan-panel.js';
import type { ProblemInput } from './types.js';

export interface LoadedProblem extends ProblemBytes {
  label: string;
  value: unknown;
  input: ProblemInput;
}

export interface Entry extends FrontierEntry {
  origin: 'run' | 'job';
  /** the problem it was solved from, for supplier kinds, units and period labels */
  problem?: ProblemInput;
}

export const RUN_ID = 'run';
/** The run before this one, kept on the chart to compare with. */
export const PREVIOUS_RUN_ID = 'previous-run';

export const state: {
  problem?: LoadedProblem;
  valid: boolean;
  entries: Entry[];
  activeId?: string;
  selected?: number;
  compare: { a?: number; b?: number };
  solving?: AbortController;
  validating?: AbortController;
  job?: { id: string; controller: AbortController; close?: () => void };
} = { valid: false, entries: [], compare: {} };

// The charts (and ECharts) load after the page is up; until then, and always in
// this order, what they must draw waits for them.
export type Views = { chart: FrontierChart; plan: PlanPanel };
let onChartClick: (entryId: string, index: number) => void = () => undefined;
/** Where a click on a chart point goes (the frontier panel's select). */
export const setChartClick = (handler: (entryId: string, index: number) => void): void => {
  onChartClick = handler;
};

export const views: Promise<Views> = import('./views.js').then(({ FrontierChart, PlanPanel }) => {
  const chart = new FrontierChart(byId('frontier-chart'), (entryId, index) => onChartClick(entryId, index));
  chart.update(chartState());
  performance.mark('explorer-charts-ready');
  return { chart, plan: new PlanPanel() };
});
views.catch((error: Error) =>
  fill(
    byId('frontier-chart'),
    h('p', { className: 'status error' }, `The charts could not be loaded: ${error.message}`),
  ),
);
export const withViews = (draw: (views: Views) => void): void => void views.then(draw);

export const compare = new ComparePanel((a, b) => {
  state.compare = { a, b };
  withViews(({ chart }) => chart.update(chartState()));
});

export const activeEntry = (): Entry | undefined => state.entries.find((e) => e.id === state.activeId);
export const kindsOf = (entry: Entry | undefined): Map<string, SourceKind> =>
  supplierKinds(entry?.problem ?? state.problem?.input);

export function chartState() {
  return { entries: state.entries, activeId: state.activeId, selected: state.selected, compare: state.compare };
}

export function updateRunButton(): void {
  byId<HTMLButtonElement>('run').disabled = !state.problem || !state.valid || state.solving !== undefined;
}

export function setStatus(id: string, message: string, tone: 'ok' | 'error' | '' = ''): void {
  const el = byId(id);
  el.className = `status ${tone}`.trim();
  el.textContent = message;
}
