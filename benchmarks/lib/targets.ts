// The speed targets of the "Benchmarks and speed" issue, checked against what
// the run measured. A miss is reported, never fatal; a target whose
// measurement this run did not make (quick mode, no --large, no clp) is SKIP.

import { frontierKey, type BenchContext } from './context.js';

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

  const one = shared.frontiers.get(frontierKey('pool-1', 'medium', 21));
  const two = shared.frontiers.get(frontierKey('pool-2', 'medium', 21));
  lines.push(
    one && two
      ? check(
          'T3',
          '21-point bench/medium frontier, 2 workers <= 0.6x 1 worker',
          0.6,
          two.wallMs / one.wallMs,
          `2 workers ${s(two.wallMs)} vs 1 worker ${s(one.wallMs)}`,
        )
      : check('T3', '21-point bench/medium frontier, 2 workers <= 0.6x 1 worker', 0.6, null, 'full mode only'),
  );

  const scaling = shared.scaling;
  const fullRange = scaling && scaling.scenarios[0] === 50 && scaling.scenarios[scaling.scenarios.length - 1] === 400;
  const what = (b: string) =>
    `frontier time grows with scenarios at exponent <= 1.2 (50..400), ${b === 'highs' ? 'whole LP on HiGHS' : 'benders back-end'}`;
  for (const [id, backend] of [
    ['T4', 'highs'],
    ['T4b', 'benders'],
  ] as const) {
    const exponent = scaling?.exponents[backend];
    lines.push(
      scaling && fullRange && exponent !== undefined
        ? check(
            id,
            what(backend),
            1.2,
            exponent,
            `bench/${scaling.base}, fitted exponent ${exponent.toFixed(2)}; ${scaling.ms[backend].map((ms) => s(ms)).join(', ')}`,
          )
        : check(
            id,
            what(backend),
            1.2,
            null,
            exponent !== undefined
              ? `full mode only (quick range ${scaling!.scenarios.join(', ')}: exponent ${exponent.toFixed(2)}, indicative)`
              : 'full mode only',
          ),
    );
  }
  return lines;
}

export function formatTarget(t: TargetLine): string {
  const measured = t.ratio === null ? '' : `${t.ratio.toFixed(2)} (limit ${t.limit}); `;
  return `${t.status.padEnd(4)}  ${t.id} ${t.target}: ${measured}${t.detail}`;
}
