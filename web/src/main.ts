// The frontier explorer: load a problem (fixture, file picker, or drop),
// validate it, solve its frontier with live progress, read the chart, the
// plan of any point and a comparison of two, download them, and overlay the
// frontiers of a batch job's variations.

import './style.css';
import {
  ApiError,
  fetchFixture,
  fetchJob,
  listFixtures,
  solveFrontier,
  validateProblem,
  type ProblemBytes,
  type ProblemFormat,
} from './api.js';
import { ComparePanel } from './compare-panel.js';
import { announce, byId, download, fill, h, money, num } from './dom.js';
import type { FrontierChart } from './frontier-chart.js';
import { pointLabel, riskName, type FrontierEntry } from './frontier-model.js';
import { JsonView } from './json-view.js';
import { frontierStyle } from './palette.js';
import { planCsv, slug, supplierKinds, type SourceKind } from './plan-data.js';
import type { PlanPanel } from './plan-panel.js';
import type { ErrorDetail, Job, ProblemInput } from './types.js';

interface LoadedProblem extends ProblemBytes {
  label: string;
  value: unknown;
  input: ProblemInput;
}

interface Entry extends FrontierEntry {
  origin: 'run' | 'job';
  /** the problem it was solved from, for supplier kinds and units */
  problem?: ProblemInput;
}

const RUN_ID = 'run';

const state: {
  problem?: LoadedProblem;
  valid: boolean;
  entries: Entry[];
  activeId?: string;
  selected?: number;
  compare: { a?: number; b?: number };
  solving?: AbortController;
  validating?: AbortController;
  job?: { id: string; timer?: number; controller: AbortController };
} = { valid: false, entries: [], compare: {} };

const jsonView = new JsonView(byId('json-view'));
const compare = new ComparePanel((a, b) => {
  state.compare = { a, b };
  withViews(({ chart }) => chart.update(chartState()));
});

