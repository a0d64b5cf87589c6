// The HiGHS WebAssembly runtime, loaded once per thread, and the model data it
// takes for an LP. Shared by the highs back-end, the Benders models, the LP/MPS
// writer and the worker warm-up.

import highsModule, { type Highs } from 'highs';
import type { LpNumbers } from '../lp.js';

// The package's types are declared as CommonJS while Node loads its ESM build;
// the default export is the loader either way.
const loadHighs = ((highsModule as unknown as { default?: unknown }).default ?? highsModule) as () => Promise<Highs>;

let runtime: Promise<Highs> | null = null;

/** The WASM runtime is loaded once per thread and kept: loading costs ~100 ms. */
export function loadHighsRuntime(): Promise<Highs> {
  if (!runtime) runtime = loadHighs();
  return runtime;
}

/** HiGHS's model data for an LP's numbers (infinite bounds as HiGHS's infinity). */
export function modelData(highs: Highs, lp: LpNumbers, offset = 0) {
  const clampInf = (a: Float64Array) =>
    a.map((v) => (v === Infinity ? highs.infinity : v === -Infinity ? -highs.infinity : v));
  return {
    numCols: lp.numCols,
    numRows: lp.numRows,
    offset,
    colCost: lp.cost,
    colLower: clampInf(lp.colLower),
    colUpper: clampInf(lp.colUpper),
    rowLower: clampInf(lp.rowLower),
    rowUpper: clampInf(lp.rowUpper),
    matrix: {
      format: 'csc' as const,
      numRows: lp.numRows,
      numCols: lp.numCols,
      starts: lp.colStart,
      indices: lp.rowIndex,
      values: lp.value,
    },
  };
}
