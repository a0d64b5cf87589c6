// Section 5: the same LPs (min expected cost) exported as MPS and solved by
// native CLP, against our cold HiGHS (WASM) solve from section 2.

import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSourcingLp } from '../../src/model/build-sourcing-lp.js';
import { exportLp } from '../../solver/lp-format/write-lp.js';
import { findClp, runClp, type ClpRun } from '../lib/clp.js';
import type { BenchContext, ColdSolve } from '../lib/context.js';
import { relDiff } from '../lib/measure.js';
import { BENCH_SIZES, benchProblem } from '../lib/problems.js';
import { SectionReport } from '../lib/report.js';
import type { Cell, Row } from '../lib/table.js';
import { warmUpThisThread } from '../lib/warmup.js';
import { coldSolve } from './solve.js';

export const CLP_INSTALL = 'sudo apt-get install -y coinor-clp   (Debian/Ubuntu; see benchmarks/README.md)';

const clpCell = (run: ClpRun, limitSec: number): Cell =>
  run.status === 'killed' ? `> ${limitSec} s` : run.status === 'failed' ? 'failed' : run.solveMs;

export async function nativeSection(ctx: BenchContext): Promise<SectionReport> {
  const report = new SectionReport('5. Native reference (COIN-OR CLP)');
  const clp = findClp();
  if (!clp) {
    report.note(`skipped: no \`clp\` on PATH. Install it with: ${CLP_INSTALL}`);
    return report;
  }
  const sizes = ctx.quick ? BENCH_SIZES.slice(0, 1) : BENCH_SIZES;
  const dualLimitSec = ctx.quick ? 30 : 600;
  const barrierLimitSec = ctx.quick ? 10 : 60;
  const dir = mkdtempSync(join(tmpdir(), 'lodestone-bench-'));
  const rows: Row[] = [];
  try {
    for (const size of sizes) {
      const lp = buildSourcingLp(benchProblem(size)).lp;
      const exportStarted = performance.now();
      const file = join(dir, `${size}.mps`);
      writeFileSync(file, await exportLp(lp, 'mps'));
      const exportMs = performance.now() - exportStarted;
      let ours: ColdSolve | undefined = ctx.shared.coldSolves.get(`highs/${size}`);
      if (!ours) {
        await warmUpThisThread();
        const started = performance.now();
        const r = await coldSolve('highs', lp, ctx.solveTimeLimitSec);
        if (r.status !== 'optimal') throw new Error(`HiGHS did not solve bench/${size}: ${r.status}`);
        ours = {
          ms: performance.now() - started,
          solveMs: r.ms,
          objective: r.objective,
          iterations: r.iterations,
          method: `highs ${r.method}`,
          columns: lp.numCols,
        };
      }
      const dual = await runClp(clp, file, 'dualsimplex', dualLimitSec);
      const barrier = await runClp(clp, file, 'barrier', barrierLimitSec);
      const solved = [dual, barrier].filter((r) => r.status === 'optimal');
      const best = solved.length ? Math.min(...solved.map((r) => r.solveMs)) : null;
      ctx.shared.native.set(size, {
        oursMs: ours.solveMs,
        clpDualMs: dual.status === 'optimal' ? dual.solveMs : null,
        clpBarrierMs: barrier.status === 'optimal' ? barrier.solveMs : null,
        clpDualObjective: dual.status === 'optimal' ? dual.objective : null,
      });
      rows.push({
        size,
        columns: lp.numCols,
        'MPS MB': statSync(file).size / 2 ** 20,
        'export ms': exportMs,
        'ours ms': ours.solveMs,
        ours: ours.method,
        'clp dual ms': clpCell(dual, dualLimitSec),
        'clp dual iters': dual.status === 'optimal' ? dual.iterations : null,
        'clp barrier ms': clpCell(barrier, barrierLimitSec),
        'ours / clp dual': dual.status === 'optimal' ? ours.solveMs / dual.solveMs : null,
        'ours / clp barrier': barrier.status === 'optimal' ? ours.solveMs / barrier.solveMs : null,
        'ours / best clp': best === null ? null : ours.solveMs / best,
        'clp dual wall ms (read incl.)': dual.wallMs,
        'objectives agree (1e-6)': solved.length
          ? solved.every((r) => relDiff(r.objective, ours.objective) <= 1e-6)
          : null,
        'max Δ rel': solved.length ? Math.max(...solved.map((r) => relDiff(r.objective, ours.objective))) : null,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  report.table(
    `min expected cost, solve time only (ours: HiGHS WASM SolveResult.ms, cold; CLP: its own elapsed time, reading the MPS excluded); CLP limits: dual ${dualLimitSec} s, barrier ${barrierLimitSec} s (killed beyond)`,
    rows,
  );
  return report;
}
