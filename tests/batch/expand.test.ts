// Batch expansion (src/batch/expand.ts) and validation (validate.ts): what a
// batch stands for, how its variations are named, and how an invalid one is
// reported (index, name, path) before anything runs.

import { describe, expect, it } from 'vitest';
import { expandBatch } from '../../src/batch/expand.js';
import { gridLabels } from '../../src/batch/sweep-grid.js';
import { materialise, type ExpandedBatch } from '../../src/batch/variations.js';
import { validateBatch } from '../../src/batch/validate.js';
import { DEFAULT_LIMITS } from '../../src/domain/limits.js';
import { fixture } from '../helpers/http-server.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

const LIMIT = { maxVariations: 1000 };

function expanded(input: unknown): ExpandedBatch {
  const expansion = expandBatch(input, LIMIT);
  if (!expansion.ok) throw new Error(JSON.stringify(expansion.errors));
  return expansion.batch;
}

const wind = fixture('wind-turbine-oem.json') as Record<string, unknown>;
const licenceSweep = {
  base: {
    ...sampleProblemInput(),
    scenarios: undefined,
    scenarioModel: {
      count: 8,
      seed: 3,
      drivers: [{ id: 'cn', type: 'licence', target: { kind: 'chinese_licensed' }, approval: { EU: 0.8, IN: 0.2 } }],
    },
  },
  sweep: {
    variations: [
      { name: 'EU', patch: [] },
      { name: 'IN', patch: [{ op: 'replace', path: '/destination', value: 'IN' }] },
    ],
    grid: { '/scenarioModel/drivers/0/approval/EU': [0.2, 0.5, 0.8], '/frontier/points': [3, 5] },
  },
};

