// The frontier explorer: load a problem (fixture, file picker, or drop),
// validate it, solve its frontier with live progress, read the chart, the
// plan of any point and a comparison of two, download them, and overlay the
// frontiers of a batch job's variations. This file wires the panels together;
// each panel is its own module.

import './style.css';
import { byId } from './dom.js';
import { downloadPlan, downloadResult } from './downloads.js';
import { state, views } from './explorer-state.js';
import { clearJob, loadJob } from './job-overlay.js';
import { wireProblemEditor } from './problem-editor.js';
import { loadFixtureList, wireProblemLoading } from './problem-loading.js';
import { wireScenarioPanel } from './scenario-panel.js';
import { run } from './solve-run.js';

wireProblemLoading();
wireProblemEditor();
wireScenarioPanel();

byId('run-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void run();
});
byId('cancel').addEventListener('click', () => state.solving?.abort());

byId('job-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const id = byId<HTMLInputElement>('job-id').value.trim();
  if (id) void loadJob(id);
});
byId('job-clear').addEventListener('click', clearJob);

byId('download-json').addEventListener('click', downloadResult);
byId('download-csv').addEventListener('click', downloadPlan);

// A read-only view for tests and debugging: what the frontier chart draws.
declare global {
  interface Window {
    __lodestoneExplorer?: {
      frontierSeries(): Promise<{ id: string; name: string; type: string; points: number }[]>;
      pointPosition(entryId: string, index: number): Promise<{ x: number; y: number } | null>;
      activeId(): string | undefined;
      expectedCosts(entryId: string): number[] | undefined;
    };
  }
}
window.__lodestoneExplorer = {
  frontierSeries: async () =>
    (
      ((await views).chart.chart.getOption().series ?? []) as {
        id: string;
        name: string;
        type: string;
        data: unknown[];
      }[]
    ).map((s) => ({
      id: String(s.id),
      name: String(s.name),
      type: s.type,
      points: s.data.length,
    })),
  pointPosition: async (entryId, index) => (await views).chart.pointPosition(entryId, index),
  activeId: () => state.activeId,
  expectedCosts: (entryId) => state.entries.find((e) => e.id === entryId)?.result.frontier.map((p) => p.expectedCost),
};

void loadFixtureList().finally(() => performance.mark('explorer-ready'));
