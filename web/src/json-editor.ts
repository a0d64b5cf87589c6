// The problem's JSON editor: CodeMirror 6 with JSON highlighting, completion
// from the problem's JSON Schema, and the service's own checks as it is
// typed (syntax at once, then POST /v1/validate: every rule, with the paths
// of its errors marked in the text). Loaded only when a planner opens it.

import { autocompletion } from '@codemirror/autocomplete';
import { json, jsonParseLinter } from '@codemirror/lang-json';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { basicSetup, EditorView } from 'codemirror';
import { pathRanges, rangeOfPath } from './json-tree-paths.js';
import { schemaCompletion, type SchemaNode } from './schema-completion.js';

export interface Finding {
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface JsonEditorOptions {
  parent: HTMLElement;
  text: string;
  /** the problem's JSON Schema, once it has come */
  schema: () => SchemaNode | undefined;
  /** the service's checks of a syntactically valid text */
  check: (text: string, signal: AbortSignal) => Promise<Finding[]>;
  /** after each check: what it found (syntax errors have the path "$") */
  onChecked?: (findings: Finding[]) => void;
}

/** The pause after typing before the service is asked (it parses and checks the whole problem). */
const CHECK_DELAY_MS = 500;

export class JsonEditor {
  readonly view: EditorView;
  private checking?: AbortController;

  constructor(options: JsonEditorOptions) {
    const syntax = jsonParseLinter();
    const check = async (view: EditorView): Promise<Diagnostic[]> => {
      const found = syntax(view);
      if (found.length) {
        options.onChecked?.(found.map((d) => ({ path: '$', message: d.message, severity: 'error' })));
        return found;
      }
      this.checking?.abort();
      const controller = (this.checking = new AbortController());
      let findings: Finding[];
      try {
        findings = await options.check(view.state.doc.toString(), controller.signal);
      } catch {
        return [];
      }
      options.onChecked?.(findings);
      const ranges = pathRanges(view.state);
      return findings.flatMap((f) => {
        const range = rangeOfPath(ranges, f.path);
        return range ? [{ ...range, severity: f.severity, source: f.path, message: `${f.path}: ${f.message}` }] : [];
      });
    };
    this.view = new EditorView({
      parent: options.parent,
      doc: options.text,
      extensions: [
        basicSetup,
        json(),
        linter(check, { delay: CHECK_DELAY_MS }),
        lintGutter(),
        autocompletion({ override: [schemaCompletion(options.schema)] }),
        EditorView.contentAttributes.of({ 'aria-label': 'The problem as JSON, editable' }),
      ],
    });
  }

  get text(): string {
    return this.view.state.doc.toString();
  }

  set text(text: string) {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
  }
}
