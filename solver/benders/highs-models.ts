// The HiGHS calls the decomposition's master and recourse LPs share.

import type { Highs, Model } from 'highs';
import type { LpNumbers } from '../lp.js';
import { modelData } from '../highs/runtime.js';

/** A quiet HiGHS model of the LP, presolve off (warm re-solves after small changes are what it does). */
export function createModel(highs: Highs, lp: LpNumbers): Model {
  const model = highs.createModel(modelData(highs, lp));
  model.options.set({ output_flag: false, presolve: 'off' });
  return model;
}

/**
 * Runs the model; a run that ends "unknown" (simplex lost its way from a warm
 * start: another scenario's basis, or a master basis many cuts made
 * ill-conditioned) is run again from scratch. Returns HiGHS's model status.
 */
export function runRestartingUnknown(highs: Highs, model: Model): number {
  let code = model.run().modelStatus;
  if (code === highs.constants.modelStatus.unknown) {
    model.clearSolver();
    code = model.run().modelStatus;
  }
  return code;
}
