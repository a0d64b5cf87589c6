// The editor's reading of the problem text (web/src/json-tree-paths.ts,
// web/src/schema-completion.ts) and the period names (web/src/period-labels.ts),
// without a browser: the service's error paths must land on the text they
// name, completion must offer what the problem's JSON Schema allows there, and
// months must roll over the year.

import { ensureSyntaxTree } from '@codemirror/language';
import { json } from '@codemirror/lang-json';
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProblemInputSchema } from '../../src/domain/schema.js';
import { jsonPath } from '../../src/domain/json-path.js';
import { pathRanges, pathString, rangeOfPath, segmentsOf } from '../../web/src/json-tree-paths.js';
import { addMonths, periodLabels } from '../../web/src/period-labels.js';
import { nodesAt, type SchemaNode } from '../../web/src/schema-completion.js';

function stateOf(text: string): EditorState {
  const state = EditorState.create({ doc: text, extensions: [json()] });
  ensureSyntaxTree(state, state.doc.length, 5_000);
  return state;
}

const problem = {
  name: 'two suppliers',
  periods: 2,
  products: [{ id: 'motor', designs: [{ id: 'd1', bom: { 'nd-pr': 1.5 } }] }],
  suppliers: [
    { id: 'a', offers: [{ material: 'ndfeb', capacity: 9000 }] },
    { id: 'b', offers: [{ material: 'dy-metal', capacity: [1, 2] }] },
  ],
};

describe('JSON paths in the editor text', () => {
  const text = JSON.stringify(problem, null, 2);
  const state = stateOf(text);
  const ranges = pathRanges(state);
  const at = (path: string) => {
    const range = rangeOfPath(ranges, path);
    return range && text.slice(range.from, range.to);
  };

  it('writes paths as the service does', () => {
    for (const segments of [
      ['suppliers', 1, 'offers', 0, 'material'],
      ['products', 0, 'designs', 0, 'bom', 'nd-pr'],
      [],
    ])
      expect(pathString(segments)).toBe(jsonPath(segments));
  });

  it("finds each error path's value in the text", () => {
    expect(at('$.suppliers[1].offers[0].material')).toBe('"dy-metal"');
    expect(at('$.products[0].designs[0].bom["nd-pr"]')).toBe('1.5');
    expect(at('$.suppliers[1].offers[0].capacity[1]')).toBe('2');
    expect(at('$.periods')).toBe('2');
  });

  it('marks a missing field on the nearest object that is there', () => {
    expect(at('$.suppliers[0].offers[0].unitCost')).toBe(
      '{\n          "material": "ndfeb",\n          "capacity": 9000\n        }',
    );
    expect(at('$.risk.alpha')).toBe(text);
  });

  it('tells the path of the object at the cursor', () => {
    const pos = text.indexOf('"dy-metal"');
    const node = ensureSyntaxTree(state, state.doc.length)!.resolveInner(pos, 1);
    let object = node;
    while (object.name !== 'Object' && object.parent) object = object.parent;
    expect(segmentsOf(state, object)).toEqual(['suppliers', 1, 'offers', 0]);
  });
});

describe('completion from the JSON Schema', () => {
  const schema = z.toJSONSchema(ProblemInputSchema, { io: 'input' }) as SchemaNode;
  const keys = (segments: (string | number)[]) =>
    new Set(nodesAt(schema, segments).flatMap((n) => Object.keys(n.properties ?? {})));

  it('offers the fields of the object at a path, through arrays and references', () => {
    expect([...keys([])]).toEqual(expect.arrayContaining(['periods', 'periodLabels', 'startMonth', 'suppliers']));
    expect([...keys(['suppliers', 0, 'offers', 3])]).toEqual(
      expect.arrayContaining(['material', 'unitCost', 'capacity', 'leadTime']),
    );
    expect(keys(['suppliers', 0, 'offers', 3]).has('periods')).toBe(false);
  });

  it('offers nothing where the schema has no object', () => {
    expect(keys(['periods'])).toEqual(new Set());
    expect(keys(['no-such-field'])).toEqual(new Set());
  });
});

describe('period labels', () => {
  it('counts months from startMonth across years', () => {
    expect(addMonths('2026-01', 0)).toBe('2026-01');
    expect(addMonths('2026-11', 2)).toBe('2027-01');
    expect(addMonths('2025-07', 11)).toBe('2026-06');
    expect(addMonths('2026-13', 0)).toBeUndefined();
  });

  it('prefers periodLabels, then startMonth, then t1..tT', () => {
    expect(periodLabels({ periodLabels: ['Q1', 'Q2'], startMonth: '2026-01' }, 2)).toEqual(['Q1', 'Q2']);
    expect(periodLabels({ periodLabels: ['Q1'], startMonth: '2026-12' }, 2)).toEqual(['2026-12', '2027-01']);
    expect(periodLabels({}, 3)).toEqual(['t1', 't2', 't3']);
    expect(periodLabels(undefined, 1)).toEqual(['t1']);
  });
});
