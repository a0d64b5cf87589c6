// Section 1: how long the LP takes to build, and what it keeps in memory, by size.

import { buildSourcingLp, type SourcingLp } from '../../src/model/build-sourcing-lp.js';
import type { BenchContext } from '../lib/context.js';
import { settledGc } from '../lib/gc.js';
import { measure } from '../lib/measure.js';
import { BENCH_SIZES, benchInput, mustParse } from '../lib/problems.js';
import { SectionReport } from '../lib/report.js';
import type { Row } from '../lib/table.js';

const MB = 2 ** 20;

/** Bytes of the typed arrays reachable from the model (LP, layout, scenario effects), each buffer counted once. */
function typedArrayBytes(model: SourcingLp): number {
  const buffers = new Set<ArrayBufferLike>();
  const seen = new Set<object>();
  const walk = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if (ArrayBuffer.isView(value)) buffers.add(value.buffer);
    else Object.values(value).forEach(walk);
  };
  walk(model);
  return [...buffers].reduce((sum, b) => sum + b.byteLength, 0);
}

/** Heap and ArrayBuffer bytes a freshly built model retains (after a full GC). */
async function retainedBytes(
  build: () => SourcingLp,
): Promise<{ heap: number; arrayBuffers: number; typed: number; model: SourcingLp }> {
  await settledGc();
  const before = process.memoryUsage();
  const model = build();
  await settledGc();
  const after = process.memoryUsage();
  return {
    heap: after.heapUsed - before.heapUsed,
    arrayBuffers: after.arrayBuffers - before.arrayBuffers,
    typed: typedArrayBytes(model),
    model,
  };
}

export async function buildSection(ctx: BenchContext): Promise<SectionReport> {
  const report = new SectionReport('1. Model build time and memory');
  const rows: Row[] = [];
  for (const size of BENCH_SIZES) {
    const raw = benchInput(size);
    const parseStarted = performance.now();
    const problem = mustParse(raw, size);
    const parseMs = performance.now() - parseStarted;
    const memory = await retainedBytes(() => buildSourcingLp(problem));
    const lp = memory.model.lp;
    const timing = await measure(`build ${size}`, () => buildSourcingLp(problem), {
      iterations: ctx.quick ? 3 : 10,
      time: ctx.quick ? 300 : 2000,
      warmupIterations: 2,
    });
    rows.push({
      size,
      scenarios: problem.scenarios.length,
      columns: lp.numCols,
      rows: lp.numRows,
      nonzeros: lp.colStart[lp.numCols],
      'parse ms': parseMs,
      'build ms p50': timing.p50,
      'build ms min': timing.min,
      samples: timing.samples,
      'heap Δ MB': memory.heap / MB,
      'ArrayBuffer Δ MB': memory.arrayBuffers / MB,
      'typed arrays MB': memory.typed / MB,
    });
  }
  report.table(
    'LP build by size (parse: validation and scenario generation; build: buildSourcingLp incl. scenario effects, tinybench; memory: retained after a full GC)',
    rows,
  );
  return report;
}