describe('expandBatch', () => {
  it('crosses every variation with every grid point, in order, with readable names', () => {
    const batch = expanded(licenceSweep);
    expect(batch.documents).toHaveLength(1);
    expect(batch.variations.map((v) => v.name)).toEqual([
      'EU / approval.EU=0.2, frontier.points=3',
      'EU / approval.EU=0.2, frontier.points=5',
      'EU / approval.EU=0.5, frontier.points=3',
      'EU / approval.EU=0.5, frontier.points=5',
      'EU / approval.EU=0.8, frontier.points=3',
      'EU / approval.EU=0.8, frontier.points=5',
      'IN / approval.EU=0.2, frontier.points=3',
      'IN / approval.EU=0.2, frontier.points=5',
      'IN / approval.EU=0.5, frontier.points=3',
      'IN / approval.EU=0.5, frontier.points=5',
      'IN / approval.EU=0.8, frontier.points=3',
      'IN / approval.EU=0.8, frontier.points=5',
    ]);
    expect(batch.variations.map((v) => v.index)).toEqual([...Array(12).keys()]);

    const problem = materialise(batch.documents, batch.variations[9]) as {
      destination: string;
      frontier: { points: number };
      scenarioModel: { drivers: { approval: Record<string, number> }[] };
    };
    expect(problem.destination).toBe('IN');
    expect(problem.scenarioModel.drivers[0].approval).toEqual({ EU: 0.5, IN: 0.2 });
    expect(problem.frontier.points).toBe(5);
    // The base is never modified: each variation patches its own copy.
    expect((licenceSweep.base as { destination: string }).destination).toBe('EU');
    expect(licenceSweep.base.scenarioModel.drivers[0].approval.EU).toBe(0.8);
  });

  it('names a grid-only sweep by its grid point, and a bare base by its name', () => {
    expect(
      expanded({ base: wind, sweep: { grid: { '/risk/alpha': [0.9, 0.99] } } }).variations.map((v) => v.name),
    ).toEqual(['risk.alpha=0.9', 'risk.alpha=0.99']);
    expect(expanded({ base: wind }).variations.map((v) => v.name)).toEqual([wind.name]);
    expect(
      expanded({ base: wind, sweep: { variations: [{ patch: [] }, { patch: [] }] } }).variations.map((v) => v.name),
    ).toEqual(['variation 1', 'variation 2']);
  });

  it('names the problems of a list by their names, made unique', () => {
    const a = sampleProblemInput();
    const b = sampleProblemInput();
    const { name: _, ...unnamed } = sampleProblemInput();
    const batch = expanded({ problems: [a, b, unnamed] });
    expect(batch.variations.map((v) => v.name)).toEqual([a.name, `${a.name} (2)`, 'problem 3']);
    expect(batch.documents).toHaveLength(3);
    expect(materialise(batch.documents, batch.variations[1])).toEqual(b);
  });

  it('labels grid pointers by their last two tokens, longer where needed', () => {
    expect(gridLabels(['/scenarioModel/drivers/0/approval/EU'])).toEqual(['approval.EU']);
    expect(gridLabels(['/products/0/demand'])).toEqual(['products.0.demand']);
    expect(gridLabels(['/scenarioModel/drivers/0/approval/EU', '/scenarioModel/drivers/1/approval/EU'])).toEqual([
      '0.approval.EU',
      '1.approval.EU',
    ]);
    expect(gridLabels(['/periods'])).toEqual(['periods']);
  });

  it('replaces a grid location that exists and adds one whose parent object exists', () => {
    const batch = expanded({ base: wind, sweep: { grid: { '/frontier/points': [3], '/risk/alpha': [0.9] } } });
    const [variation] = batch.variations;
    expect(variation.patch).toContainEqual({ op: 'replace', path: '/risk/alpha', value: 0.9 });
    const withoutFrontier = { ...wind, frontier: undefined };
    delete withoutFrontier.frontier;
    const errors = expandBatch({ base: withoutFrontier, sweep: { grid: { '/frontier/points': [3] } } }, LIMIT);
    expect(errors).toEqual({
      ok: false,
      errors: [{ path: '$.sweep.grid["/frontier/points"]', message: expect.stringContaining('does not exist') }],
    });
  });

  it('reports a patch that does not apply with the variation index, name and path', () => {
    const expansion = expandBatch(
      {
        base: sampleProblemInput(),
        sweep: {
          variations: [
            { name: 'fine', patch: [{ op: 'replace', path: '/destination', value: 'US' }] },
            {
              name: 'typo',
              patch: [
                { op: 'replace', path: '/destination', value: 'IN' },
                { op: 'replace', path: '/scenarioModel/count', value: 9 },
              ],
            },
          ],
          grid: { '/risk/alpha': [0.9, 0.95] },
        },
      },
      LIMIT,
    );
    expect(expansion).toEqual({
      ok: false,
      errors: [
        {
          variation: 1,
          name: 'typo',
          path: '$.sweep.variations[1].patch[1]',
          message: 'replace /scenarioModel/count: there is nothing at /scenarioModel/count in the base problem',
        },
      ],
    });
  });

  it('refuses malformed batches with the path of each mistake', () => {
    const errors = (input: unknown) => {
      const e = expandBatch(input, LIMIT);
      return e.ok ? [] : e.errors.map((x) => x.path);
    };
    expect(errors([])).toEqual(['$']);
    expect(errors({})).toEqual(['$']);
    expect(errors({ problems: [], extra: 1 })).toEqual(['$.extra']);
    expect(errors({ problems: [] })).toEqual(['$.problems']);
    expect(errors({ problems: [wind], base: wind })).toEqual(['$']);
    expect(errors({ base: wind, sweep: { variation: [] } })).toEqual(['$.sweep.variation']);
    expect(
      errors({ base: wind, sweep: { variations: [{ name: 'a', patch: [{ op: 'frobnicate', path: '/x' }] }] } }),
    ).toEqual(['$.sweep.variations[0].patch[0].op']);
    expect(errors({ base: wind, sweep: { variations: [{ name: 'a', patch: [{ op: 'add', path: 'x' }] }] } })).toEqual([
      '$.sweep.variations[0].patch[0].path',
      '$.sweep.variations[0].patch[0].value',
    ]);
    expect(errors({ base: wind, sweep: { variations: [{ name: 'a' }, { name: 'a' }] } })).toEqual([
      '$.sweep.variations[1].name',
    ]);
    expect(errors({ base: wind, sweep: { grid: { '/risk/alpha': [] } } })).toEqual(['$.sweep.grid["/risk/alpha"]']);
    expect(errors({ base: wind, sweep: { grid: { 'risk/alpha': [1] } } })).toEqual(['$.sweep.grid["risk/alpha"]']);
  });

  it('refuses patches that would reach an object prototype', () => {
    const expansion = expandBatch(
      {
        base: wind,
        sweep: { variations: [{ name: 'evil', patch: [{ op: 'add', path: '/__proto__/polluted', value: 1 }] }] },
      },
      LIMIT,
    );
    expect(expansion).toMatchObject({
      ok: false,
      errors: [{ path: '$.sweep.variations[0].patch[0].path', message: expect.stringContaining('prototype') }],
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('counts the variations before expanding them, against the limit', () => {
    const grid = Object.fromEntries(
      ['/risk/alpha', '/periods', '/frontier/points', '/destination'].map((p) => [p, Array(10).fill(1)]),
    );
    const expansion = expandBatch({ base: wind, sweep: { grid } }, LIMIT);
    expect(expansion).toEqual({
      ok: false,
      errors: [{ path: '$.sweep', message: expect.stringContaining('expands to 10000 variations'), overLimit: true }],
    });
  });
});

describe('validateBatch', () => {
  it('validates every variation and reports each invalid one with its index, name and the path in its problem', async () => {
    const batch = expanded({
      base: sampleProblemInput(),
      sweep: {
        variations: [
          { name: 'ok', patch: [] },
          { name: 'negative demand', patch: [{ op: 'replace', path: '/products/0/demand', value: -5 }] },
        ],
        grid: { '/risk/alpha': [0.9, 1.5] },
      },
    });
    const errors = await validateBatch(batch, DEFAULT_LIMITS);
    expect(errors.map(({ variation, name, path }) => ({ variation, name, path }))).toEqual([
      { variation: 1, name: 'ok / risk.alpha=1.5', path: '$.risk.alpha' },
      { variation: 2, name: 'negative demand / risk.alpha=0.9', path: '$.products[0].demand' },
      { variation: 3, name: 'negative demand / risk.alpha=1.5', path: '$.products[0].demand' },
      { variation: 3, name: 'negative demand / risk.alpha=1.5', path: '$.risk.alpha' },
    ]);
    expect(errors[0].message).toMatch(/< 1/);
  });

  it('passes a valid batch, and marks size limits as such', async () => {
    expect(await validateBatch(expanded({ problems: [sampleProblemInput(), wind] }), DEFAULT_LIMITS)).toEqual([]);
    const errors = await validateBatch(expanded({ problems: [wind] }), { ...DEFAULT_LIMITS, maxColumns: 10 });
    expect(errors).toEqual([
      { variation: 0, name: wind.name, path: '$', message: expect.stringContaining('columns'), overLimit: true },
    ]);
  });
});