// The charts (and ECharts) load after the page is up; until then, and always in
// this order, what they must draw waits for them.
type Views = { chart: FrontierChart; plan: PlanPanel };
const views: Promise<Views> = import('./views.js').then(({ FrontierChart, PlanPanel }) => {
  const chart = new FrontierChart(byId('frontier-chart'), (entryId, index) => select(entryId, index));
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
const withViews = (draw: (views: Views) => void): void => void views.then(draw);

// ------------------------------------------------------------------ loading

async function loadFixtureList(): Promise<void> {
  const select = byId<HTMLSelectElement>('fixture-select');
  try {
    const fixtures = await listFixtures();
    fill(
      select,
      fixtures.map((f) => h('option', { value: f.name }, f.title ? `${f.title} (${f.name})` : f.name)),
    );
    select.disabled = fixtures.length === 0;
    byId<HTMLButtonElement>('fixture-load').disabled = fixtures.length === 0;
    if (fixtures.length === 0) fill(select, h('option', { value: '' }, 'No fixtures on this service'));
  } catch (error) {
    fill(select, h('option', { value: '' }, 'The fixture list could not be loaded'));
    setStatus('problem-status', `The fixture list could not be loaded: ${(error as Error).message}`, 'error');
  }
}

function looksLikeJson(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x7b || bytes[i] === 0x5b;
}

/** The CLI's rule: .msgpack/.mpk are MessagePack, .json is JSON, else JSON if it starts with { or [. */
function formatOf(name: string, bytes: Uint8Array): ProblemFormat {
  if (/\.(msgpack|mpk)$/i.test(name)) return 'msgpack';
  if (/\.json$/i.test(name)) return 'json';
  return looksLikeJson(bytes) ? 'json' : 'msgpack';
}

async function decode(bytes: Uint8Array, format: ProblemFormat): Promise<unknown> {
  if (format === 'json') {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return JSON.parse(text);
  }
  // Loaded only when a MessagePack file is: most planners never need it.
  const { decode: unpack } = await import('@msgpack/msgpack');
  const value = unpack(bytes);
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error('a problem is a map at the top level');
  return value;
}

async function loadProblem(label: string, bytes: Uint8Array<ArrayBuffer>, format: ProblemFormat): Promise<void> {
  let value: unknown;
  try {
    value = await decode(bytes, format);
  } catch (error) {
    state.problem = undefined;
    state.valid = false;
    updateRunButton();
    setStatus(
      'problem-status',
      `${label} is not valid ${format === 'json' ? 'JSON' : 'MessagePack'}: ${(error as Error).message}`,
      'error',
    );
    byId('problem-summary').hidden = true;
    byId('validation').hidden = true;
    fill(byId('json-view'), h('p', { className: 'hint' }, 'Nothing to show: the file could not be read.'));
    return;
  }
  const input = (value ?? {}) as ProblemInput;
  state.problem = { label, bytes, format, value, input };
  state.valid = false;
  setStatus(
    'problem-status',
    `Loaded ${label} (${format === 'json' ? 'JSON' : 'MessagePack'}, ${num(bytes.length / 1024)} kB).`,
  );
  byId<HTMLInputElement>('points').value = String(input.frontier?.points ?? 11);
  renderSummary(input);
  jsonView.render(value);
  updateRunButton();
  announce(`Loaded ${label}. Validating.`);
  await validate();
}

function renderSummary(input: ProblemInput, lp?: { rows: number; columns: number; nonzeros: number }): void {
  const kinds = new Map<string, number>();
  for (const s of input.suppliers ?? []) kinds.set(s.kind ?? '?', (kinds.get(s.kind ?? '?') ?? 0) + 1);
  const scenarios = Array.isArray(input.scenarios)
    ? `${input.scenarios.length} explicit`
    : input.scenarioModel
      ? `${input.scenarioModel.count ?? '?'} generated`
      : '1 (base)';
  const item = (k: string, v: string) => h('div', {}, h('dt', {}, k), h('dd', {}, v));
  const summary = byId('problem-summary');
  fill(
    summary,
    item('Name', input.name ?? '(no name)'),
    item('Periods', String(input.periods ?? '?')),
    item('Materials', (input.materials ?? []).map((m) => m.id).join(', ') || 'none'),
    item('Products', (input.products ?? []).map((p) => p.id).join(', ') || 'none'),
    item(
      'Suppliers',
      `${input.suppliers?.length ?? 0}${kinds.size ? ` (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')})` : ''}`,
    ),
    item('Scenarios', scenarios),
    item('Risk', `CVaR at \u03b1 = ${input.risk?.alpha ?? 0.95}`),
    lp
      ? item('LP size', `${num(lp.rows)} rows \u00d7 ${num(lp.columns)} columns, ${num(lp.nonzeros)} non-zeros`)
      : null,
  );
  summary.hidden = false;
}

async function validate(): Promise<void> {
  const problem = state.problem;
  if (!problem) return;
  state.validating?.abort();
  const controller = (state.validating = new AbortController());
  const status = byId('validation-status');
  byId('validation').hidden = false;
  status.textContent = 'Checking the problem with the service…';
  fill(byId('validation-errors'));
  try {
    const outcome = await validateProblem(problem, controller.signal);
    if (controller.signal.aborted || state.problem !== problem) return;
    if (outcome.valid) {
      state.valid = true;
      status.className = 'status ok';
      status.textContent = `Valid: ${num(outcome.scenarios)} scenarios, an LP of ${num(outcome.lp.columns)} columns. Ready to solve.`;
      renderSummary(problem.input, outcome.lp);
      announce('The problem is valid.');
    } else {
      showErrors(outcome.error);
    }
  } catch (error) {
    if (controller.signal.aborted) return;
    status.className = 'status error';
    status.textContent = `The service could not check the problem: ${(error as Error).message}`;
  } finally {
    updateRunButton();
  }
}

/** Errors from the service: listed with their paths, and written next to what they name in the JSON view. */
function showErrors(error: ApiError): void {
  state.valid = false;
  updateRunButton();
  byId('validation').hidden = false;
  const status = byId('validation-status');
  status.className = 'status error';
  const errors = error.errors;
  status.textContent = errors.length
    ? `${errors.length} ${errors.length === 1 ? 'error' : 'errors'}: ${error.message}`
    : error.message;
  const list = byId('validation-errors');
  fill(
    list,
    errors.map((e: ErrorDetail) =>
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            className: 'link path',
            'data-path': e.path,
            title: 'Show it in the problem',
            onClick: () => revealPath(e.path),
          },
          h('code', {}, e.path),
        ),
        ' ',
        h('span', {}, e.message),
      ),
    ),
  );
  if (state.problem) jsonView.render(state.problem.value, errors);
  if (errors.length) (byId('json-details') as HTMLDetailsElement).open = true;
  announce(status.textContent);
}

