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
 * Devex pricing for the dual simplex, for the master and the recourse LPs.
 * Each of their solves starts from a basis the last changes left (cuts added,
 * bounds moved, a basis loaded with setBasis), and HiGHS's default (dual
 * steepest edge) recomputes its edge weights from scratch at each such start,
 * though most solves take a few iterations. Measured:
 * - recourse LPs, bench/large (1 worker, 21 points): recourse time of the
 *   sweep 19.2-24.5 s -> 16.8-21.8 s in paired runs; 2 workers, CLI wall
 *   23.6-24.6 s -> 22.3-22.7 s;
 * - the master, bench/large on 2 workers (21 points, paired runs): master
 *   time 10.4-10.5 s -> 8.6-8.8 s, CLI wall 15.7-16.0 s -> 14.9-15.4 s;
 *   bench/medium on 1 worker: 1.12-1.20 s -> 1.00-1.03 s.
 */
export const DEVEX_PRICING = { simplex_dual_edge_weight_strategy: 1 } as const;

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
