// Section 2: one cold LP solve (open a session, minimise expected cost,
// dispose) per back-end and size. jsLPSolver gets a time limit and is not
// tried at sizes above one where it already ran out of time.

import { buildSourcingLp } from '../../src/model/build-sourcing-lp.js';
import type { SparseLp } from '../../solver/lp.js';
import { getBackend } from '../../solver/registry.js';
import type { SolveResult } from '../../solver/types.js';
import type { BenchContext } from '../lib/context.js';
import { measure, median, relDiff } from '../lib/measure.js';
import { BENCH_SIZES, benchProblem, type BenchSize } from '../lib/problems.js';
import { SectionReport } from '../lib/report.js';
import type { Row } from '../lib/table.js';
import { warmUpThisThread } from '../lib/warmup.js';

const BACKENDS = ['highs', 'auto', 'jslp'] as const;

/** Open, solve, dispose: what one stand-alone LP costs on a back-end. */
export async function coldSolve(backend: string, lp: SparseLp, timeLimitSec: number): Promise<SolveResult> {
  const session = await getBackend(backend).open(lp);
  try {
    return await session.solve({ timeLimitSec });
  } finally {
    session.dispose();
  }
}

function samplesFor(size: BenchSize, quick: boolean): number {
  if (size === 'small') return quick ? 3 : 5;
  return size === 'medium' ? 2 : 1;
}

export async function solveSection(ctx: BenchContext): Promise<SectionReport> {
  const report = new SectionReport('2. One LP solve per back-end and size');
  const sizes = ctx.quick ? BENCH_SIZES.slice(0, 1) : BENCH_SIZES;
  const jslpLimitSec = ctx.quick ? 2 : 10;
  let jslpOverAt: BenchSize | null = null;
  const first = await warmUpThisThread();
  if (first.length) {
    report.note(
      `first ${first.length} HiGHS solves of bench/small in this process (fresh session each): ${first.map((ms) => ms.toFixed(0)).join(', ')} ms; ` +
        'V8 runs the WASM on baseline code until it has optimised the hot functions, so a fresh process (the CLI, a new worker) pays this once. Timings below are after it.',
    );
  }
  const rows: Row[] = [];
  for (const size of sizes) {
    const lp = buildSourcingLp(benchProblem(size)).lp;
    let reference: number | null = null;
    for (const backend of BACKENDS) {
      const base: Row = { size, columns: lp.numCols, backend };
      if (backend === 'jslp') {
        if (jslpOverAt) {
          rows.push({
            ...base,
            'cold ms p50': `> ${jslpLimitSec} s`,
            status: `not run (over the limit at ${jslpOverAt})`,
          });
          continue;
        }
        const probe = await coldSolve(backend, lp, jslpLimitSec);
        if (probe.status !== 'optimal') {
          if (probe.status === 'time_limit') jslpOverAt = size;
          rows.push({
            ...base,
            'cold ms p50': probe.status === 'time_limit' ? `> ${jslpLimitSec} s` : null,
            status: probe.status,
          });
          continue;
        }
      }
      const last: { result?: SolveResult } = {};
      const solveTimes: number[] = [];
      const limit = backend === 'jslp' ? jslpLimitSec : ctx.solveTimeLimitSec;
      const timing = await measure(
        `${backend} ${size}`,
        async () => {
          last.result = await coldSolve(backend, lp, limit);
          solveTimes.push(last.result.ms);
        },
        { iterations: samplesFor(size, ctx.quick) },
      );
      const result = last.result;
      if (!result || result.status !== 'optimal') {
        rows.push({ ...base, 'cold ms p50': timing.p50, status: result?.status ?? 'error' });
        continue;
      }
      reference ??= result.objective;
      ctx.shared.coldSolves.set(`${backend}/${size}`, {
        ms: timing.p50,
        solveMs: median(solveTimes),
        objective: result.objective,
        iterations: result.iterations,
        method: `${result.backend} ${result.method}`,
        columns: lp.numCols,
      });
      rows.push({
        ...base,
        'cold ms p50': timing.p50,
        'solve ms p50': median(solveTimes),
        'cold ms min': timing.min,
        samples: timing.samples,
        method: `${result.backend} ${result.method}`,
        iterations: result.iterations,
        objective: result.objective,
        'Δ rel vs first': relDiff(result.objective, reference),
        status: result.status,
      });
    }
  }
  report.table(
    `min expected cost, cold (open session + solve + dispose; "solve ms" is SolveResult.ms, the solve alone); jsLPSolver limit ${jslpLimitSec} s`,
    rows,
  );
  return report;
}