function revealPath(path: string): void {
  (byId('json-details') as HTMLDetailsElement).open = true;
  jsonView.reveal(path);
}

// ------------------------------------------------------------------ solving

function updateRunButton(): void {
  byId<HTMLButtonElement>('run').disabled = !state.problem || !state.valid || state.solving !== undefined;
}

async function run(): Promise<void> {
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
  try {
    const result = await solveFrontier(problem, {
      points,
      signal: controller.signal,
      onProgress: (done, total) => {
        progress.max = total;
        progress.value = done;
        text.textContent = `${done} of ${total} points solved`;
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
    state.entries = [entry, ...state.entries.filter((e) => e.id !== RUN_ID)];
    activate(RUN_ID);
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

// ------------------------------------------------------------------ frontier, selection

const activeEntry = (): Entry | undefined => state.entries.find((e) => e.id === state.activeId);
const kindsOf = (entry: Entry | undefined): Map<string, SourceKind> =>
  supplierKinds(entry?.problem ?? state.problem?.input);

function chartState() {
  return { entries: state.entries, activeId: state.activeId, selected: state.selected, compare: state.compare };
}

/** Makes an entry the one the table, plan and comparison read; no point selected yet. */
function activate(entryId: string): void {
  const entry = state.entries.find((e) => e.id === entryId);
  if (!entry) return;
  state.activeId = entryId;
  state.selected = undefined;
  state.compare = { a: 0, b: entry.result.frontier.length - 1 };
  renderFrontier();
  withViews(({ plan }) => plan.show(null));
  compare.show(entry, kindsOf(entry), state.compare);
}

function select(entryId: string, index: number): void {
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

function renderFrontier(): void {
  withViews(({ chart }) => chart.update(chartState()));
  renderFrontierList();
  renderPointsTable();
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
        { className: selected ? 'selected' : undefined, 'aria-current': selected ? 'true' : undefined },
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

// ------------------------------------------------------------------ batch jobs

const JOB_RUNNING = /^(queued|pending|waiting|running|started|in[_-]?progress)$/i;
const JOB_POLL_MS = 2000;

function describeProgress(progress: unknown): string {
  if (typeof progress === 'number') return progress <= 1 ? `${Math.round(progress * 100)}%` : String(progress);
  if (progress && typeof progress === 'object') {
    const p = progress as { done?: number; total?: number };
    if (typeof p.done === 'number' && typeof p.total === 'number') return `${p.done} of ${p.total}`;
  }
  return '';
}

/** A variation's error: a sentence, or the API's error shape ({code, message}, or {error: {...}}). */
function describeError(error: unknown): string {
  if (typeof error === 'string') return error;
  const e = (error as { error?: unknown })?.error ?? error;
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  if (typeof message === 'string') return typeof code === 'string' ? `${message} (${code})` : message;
  return JSON.stringify(error);
}

async function loadJob(id: string): Promise<void> {
  stopJob();
  const controller = new AbortController();
  state.job = { id, controller };
  const status = byId('job-status');
  status.className = 'status';
  status.textContent = `Loading job ${id}…`;
  const poll = async () => {
    let job: Job;
    try {
      job = await fetchJob(id, controller.signal);
    } catch (error) {
      if (controller.signal.aborted) return;
      status.className = 'status error';
      status.textContent =
        error instanceof ApiError && error.status === 404
          ? `No job ${id} on this service.`
          : `Job ${id} could not be loaded: ${(error as Error).message}`;
      return;
    }
    if (state.job?.id !== id || controller.signal.aborted) return;
    showJob(job);
    if (JOB_RUNNING.test(job.status)) state.job.timer = window.setTimeout(poll, JOB_POLL_MS);
  };
  await poll();
}

function stopJob(): void {
  if (state.job?.timer) clearTimeout(state.job.timer);
  state.job?.controller.abort();
  state.job = undefined;
}

function showJob(job: Job): void {
  const done = job.variations.filter((v) => v.result && v.result.frontier?.length);
  const progress = describeProgress(job.progress);
  const status = byId('job-status');
  status.className = 'status';
  status.textContent = `Job ${job.id}: ${job.status}${progress ? ` (${progress})` : ''}; ${done.length} of ${job.variations.length} variations overlaid on the chart.`;
  fill(
    byId('job-variations'),
    job.variations.map((v) =>
      h(
        'li',
        {},
        h('strong', {}, v.name),
        ` \u2014 ${v.status}`,
        v.result?.frontier ? `, ${v.result.frontier.length} points` : '',
        v.error ? `: ${describeError(v.error)}` : '',
      ),
    ),
  );
  const prefix = `job:${job.id}:`;
  const previous = new Map(state.entries.filter((e) => e.id.startsWith(prefix)).map((e) => [e.id, e]));
  const jobEntries: Entry[] = done.map((v) => ({
    id: `${prefix}${v.name}`,
    label: v.name,
    result: v.result!,
    visible: previous.get(`${prefix}${v.name}`)?.visible ?? true,
    origin: 'job',
  }));
  state.entries = [...state.entries.filter((e) => e.origin !== 'job'), ...jobEntries];
  byId('job-clear').hidden = false;
  if (!activeEntry()) {
    if (state.entries[0]) activate(state.entries[0].id);
    else renderFrontier();
  } else renderFrontier();
  announce(status.textContent);
}

function clearJob(): void {
  stopJob();
  state.entries = state.entries.filter((e) => e.origin !== 'job');
  byId('job-clear').hidden = true;
  fill(byId('job-variations'));
  byId('job-status').textContent = 'Overlay cleared.';
  if (!activeEntry()) {
    state.activeId = undefined;
    state.selected = undefined;
    withViews(({ plan }) => plan.show(null));
    compare.show(null, new Map(), {});
    if (state.entries[0]) activate(state.entries[0].id);
  }
  renderFrontier();
}

// ------------------------------------------------------------------ downloads

function downloadResult(): void {
  const entry = activeEntry();
  if (!entry) return;
  const name = `${slug(entry.result.name)}${entry.origin === 'job' ? `-${slug(entry.label)}` : ''}-frontier.json`;
  download(name, 'application/json', `${JSON.stringify(entry.result, null, 2)}\n`);
}

function downloadPlan(): void {
  const entry = activeEntry();
  if (!entry || state.selected === undefined) return;
  const point = entry.result.frontier[state.selected];
  const name = `${slug(entry.result.name)}${entry.origin === 'job' ? `-${slug(entry.label)}` : ''}-${pointLabel(state.selected).toLowerCase()}-plan.csv`;
  download(name, 'text/csv', planCsv(point, kindsOf(entry)));
}

// ------------------------------------------------------------------ wiring

function setStatus(id: string, message: string, tone: 'ok' | 'error' | '' = ''): void {
  const el = byId(id);
  el.className = `status ${tone}`.trim();
  el.textContent = message;
}

async function loadFile(file: File): Promise<void> {
  setStatus('problem-status', `Reading ${file.name}…`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  await loadProblem(file.name, bytes, formatOf(file.name, bytes));
}

byId('fixture-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = byId<HTMLSelectElement>('fixture-select').value;
  if (!name) return;
  setStatus('problem-status', `Loading ${name}…`);
  fetchFixture(name).then(
    (bytes) => loadProblem(name, bytes, 'json'),
    (error: Error) => setStatus('problem-status', `${name} could not be loaded: ${error.message}`, 'error'),
  );
});

const fileInput = byId<HTMLInputElement>('file-input');
fileInput.addEventListener('change', () => {
  const file = fileInput.files?.[0];
  // Emptied, so that choosing the same file again (after editing it) loads it again.
  fileInput.value = '';
  if (file) void loadFile(file);
});

// A file dropped anywhere on the page is loaded (and never opened by the browser instead).
const dropZone = byId('drop-zone');
document.addEventListener('dragover', (event) => {
  if (!event.dataTransfer?.types.includes('Files')) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = 'copy';
  dropZone.classList.add('dragging');
});
document.addEventListener('dragleave', (event) => {
  if (event.relatedTarget === null) dropZone.classList.remove('dragging');
});
document.addEventListener('drop', (event) => {
  const file = event.dataTransfer?.files?.[0];
  dropZone.classList.remove('dragging');
  if (!file) return;
  event.preventDefault();
  void loadFile(file);
});

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
};

void loadFixtureList().finally(() => performance.mark('explorer-ready'));
