// The problem, editable on the page: a JSON editor (json-editor.ts, loaded
// when it is first opened) that holds the loaded problem, checks it as it is
// typed, and solves the edited version; the run before stays on the chart as
// "Previous run" to compare with (run-comparison.ts).

import { fetchProblemSchema, validateProblem } from './api.js';
import { announce, byId } from './dom.js';
import { setStatus, state } from './explorer-state.js';
import type { Finding, JsonEditor } from './json-editor.js';
import { loadProblem, onProblemLoaded } from './problem-loading.js';
import type { SchemaNode } from './schema-completion.js';
import { run } from './solve-run.js';

const EDITED = ' (edited)';

let editor: JsonEditor | undefined;
let opening: Promise<JsonEditor> | undefined;
let schema: SchemaNode | undefined;
/** The last problem loaded from outside the editor: what "Revert" goes back to. */
let original: { label: string; text: string } | undefined;

const pretty = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

async function check(text: string, signal: AbortSignal): Promise<Finding[]> {
  const outcome = await validateProblem({ bytes: new TextEncoder().encode(text), format: 'json' }, signal);
  const warnings = ((outcome as { warnings?: { path: string; message: string }[] }).warnings ?? []).map(
    (w): Finding => ({ ...w, severity: 'warning' }),
  );
  if (outcome.valid) return warnings;
  const errors = outcome.error.errors.length ? outcome.error.errors : [{ path: '$', message: outcome.error.message }];
  return [...errors.map((e): Finding => ({ ...e, severity: 'error' })), ...warnings];
}

function showFindings(findings: Finding[]): void {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  setStatus(
    'editor-status',
    errors
      ? `${errors} ${errors === 1 ? 'error' : 'errors'}${warnings ? `, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}` : ''}: marked in the text.`
      : warnings
        ? `Valid, with ${warnings} ${warnings === 1 ? 'warning' : 'warnings'} (marked in the text).`
        : 'Valid.',
    errors ? 'error' : 'ok',
  );
}

function open(): Promise<JsonEditor> {
  opening ??= (async () => {
    const parent = byId('problem-editor');
    parent.replaceChildren();
    // Completion needs the schema; the checks do not (they are the service's).
    fetchProblemSchema().then(
      (value) => {
        schema = value as SchemaNode | undefined;
        if (!schema)
          byId('editor-hint').textContent =
            'Field completion needs GET /v1/schema/problem, which this service lacks; checks still work.';
      },
      () => undefined,
    );
    const { JsonEditor } = await import('./json-editor.js');
    editor = new JsonEditor({
      parent,
      text: state.problem ? pretty(state.problem.value) : '',
      schema: () => schema,
      check,
      onChecked: showFindings,
    });
    updateButtons();
    return editor;
  })();
  return opening;
}

function updateButtons(): void {
  byId<HTMLButtonElement>('editor-solve').disabled = !editor || state.solving !== undefined;
  byId<HTMLButtonElement>('editor-revert').disabled = !editor || !original;
}

/** Loads the editor's text as the problem, and solves it when the service finds it valid. */
async function solveEdited(): Promise<void> {
  const ed = editor ?? (await open());
  const text = ed.text;
  try {
    JSON.parse(text);
  } catch (error) {
    setStatus('editor-status', `Not solved: the text is not valid JSON (${(error as Error).message}).`, 'error');
    return;
  }
  const label = `${(original?.label ?? 'problem').replace(EDITED, '')}${EDITED}`;
  await loadProblem(label, new TextEncoder().encode(text), 'json', true);
  if (!state.valid) {
    setStatus('editor-status', 'Not solved: the service found errors (listed above, and marked in the text).', 'error');
    return;
  }
  announce('The edited problem is valid. Solving it.');
  updateButtons();
  await run();
  updateButtons();
}

export function wireProblemEditor(): void {
  const details = byId<HTMLDetailsElement>('editor-details');
  details.addEventListener('toggle', () => {
    if (details.open)
      open().catch((error: Error) => {
        // Asked again on the next opening; a page older than the service it talks to has lost its chunks.
        opening = undefined;
        setStatus(
          'editor-status',
          `The editor could not be loaded (${error.message}); reloading the page helps.`,
          'error',
        );
      });
  });
  onProblemLoaded((problem, fromEditor) => {
    if (fromEditor) return;
    original = { label: problem.label, text: pretty(problem.value) };
    if (editor) editor.text = original.text;
    updateButtons();
  });
  byId('editor-solve').addEventListener('click', () => void solveEdited());
  byId('editor-revert').addEventListener('click', () => {
    if (editor && original) editor.text = original.text;
  });
}
