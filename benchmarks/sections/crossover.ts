// Section 2b: where `auto` should switch from jsLPSolver to HiGHS, measured on
// tiny random sourcing LPs (2..200 columns), next to the threshold auto uses.

import { buildSourcingLp } from '../../src/model/build-sourcing-lp.js';
import type { SparseLp } from '../../solver/lp.js';
import { JSLP_FALLBACK_SEC, JSLP_MAX_COLUMNS } from '../../solver/auto.js';
import { getBackend } from '../../solver/registry.js';
import type { LpSession, SolveResult } from '../../solver/types.js';
import { randomProblemInput } from '../../tests/helpers/random-problem.js';
import type { BenchContext } from '../lib/context.js';
import { measure, median, relDiff } from '../lib/measure.js';
import { mustParse } from '../lib/problems.js';
import { SectionReport } from '../lib/report.js';
import type { Row } from '../lib/table.js';
import { warmUpThisThread } from '../lib/warmup.js';

const TARGET_COLUMNS = [2, 5, 10, 20, 30, 40, 60, 100, 150, 200];

/** One random LP as close as the generator gets to each target size. */
function pickLps(): { columns: number; seed: number; lp: SparseLp }[] {
  const best = new Map<number, { columns: number; seed: number; lp: SparseLp }>();
  for (let seed = 1; seed <= 30; seed++) {
    for (const periods of [1, 2, 3, 4, 6]) {
      for (const scenarios of [1, 2, 3, 4, 6, 8, 12, 16]) {
        const lp = buildSourcingLp(mustParse(randomProblemInput(seed, { periods, scenarios }), `random ${seed}`)).lp;
        for (const target of TARGET_COLUMNS) {
          const current = best.get(target);
          if (!current || Math.abs(lp.numCols - target) < Math.abs(current.columns - target))
            best.set(target, { columns: lp.numCols, seed, lp });
        }
      }
    }
  }
  const unique = new Map([...best.values()].map((c) => [c.columns, c]));
  return [...unique.values()].sort((a, b) => a.columns - b.columns);
}

/** HiGHS on a fresh session per sample (cold); only the solve is timed. */
async function timeHighs(lp: SparseLp, iterations: number): Promise<{ p50: number; objective: number }> {
  const state: { session?: LpSession; result?: SolveResult } = {};
  const timing = await measure(
    'highs',
    async () => {
      state.result = await state.session!.solve();
    },
    {
      iterations,
      warmupIterations: 1,
      beforeEach: async () => {
        state.session = await getBackend('highs').open(lp);
      },
      afterEach: () => state.session?.dispose(),
    },
  );
  return { p50: timing.p50, objective: state.result?.status === 'optimal' ? state.result.objective : NaN };
}

/** jsLPSolver solves from scratch every time; its thread starts with the first solve, which is timed apart. */
async function timeJslp(
  lp: SparseLp,
  iterations: number,
): Promise<{ p50: number | null; firstMs: number; objective: number; status: string }> {
  const session = await getBackend('jslp').open(lp);
  try {
    const first = await session.solve({ timeLimitSec: JSLP_FALLBACK_SEC });
    if (first.status !== 'optimal') return { p50: null, firstMs: first.ms, objective: NaN, status: first.status };
    let last = first;
    const timing = await measure(
      'jslp',
      async () => {
        last = await session.solve({ timeLimitSec: JSLP_FALLBACK_SEC });
      },
      { iterations },
    );
    return {
      p50: last.status === 'optimal' ? timing.p50 : null,
      firstMs: first.ms,
      objective: last.objective,
      status: last.status,
    };
  } finally {
    session.dispose();
  }
}

export async function crossoverSection(ctx: BenchContext): Promise<SectionReport> {
  const report = new SectionReport('2b. jsLPSolver against HiGHS on tiny LPs (the auto crossover)');
  const iterations = ctx.quick ? 5 : 7;
  await warmUpThisThread();
  const rows: Row[] = [];
  const winners: { columns: number; highsFaster: boolean }[] = [];
  const threadStarts: number[] = [];
  for (const { columns, seed, lp } of pickLps()) {
    const highs = await timeHighs(lp, iterations);
    const jslp = await timeJslp(lp, iterations);
    const highsFaster = jslp.p50 === null || highs.p50 < jslp.p50;
    const threadStart = jslp.p50 === null ? null : jslp.firstMs - jslp.p50;
    winners.push({ columns, highsFaster });
    if (threadStart !== null) threadStarts.push(threadStart);
    rows.push({
      columns,
      rows: lp.numRows,
      seed,
      'jslp ms p50': jslp.p50 ?? (jslp.status === 'time_limit' ? `> ${JSLP_FALLBACK_SEC} s` : jslp.status),
      'HiGHS ms p50': highs.p50,
      faster: highsFaster ? 'HiGHS' : 'jslp',
      'objectives agree': jslp.p50 === null ? null : relDiff(jslp.objective, highs.objective) <= 1e-6,
      'jslp 1st solve ms (thread start)': jslp.firstMs,
      // the thread starts once per session: jsLPSolver pays off only over this many solves
      'solves to repay thread start':
        !highsFaster && threadStart !== null && jslp.p50 !== null
          ? Math.ceil(threadStart / (highs.p50 - jslp.p50))
          : null,
    });
  }
  report.table(
    `one solve of min expected cost, median of ${iterations} (HiGHS: fresh session each; jsLPSolver: its thread already started; limit ${JSLP_FALLBACK_SEC} s)`,
    rows,
  );
  // HiGHS wins from `from` on, at every larger size measured
  const from = winners.findIndex((_, i) => winners.slice(i).every((x) => x.highsFaster));
  const measured =
    from === 0
      ? 'HiGHS was faster at every size measured'
      : from < 0
        ? 'jsLPSolver was faster at the largest size measured'
        : `between ${winners[from - 1].columns} and ${winners[from].columns} columns`;
  report.note(
    `auto gives LPs of up to JSLP_MAX_COLUMNS = ${JSLP_MAX_COLUMNS} columns to jsLPSolver (solver/auto.ts); measured crossover here (solve alone): ${measured}.`,
  );
  if (threadStarts.length) {
    report.note(
      `jsLPSolver's thread start (first solve less a later one, once per session): median ${median(threadStarts).toFixed(0)} ms; ` +
        'a frontier of N points is about N+2 solves on one session, so counting it, HiGHS is the faster choice unless a session solves more than the "solves to repay" column.',
    );
  }
  return report;
}
