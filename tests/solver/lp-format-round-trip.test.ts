// `lodestone export` writes the LP a planner can take to CLP, HiGHS or Gurobi.
// Round trip: the exported text, parsed and solved by HiGHS, has the optimum
// that the other back-end (jsLPSolver) finds on the in-memory model.

import { describe, it } from 'vitest';
import { buildSourcingLp } from '../../src/model/build-sourcing-lp.js';
import { loadHighsRuntime } from '../../solver/highs/runtime.js';
import { exportLp } from '../../solver/lp-format/write-lp.js';
import { getBackend } from '../../solver/registry.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';
import { randomProblemInput } from '../helpers/random-problem.js';
import { expectRel, mustParse } from '../helpers/solve.js';

async function solveText(format: 'lp' | 'mps', text: string): Promise<number> {
  const highs = await loadHighsRuntime();
  const model = highs.createModel({ format, data: text });
  try {
    model.options.set({ output_flag: false });
    model.run();
    return model.getObjectiveValue();
  } finally {
    model.dispose();
  }
}

async function solveInMemory(lp: Parameters<typeof exportLp>[0]): Promise<number> {
  const session = await getBackend('jslp').open(lp);
  try {
    const r = await session.solve({ timeLimitSec: 30 });
    if (r.status !== 'optimal') throw new Error(`jslp: ${r.status}`);
    return r.objective;
  } finally {
    session.dispose();
  }
}

describe('export round trip', () => {
  const problems = {
    sample: sampleProblemInput(),
    'random 8': randomProblemInput(8),
    'random 12': randomProblemInput(12),
  };
  for (const [name, raw] of Object.entries(problems)) {
    for (const point of ['cheapest', 'safest'] as const) {
      it(`${name}, ${point}: LP and MPS text solved by HiGHS = in-memory model solved by jsLPSolver`, async () => {
        const model = buildSourcingLp(mustParse(raw));
        const lp = point === 'cheapest' ? model.lp : { ...model.lp, cost: model.cvarObjective, offset: 0 };
        const reference = await solveInMemory(lp);
        expectRel(await solveText('lp', await exportLp(lp, 'lp')), reference);
        expectRel(await solveText('mps', await exportLp(lp, 'mps')), reference);
      });
    }
  }
});
