// Section 3b: `lodestone solve` as a planner runs it, timed from process start
// to exit (start-up, LP build, worker warm-up and every step included): the
// 21-point frontier on 1 and 2 workers, when point A is announced, and the peak
// RSS of the process. Targets T3, T5 and T6 read these runs.

import { fileURLToPath } from 'node:url';
import { cliKey, type BenchContext, type CliMeasure } from '../lib/context.js';
import { cliUnavailable, frontierGap, runCliSolve, type CliRun } from '../lib/cli-run.js';
import type { BenchSize } from '../lib/problems.js';
import { SectionReport } from '../lib/report.js';
import type { Row } from '../lib/table.js';

const POINTS = 21;

function plan(ctx: BenchContext): { size: BenchSize; workers: number[] }[] {
  if (ctx.quick) return [{ size: 'small', workers: [1, 2] }];
  return [
    { size: 'medium', workers: [1, 2] },
    // the T5 and T6 frontier: about half a minute on 2 workers
    { size: 'large', workers: [2] },
  ];
}

export async function cliSection(ctx: BenchContext): Promise<SectionReport> {
  const report = new SectionReport('3b. The CLI from process start (lodestone solve --workers N)');
  const why = cliUnavailable();
  if (why) {
    report.note(`skipped: ${why}`);
    return report;
  }
  for (const { size, workers } of plan(ctx)) {
    const file = fileURLToPath(new URL(`../../fixtures/bench/${size}.json`, import.meta.url));
    const rows: Row[] = [];
    const runs: CliRun[] = [];
    for (const n of workers) {
      const run = await runCliSolve(file, ['--points', String(POINTS), '--workers', String(n)]);
      runs.push(run);
      const measure: CliMeasure = {
        size,
        points: POINTS,
        workers: n,
        wallMs: run.wallMs,
        firstPointMs: run.firstPointMs,
        peakRssMb: run.peakRssMb,
        cheapestExpectedCost: run.result.frontier[0].expectedCost,
      };
      ctx.shared.cli.set(cliKey(size, n), measure);
      rows.push({
        workers: n,
        'wall ms': run.wallMs,
        'point A ms': run.firstPointMs,
        'A / wall': run.firstPointMs === null ? null : run.firstPointMs / run.wallMs,
        'vs 1 worker': n > 1 && runs.length > 1 ? run.wallMs / runs[0].wallMs : null,
        'same frontier as 1 worker (max rel gap)':
          n > 1 && runs.length > 1 ? frontierGap(runs[0].result, run.result) : null,
        'peak RSS MB': run.peakRssMb,
        'solver ms (sum)': run.result.timings.solveMs,
        solves: run.result.solver.solves,
        backend: `${run.result.solver.backend} (${run.result.solver.method})`,
        'points out': run.result.frontier.length,
      });
    }
    report.table(`bench/${size}, ${POINTS} points, auto back-end, one process per row`, rows);
    if (workers.includes(1) && workers.includes(2)) report.note(await ceiling(file, runs[0].wallMs));
  }
  return report;
}

/**
 * What two solver threads get from these cores at all: two 1-worker processes
 * of the same frontier at once. If each takes r times its time alone, no split
 * of one frontier over 2 workers beats r / 2 of the 1-worker time.
 */
async function ceiling(file: string, aloneMs: number): Promise<string> {
  const pair = await Promise.all([0, 1].map(() => runCliSolve(file, ['--points', String(POINTS), '--workers', '1'])));
  const slowest = Math.max(...pair.map((r) => r.wallMs));
  const r = slowest / aloneMs;
  return `the machine's ceiling for 2 solver threads: two 1-worker runs at once took ${(slowest / 1000).toFixed(1)} s against ${(aloneMs / 1000).toFixed(1)} s alone (${r.toFixed(2)}x), so a 2-worker frontier cannot beat ${(r / 2).toFixed(2)}x of 1 worker here`;
}
