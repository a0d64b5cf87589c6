// Section 3: the frontier end to end (LP build, every step, verification),
// at 11 and 21 points: warm-started sweeps on one session against a fresh
// session for every step, and the worker pool with 1 and 2 workers.

import type { Problem } from '../../src/domain/problem.js';
import type { FrontierExecutor } from '../../src/frontier/executor.js';
import { LocalExecutor } from '../../src/frontier/local-executor.js';
import { solveFrontier, type FrontierResult } from '../../src/frontier/solve-frontier.js';
import { FrontierPool } from '../../workers/frontier-pool.js';
import { ColdExecutor } from '../lib/cold-executor.js';
import { frontierKey, type BenchContext, type FrontierRunMeasure, type FrontierVariant } from '../lib/context.js';
import { measure } from '../lib/measure.js';
import { benchProblem, type BenchSize } from '../lib/problems.js';
import { criticalPathMs, RecordingExecutor, timeByKind, type StepRecord } from '../lib/recording-executor.js';
import { SectionReport } from '../lib/report.js';
import { warmUpFrontier, warmUpPool } from '../lib/warmup.js';
import type { Row } from '../lib/table.js';

/** What a user gets by default: HiGHS on the whole LP below BENDERS_FROM_COLUMNS, the L-shaped method above. */
const BACKEND = 'auto';

export const VARIANT_LABEL: Record<FrontierVariant, string> = {
  warm: 'warm: 1 session (LocalExecutor)',
  cold: 'cold: fresh session per step',
  'pool-1': 'pool: 1 worker',
  'pool-2': 'pool: 2 workers',
  benders: 'benders: L-shaped decomposition, 1 session',
};

interface PlanEntry {
  size: BenchSize;
  points: number[];
  variants: FrontierVariant[];
  samples: number;
}

function plan(ctx: BenchContext): PlanEntry[] {
  const all: FrontierVariant[] = ['warm', 'cold', 'pool-1', 'pool-2'];
  if (ctx.quick) return [{ size: 'small', points: [11, 21], variants: all, samples: 1 }];
  return [
    { size: 'small', points: [11, 21], variants: all, samples: 3 },
    { size: 'medium', points: [11, 21], variants: all, samples: 1 },
    // bench/large takes minutes per frontier; a cold sweep would take most of an hour
    ...(ctx.flags.large
      ? [{ size: 'large' as const, points: [21], variants: ['warm', 'pool-2'] as FrontierVariant[], samples: 1 }]
      : []),
  ];
}

/** One frontier end to end on a new executor (a warm LocalExecutor must not carry its basis into the next sample). */
export async function timeFrontier(
  problem: Problem,
  points: number,
  samples: number,
  makeExecutor: () => FrontierExecutor,
): Promise<{ wallMs: number; samples: number; result: FrontierResult; steps: StepRecord[] }> {
  const last: { result?: FrontierResult; steps: StepRecord[] } = { steps: [] };
  const timing = await measure(
    `frontier ${points}`,
    async () => {
      const executor = new RecordingExecutor(makeExecutor());
      try {
        last.result = await solveFrontier(problem, executor, { points });
        last.steps = executor.steps;
      } finally {
        await executor.close();
      }
    },
    { iterations: samples },
  );
  if (!last.result) throw new Error(`the ${points}-point frontier produced no result`);
  return { wallMs: timing.p50, samples: timing.samples, result: last.result, steps: last.steps };
}

export function stepRows(steps: StepRecord[]): Row[] {
  return steps.map((s, i) => ({
    step: i + 1,
    phase: s.phase,
    run: s.run,
    kind: s.kind,
    'cvar bound': s.cvarBound ?? null,
    'solve ms': s.solves.reduce((a, x) => a + x.ms, 0),
    'ms per solve': s.solves.map((x) => x.ms.toFixed(0)).join(' + '),
    iterations: s.solves.map((x) => x.iterations).join(' + '),
    method: [...new Set(s.solves.map((x) => x.method))].join('+'),
  }));
}

export async function frontierSection(ctx: BenchContext): Promise<SectionReport> {
  const report = new SectionReport('3. The frontier end to end');
  const options = { backend: BACKEND, solveTimeLimitSec: ctx.solveTimeLimitSec };
  await warmUpFrontier();
  for (const entry of plan(ctx)) {
    const problem = benchProblem(entry.size);
    const rows: Row[] = [];
    for (const variant of entry.variants) {
      const workers = variant === 'pool-1' ? 1 : variant === 'pool-2' ? 2 : 0;
      const pool = workers
        ? await FrontierPool.start({ size: workers, solveTimeLimitSec: ctx.solveTimeLimitSec })
        : null;
      try {
        if (pool) await warmUpPool(pool);
        for (const points of entry.points) {
          const make = (): FrontierExecutor =>
            variant === 'warm'
              ? LocalExecutor.create(problem, options)
              : variant === 'cold'
                ? new ColdExecutor(problem, options)
                : pool!.executorFor(problem, { backend: BACKEND });
          const run = await timeFrontier(problem, points, entry.samples, make);
          const measured: FrontierRunMeasure = {
            size: entry.size,
            points,
            variant,
            wallMs: run.wallMs,
            solves: run.result.solver.solves,
            iterations: run.result.solver.iterations,
            solverMs: run.result.timings.solveMs,
            steps: run.steps,
          };
          ctx.shared.frontiers.set(frontierKey(variant, entry.size, points), measured);
          const byKind = timeByKind(run.steps);
          const warm = ctx.shared.frontiers.get(frontierKey('warm', entry.size, points));
          const one = ctx.shared.frontiers.get(frontierKey('pool-1', entry.size, points));
          rows.push({
            points,
            variant: VARIANT_LABEL[variant],
            backend: run.result.solver.backend,
            'wall ms': run.wallMs,
            samples: run.samples,
            'vs warm': warm ? run.wallMs / warm.wallMs : null,
            'vs 1 worker': variant === 'pool-2' && one ? run.wallMs / one.wallMs : null,
            solves: measured.solves,
            iterations: measured.iterations,
            'solver ms (sum)': measured.solverMs,
            'A ms': byKind.cheapest,
            'B ms': byKind.safest,
            'sweep ms': byKind.epsilon,
            'repair ms': byKind.tighten,
            // runs of a phase overlap only on a pool of 2
            'solver ms (critical path)': variant === 'pool-2' ? criticalPathMs(run.steps) : null,
            'points out': run.result.frontier.length,
            method: run.result.solver.method,
          });
        }
      } finally {
        await pool?.close();
      }
    }
    report.table(
      `bench/${entry.size} (${problem.scenarios.length} scenarios), HiGHS, end to end (LP build, steps, verification)`,
      rows,
    );
  }
  // Where the time goes: every step of the largest 21-point frontier measured.
  const largest = [...ctx.shared.frontiers.values()]
    .filter((f) => f.points === 21 && (f.variant === 'warm' || f.variant === 'pool-2'))
    .slice(-2);
  for (const f of largest)
    report.table(`steps of the 21-point bench/${f.size} frontier, ${VARIANT_LABEL[f.variant]}`, stepRows(f.steps));
  return report;
}
