// How the epsilon grid is cut into one warm-started run per worker.

import { describe, expect, it } from 'vitest';
import { contiguousRuns } from '../../src/frontier/solve-frontier.js';

const items = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('contiguousRuns', () => {
  it('keeps every item once, in order, in at most `parts` runs, none empty', () => {
    for (const n of [0, 1, 2, 5, 19, 199]) {
      for (const parts of [1, 2, 3, 8]) {
        for (const weight of [undefined, (i: number) => i + 1]) {
          const runs = contiguousRuns(items(n), parts, weight);
          expect(runs.flat()).toEqual(items(n));
          expect(runs.length).toBe(Math.min(parts, n));
          expect(runs.every((run) => run.length > 0)).toBe(true);
        }
      }
    }
  });

  it('splits equal weights into runs whose lengths differ by at most one', () => {
    expect(contiguousRuns(items(19), 2).map((r) => r.length)).toEqual([9, 10]);
    expect(contiguousRuns(items(20), 3).map((r) => r.length)).toEqual([7, 6, 7]);
  });

  it('gives the heavy end fewer items: weights rising linearly cut 19 steps at 13', () => {
    const runs = contiguousRuns(items(19), 2, (i) => i + 1);
    expect(runs.map((r) => r.length)).toEqual([13, 6]);
    // the cut nearest half the weight (95 of 190): 91 before it, 99 after (one later: 105 and 85)
    const weightOf = (run: number[]) => run.reduce((s, i) => s + i + 1, 0);
    expect(weightOf(runs[0])).toBe(91);
    expect(weightOf(runs[1])).toBe(99);
  });
});
