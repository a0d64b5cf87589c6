// Loading a problem into the explorer: the fixture list, a file (picked or
// dropped, JSON or MessagePack), its summary, and the service's validation
// with errors listed by path and marked in the JSON view.

import { formatOf } from '../../src/io/problem-format.js';
import { ApiError, fetchFixture, listFixtures, validateProblem, type ProblemFormat } from './api.js';
import { announce, byId, fill, h, num } from './dom.js';
import { setStatus, state, updateRunButton, type LoadedProblem } from './explorer-state.js';
import { JsonView } from './json-view.js';
import type { ErrorDetail, ProblemInput } from './types.js';

const jsonView = new JsonView(byId('json-view'));

export async function loadFixtureList(): Promise<void> {
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

/** Told of every problem loaded; `fromEditor` when the editor's own text is (it keeps its text then). */
type ProblemListener = (problem: LoadedProblem, fromEditor: boolean) => void;
const problemListeners: ProblemListener[] = [];
export const onProblemLoaded = (listener: ProblemListener): void => void problemListeners.push(listener);

export async function loadProblem(
  label: string,
  bytes: Uint8Array<ArrayBuffer>,
  format: ProblemFormat,
  fromEditor = false,
): Promise<void> {
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
  for (const listener of problemListeners) listener(state.problem, fromEditor);
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

export async function validate(): Promise<void> {
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
export function showErrors(error: ApiError): void {
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
  if (errors.length) byId<HTMLDetailsElement>('json-details').open = true;
  announce(status.textContent);
}

function revealPath(path: string): void {
  byId<HTMLDetailsElement>('json-details').open = true;
  jsonView.reveal(path);
}

export async function loadFile(file: File): Promise<void> {
  setStatus('problem-status', `Reading ${file.name}…`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  await loadProblem(file.name, bytes, formatOf(file.name, bytes));
}

/** Wires the fixture form, the file picker and drops anywhere on the page. */
export function wireProblemLoading(): void {
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
}
