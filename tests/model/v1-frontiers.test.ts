// MODEL.md version 2 promises that a version-1 problem means what it meant
// before and gives the same frontier. Pinned against the code at commit
// 19477f4 (before version 2): every fixture builds the same LP, number for
// number, and the fixtures small enough to solve here give the same E and
// CVaR at every frontier point. The expected values and the command that
// produced them: tests/model/v1-reference/compute.ts.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSourcingLp } from '../../src/model/build-sourcing-lp.js';
import { expectRel, frontierOf, mustParse } from '../helpers/solve.js';
import { HASHED, lpHash, SOLVED } from './v1-reference/compute.js';

const expected = JSON.parse(readFileSync(new URL('./v1-reference/expected.json', import.meta.url), 'utf8')) as Record<
  string,
  { lp: string; frontier?: { expectedCost: number; cvar: number }[] }
>;
const fixture = (name: string) =>
  mustParse(JSON.parse(readFileSync(new URL(`../../fixtures/${name}.json`, import.meta.url), 'utf8')));

describe('a version-1 problem is unchanged by version 2', () => {
  it.each(HASHED)('%s builds the LP it built at 19477f4, bit for bit (same size, same numbers)', (name) => {
    expect(lpHash(buildSourcingLp(fixture(name)).lp)).toBe(expected[name].lp);
  });

  it.each(SOLVED)(
    '%s gives the frontier it gave at 19477f4 (E and CVaR per point, 1e-9 relative)',
    async (name) => {
      const result = await frontierOf(fixture(name), 'highs');
      const want = expected[name].frontier!;
      expect(result.frontier).toHaveLength(want.length);
      result.frontier.forEach((point, i) => {
        expectRel(point.expectedCost, want[i].expectedCost, 1e-9);
        expectRel(point.cvar, want[i].cvar, 1e-9);
      });
    },
    120_000,
  );
});
