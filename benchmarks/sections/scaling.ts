// Section 4: how frontier time grows with the number of scenarios (the LP
// grows linearly with them), with the growth exponent fitted by least squares
// on log time against log scenarios.

import { LocalExecutor } from '../../src/frontier/local-executor.js';
import { buildSourcingLp } from '../../src/model/build-sourcing-lp.js';
import { IPM_FROM_COLUMNS } from '../../solver/highs/method.js';
import type { BenchContext } from '../lib/context.js';
import { frontierKey } from '../lib/context.js';
import { growthExponent } from '../lib/measure.js';
import { isPointB, timeByKind } from '../lib/recording-executor.js';
import { scaledProblem, type BenchSize } from '../lib/problems.js';
import { SectionReport } from '../lib/report.js';
import type { Row } from '../lib/table.js';
import { warmUpFrontier } from '../lib/warmup.js';
import { timeFrontier } from './frontier.js';

const BASE: BenchSize = 'small';
const POINTS = 11;

/** The whole LP on HiGHS (warm-started simplex, IPM for big cold solves), and the L-shaped decomposition. */
const BACKENDS = ['highs', 'benders'] as const;
/** The whole LP took 43.5 s at 400 scenarios and grows faster than linearly: it stops there. */
const WHOLE_LP_UP_TO = 400;

export async function scalingSection(ctx: BenchContext): Promise<SectionReport> {
  const report = new SectionReport('4. Scaling with scenarios');
  const counts = ctx.quick ? [10, 20, 40] : [50, 100, 200, 400, 800];
  const rows: Row[] = [];
  const times: Record<string, number[]> = Object.fromEntries(BACKENDS.map((b) => [b, []]));
  const measured: Record<string, number[]> = Object.fromEntries(BACKENDS.map((b) => [b, []]));
  await warmUpFrontier();
  for (const scenarios of counts) {
    const problem = scaledProblem(BASE, scenarios);
    const lp = buildSourcingLp(problem).lp;
    for (const backend of BACKENDS) {
      if (backend === 'highs' && scenarios > WHOLE_LP_UP_TO) continue;
      const run = await timeFrontier(problem, POINTS, 1, () =>
        LocalExecutor.create(problem, { backend, solveTimeLimitSec: ctx.solveTimeLimitSec }),
      );
      const series = times[backend];
      const previous = measured[backend].at(-1);
      series.push(run.wallMs);
      measured[backend].push(scenarios);
      const byKind = timeByKind(run.steps);
      ctx.shared.frontiers.set(frontierKey(backend === 'highs' ? 'warm' : backend, `${BASE}@${scenarios}`, POINTS), {
        size: `${BASE}@${scenarios}`,
        points: POINTS,
        variant: backend === 'highs' ? 'warm' : backend,
        wallMs: run.wallMs,
        solves: run.result.solver.solves,
        iterations: run.result.solver.iterations,
        solverMs: run.result.timings.solveMs,
        steps: run.steps,
      });
      rows.push({
        scenarios,
        backend,
        columns: lp.numCols,
        rows: lp.numRows,
        nonzeros: lp.colStart[lp.numCols],
        'frontier ms': run.wallMs,
        'ms per scenario': run.wallMs / scenarios,
        'exponent from previous':
          previous === undefined
            ? null
            : Math.log(run.wallMs / series[series.length - 2]) / Math.log(scenarios / previous),
        solves: run.result.solver.solves,
        iterations: run.result.solver.iterations,
        'A ms': byKind.cheapest,
        'B ms': byKind.safest,
        'sweep ms': byKind.epsilon,
        'repair ms': byKind.tighten,
        'B solves':
          run.steps
            .filter(isPointB)
            .flatMap((s) => s.solves.map((x) => `${x.method} ${x.iterations} it`))
            .join(', ') || null,
      });
    }
  }
  const exponents = Object.fromEntries(BACKENDS.map((b) => [b, growthExponent(measured[b], times[b])]));
  ctx.shared.scaling = { base: BASE, scenarios: measured, ms: times, exponents };
  report.table(
    `${POINTS}-point frontier of bench/${BASE} with more scenarios, 1 session: highs = the whole LP (warm-started simplex; IPM for cold solves from ${IPM_FROM_COLUMNS.toLocaleString('en-US')} columns), benders = L-shaped decomposition (a recourse LP per scenario)`,
    rows,
  );
  for (const b of BACKENDS)
    report.note(
      `${b}: fitted growth exponent (least squares, log time vs log scenarios, ${measured[b][0]}..${measured[b].at(-1)}): ${exponents[b].toFixed(2)}`,
    );
  return report;
}
