// The speed targets of the "Benchmarks and speed" issue, checked against what
// the run measured. A miss is reported, never fatal; a target whose
// measurement this run did not make (quick mode, no --large, no clp) is SKIP.

import { cliKey, frontierKey, type BenchContext } from './context.js';

export interface TargetLine {
  id: string;
  target: string;
  status: 'PASS' | 'MISS' | 'SKIP';
  ratio: number | null;
  limit: number;
  detail: string;
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function check(id: string, target: string, limit: number, ratio: number | null, detail: string): TargetLine {
  return { id, target, limit, ratio, status: ratio === null ? 'SKIP' : ratio <= limit ? 'PASS' : 'MISS', detail };
}

export function evaluateTargets(ctx: BenchContext): TargetLine[] {
  const { shared } = ctx;
  const lines: TargetLine[] = [];

  const native = shared.native.get('large');
  const clpBest = native
    ? Math.min(...[native.clpDualMs, native.clpBarrierMs].filter((x): x is number => x !== null))
    : Infinity;
  lines.push(
    native && Number.isFinite(clpBest)
      ? check(
          'T1',
          'one solve of bench/large <= 1.5x native CLP',
          1.5,
          native.oursMs / clpBest,
          `HiGHS ${s(native.oursMs)} vs best CLP ${s(clpBest)}`,
        )
      : check(
          'T1',
          'one solve of bench/large <= 1.5x native CLP',
          1.5,
          null,
          ctx.quick ? 'full mode only' : 'needs clp on PATH (benchmarks/README.md)',
        ),
  );

  const largeFrontier = shared.frontiers.get(frontierKey('warm', 'large', 21));
  const largeSolve = shared.coldSolves.get('highs/large');
  lines.push(
    largeFrontier && largeSolve
      ? check(
          'T2',
          '21-point bench/large frontier <= 4x one cold solve',
          4,
          largeFrontier.wallMs / largeSolve.ms,
          `frontier ${s(largeFrontier.wallMs)} vs cold solve ${s(largeSolve.ms)}`,
        )
      : check('T2', '21-point bench/large frontier <= 4x one cold solve', 4, null, 'needs full mode with --large'),
  );

  const one = shared.cli.get(cliKey('medium', 1));
  const two = shared.cli.get(cliKey('medium', 2));
  const t3 = '21-point bench/medium frontier, 2 workers <= 0.6x 1 worker (CLI wall time from process start)';
  lines.push(
    one && two
      ? check('T3', t3, 0.6, two.wallMs / one.wallMs, `2 workers ${s(two.wallMs)} vs 1 worker ${s(one.wallMs)}`)
      : check('T3', t3, 0.6, null, ctx.quick ? 'full mode only' : 'needs the cli section and a built dist/'),
  );

  const large = shared.cli.get(cliKey('large', 2));
  const t5 = '21-point bench/large frontier on 2 workers <= 0.4x one native CLP dual-simplex solve of its cheapest LP';
  const clpDual = native?.clpDualMs ?? null;
  // Same answers first: point A's expected cost is the optimum CLP found for the same LP.
  const agree =
    large && native?.clpDualObjective != null
      ? Math.abs(large.cheapestExpectedCost - native.clpDualObjective) / Math.max(1, Math.abs(native.clpDualObjective))
      : null;
  lines.push(
    large && clpDual !== null
      ? check(
          'T5',
          t5,
          0.4,
          large.wallMs / clpDual,
          `frontier ${s(large.wallMs)} (CLI wall) vs CLP dual ${s(clpDual)}; point A's E against CLP's optimum: ${agree === null ? 'n/a' : `${agree.toExponential(1)} relative`}`,
        )
      : check(
          'T5',
          t5,
          0.4,
          null,
          ctx.quick
            ? 'full mode only (needs clp: .ci/run installs coinor-clp)'
            : 'needs clp on PATH and the cli section',
        ),
  );
  const t6 = 'time to the first verified point (A) of bench/large <= 0.5x the whole frontier';
  lines.push(
    large?.firstPointMs != null
      ? check(
          'T6',
          t6,
          0.5,
          large.firstPointMs / large.wallMs,
          `A after ${s(large.firstPointMs)} of ${s(large.wallMs)}`,
        )
      : check('T6', t6, 0.5, null, ctx.quick ? 'full mode only' : 'needs the cli section'),
  );
  const m1 = 'peak RSS of the 21-point bench/large frontier on 2 workers < 700 MB';
  lines.push(
    large?.peakRssMb != null
      ? check('M1', m1, 700, large.peakRssMb, `${Math.round(large.peakRssMb)} MB (VmHWM of the CLI process)`)
      : check('M1', m1, 700, null, ctx.quick ? 'full mode only' : 'needs the cli section on Linux'),
  );

  // T4 is what a user gets: auto picks the L-shaped method at these sizes. The whole LP is a note.
  const scaling = shared.scaling;
  const counts = scaling?.scenarios.benders ?? [];
  const exponent = scaling?.exponents.benders;
  const t4 = 'frontier time grows with scenarios at exponent <= 1.0 (50..800), auto (benders) back-end';
  lines.push(
    scaling && counts[0] === 50 && counts.at(-1) === 800 && exponent !== undefined
      ? check(
          'T4',
          t4,
          1.0,
          exponent,
          `bench/${scaling.base}, fitted exponent ${exponent.toFixed(2)}; ${scaling.ms.benders.map((ms) => s(ms)).join(', ')}; whole LP ${scaling.exponents.highs.toFixed(2)} (50..${scaling.scenarios.highs.at(-1)})`,
        )
      : check(
          'T4',
          t4,
          1.0,
          null,
          exponent !== undefined
            ? `full mode only (quick range ${counts.join(', ')}: exponent ${exponent.toFixed(2)}, indicative)`
            : 'full mode only',
        ),
  );
  const d = ctx.shared.distributed;
  const s1 = 'batch throughput of 2 worker processes >= 1.6x of 1 (bench/small, 40 variations), as 1/x';
  const s2 = 'overhead per variation over BullMQ <= 20 ms, as a share of 20 ms';
  lines.push(
    d
      ? check(
          'S1',
          s1,
          1 / 1.6,
          1 / d.twoOverOne,
          `${d.twoOverOne.toFixed(2)}x, the median of paired batches (pairs ${d.pairRange.map((r) => r.toFixed(2)).join('-')}x)`,
        )
      : check('S1', s1, 1 / 1.6, null, 'needs the distributed section (full mode, redis-server)'),
    d
      ? check('S2', s2, 1, d.overheadMs / 20, `${d.overheadMs.toFixed(1)} ms per variation`)
      : check('S2', s2, 1, null, 'needs the distributed section (full mode, redis-server)'),
  );
  return lines;
}

export function formatTarget(t: TargetLine): string {
  const measured = t.ratio === null ? '' : `${t.ratio.toFixed(2)} (limit ${t.limit}); `;
  return `${t.status.padEnd(4)}  ${t.id} ${t.target}: ${measured}${t.detail}`;
}
