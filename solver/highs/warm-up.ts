// A few small HiGHS solves for a thread that is about to serve real ones. V8
// runs WebAssembly on baseline code until it has optimised the hot functions:
// the first solves of bench/small in a fresh thread took 0.3-0.9 s, later
// ones 0.05-0.07 s. A pool worker runs this at start-up, so the first request
// it serves does not pay for that. Measured: a 1-worker pool's first 5-point
// frontier of bench/small took 800-850 ms without it and 390-510 ms after it
// (the warm-up itself: about 0.4 s of the pool's start).

import { loadHighsRuntime } from './runtime.js';

/** A balanced transportation LP, n sources by n sinks: dense enough to exercise pricing and the LU. */
function transportation(n: number) {
  const numCols = n * n;
  const starts = new Int32Array(numCols + 1);
  const indices = new Int32Array(2 * numCols);
  const values = new Float64Array(2 * numCols).fill(1);
  const colCost = new Float64Array(numCols);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const c = i * n + j;
      starts[c + 1] = 2 * (c + 1);
      indices[2 * c] = i;
      indices[2 * c + 1] = n + j;
      // a deterministic, irregular cost
      colCost[c] = 1 + ((i * 7919 + j * 104729) % 997) / 10;
    }
  }
  const supply = new Float64Array(2 * n).fill(100);
  return {
    numCols,
    numRows: 2 * n,
    offset: 0,
    colCost,
    colLower: new Float64Array(numCols),
    colUpper: new Float64Array(numCols).fill(1e30),
    rowLower: supply,
    rowUpper: supply,
    matrix: { format: 'csc' as const, numRows: 2 * n, numCols, starts, indices, values },
  };
}

/** Solves a transportation LP cold and again warm after a cost change; returns the time taken (ms). */
export async function warmUpHighs(rounds = 4, n = 60): Promise<number> {
  const started = performance.now();
  const highs = await loadHighsRuntime();
  const data = transportation(n);
  for (let round = 0; round < rounds; round++) {
    const model = highs.createModel(data);
    try {
      model.options.set({ output_flag: false });
      model.run();
      // a new objective from the optimal basis: the warm path every frontier step takes
      model.changeColsCost(
        { kind: 'range', from: 0, to: data.numCols - 1 },
        data.colCost.map((c, k) => c * (1 + ((k * 31) % 7) / 10)),
      );
      model.run();
    } finally {
      model.dispose();
    }
  }
  return performance.now() - started;
}
