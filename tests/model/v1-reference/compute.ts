// Computes the version-1 reference that v1-frontiers.test.ts pins: for every
// fixture, a SHA-256 of the LP the builder makes, and for the fixtures small
// enough to solve in a test, E and CVaR at every frontier point (HiGHS).
// Run it against the code at commit 19477f4 (before MODEL.md version 2):
//   git worktree add /tmp/v1ref 19477f4 && ln -s "$PWD/node_modules" /tmp/v1ref/node_modules
//   npx tsx tests/model/v1-reference/compute.ts /tmp/v1ref > tests/model/v1-reference/expected.json
// and with `.` in place of /tmp/v1ref it prints the same for the current code.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Fixtures solved to the whole frontier here; the bench ones are compared by LP only (their solves take minutes). */
export const SOLVED = ['eu-ev-maker', 'us-motor-maker', 'india-two-wheeler', 'wind-turbine-oem', 'bench/small'];
export const HASHED = [...SOLVED, 'bench/medium', 'bench/large'];

interface LpArrays {
  numRows: number;
  numCols: number;
  offset: number;
  cost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  colStart: Int32Array;
  rowIndex: Int32Array;
  value: Float64Array;
}

/** Every number of the LP, bit for bit. */
export function lpHash(lp: LpArrays): string {
  const h = createHash('sha256');
  h.update(`${lp.numRows} ${lp.numCols} ${lp.offset}`);
  for (const a of [lp.cost, lp.colLower, lp.colUpper, lp.rowLower, lp.rowUpper, lp.colStart, lp.rowIndex, lp.value])
    h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return h.digest('hex');
}

async function main(root: string) {
  const url = (p: string) => pathToFileURL(resolve(root, p)).href;
  const { parseProblem } = (await import(url('src/domain/parse.ts'))) as typeof import('../../../src/domain/parse.js');
  const { buildSourcingLp } = (await import(
    url('src/model/build-sourcing-lp.ts')
  )) as typeof import('../../../src/model/build-sourcing-lp.js');
  const { LocalExecutor } = (await import(
    url('src/frontier/local-executor.ts')
  )) as typeof import('../../../src/frontier/local-executor.js');
  const { solveFrontier } = (await import(
    url('src/frontier/solve-frontier.ts')
  )) as typeof import('../../../src/frontier/solve-frontier.js');
  const out: Record<string, { lp: string; frontier?: { expectedCost: number; cvar: number }[] }> = {};
  for (const name of HASHED) {
    const parsed = parseProblem(JSON.parse(readFileSync(resolve(root, `fixtures/${name}.json`), 'utf8')));
    if (!parsed.ok) throw new Error(`${name}: invalid`);
    const entry: (typeof out)[string] = { lp: lpHash(buildSourcingLp(parsed.problem).lp) };
    if (SOLVED.includes(name)) {
      const executor = LocalExecutor.create(parsed.problem, { backend: 'highs', solveTimeLimitSec: 600 });
      try {
        const result = await solveFrontier(parsed.problem, executor);
        entry.frontier = result.frontier.map((p) => ({ expectedCost: p.expectedCost, cvar: p.cvar }));
      } finally {
        await executor.close();
      }
    }
    out[name] = entry;
    process.stderr.write(`${name} done\n`);
  }
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await main(process.argv[2] ?? '.');
