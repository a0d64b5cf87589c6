// Solving the loaded problem's frontier: the streamed solve with its progress
// line, cancel, and the result made the chart's "This run".

import { ApiError, solveFrontier } from './api.js';
import { announce, byId, money, num } from './dom.js';
import { PREVIOUS_RUN_ID, RUN_ID, state, updateRunButton, type Entry } from './explorer-state.js';
import { activate } from './frontier-panel.js';
import { showErrors } from './problem-loading.js';
import { showRunComparison } from './run-comparison.js';

export async function run(): Promise<void> {
  const problem = state.problem;
  if (!problem || state.solving) return;
  const pointsInput = byId<HTMLInputElement>('points');
  const points = Number(pointsInput.value);
  if (!Number.isInteger(points) || points < 2) {
    pointsInput.setCustomValidity('A whole number, 2 or more');
    pointsInput.reportValidity();
    return;
  }
  pointsInput.setCustomValidity('');
  const controller = (state.solving = new AbortController());
  updateRunButton();
  const cancel = byId<HTMLButtonElement>('cancel');
  cancel.hidden = false;
  const progress = byId<HTMLProgressElement>('progress');
  const text = byId('progress-text');
  // Indeterminate until the end points are solved; then points done out of the total.
  progress.removeAttribute('value');
  text.textContent = `Solving the two end points (0 of ${points})…`;
  byId('run-info').textContent = '';
  const started = performance.now();
  let cheapest = '';
  try {
    const result = await solveFrontier(problem, {
      points,
      signal: controller.signal,
      onProgress: (done, total) => {
        progress.max = total;
        progress.value = done;
        text.textContent = `${done} of ${total} points solved${cheapest}`;
      },
      // The plan a planner reads first, before the rest of the frontier is solved.
      onCheapestPoint: (point) => {
        const currency = problem.input.currency ?? '';
        cheapest = `; the cheapest plan: expected cost ${money(point.expectedCost, currency)}, CVaR ${money(point.cvar, currency)}`;
        text.textContent += cheapest;
      },
    });
    const n = result.frontier.length;
    progress.max = 1;
    progress.value = 1;
    text.textContent = `Done: ${n} ${n === 1 ? 'point' : 'points'}${n < points ? ` (the frontier collapses: the cheapest plan is also the safest)` : ''}.`;
    byId('run-info').textContent =
      `${((performance.now() - started) / 1000).toFixed(1)} s; solver ${result.solver.backend} (${result.solver.method}), ${result.solver.solves ?? '?'} LP solves on ${result.solver.workers ?? '?'} ${result.solver.workers === 1 ? 'worker' : 'workers'}; ` +
      `LP ${num(result.lp.rows)} \u00d7 ${num(result.lp.columns)}.${result.solver.notes?.length ? ` Notes: ${result.solver.notes.join(' ')}` : ''}`;
    const entry: Entry = {
      id: RUN_ID,
      label: 'This run',
      result,
      visible: true,
      origin: 'run',
      problem: problem.input,
    };
    // The run before stays on the chart, to compare with: after an edit, what the edit moved.
    const before = state.entries.find((e) => e.id === RUN_ID);
    const previous: Entry | undefined = before && { ...before, id: PREVIOUS_RUN_ID, label: 'Previous run' };
    state.entries = [
      entry,
      ...(previous ? [previous] : []),
      ...state.entries.filter((e) => e.id !== RUN_ID && e.id !== PREVIOUS_RUN_ID),
    ];
    activate(RUN_ID);
    showRunComparison(previous, entry);
    announce(`Solved: ${n} points on the frontier. The points table lists them.`);
  } catch (error) {
    progress.max = 1;
    progress.value = 0;
    if (controller.signal.aborted) {
      text.textContent = 'Cancelled.';
    } else if (error instanceof ApiError && error.errors.length) {
      text.textContent = 'Not solved: the problem has errors (see 1. Problem).';
      showErrors(error);
    } else {
      text.textContent = `Failed: ${(error as Error).message}`;
      announce(text.textContent);
    }
  } finally {
    state.solving = undefined;
    cancel.hidden = true;
    updateRunButton();
  }
}
