// The LPs of MODEL.md section 9 (the value of the stochastic model), each a
// variant of section 3's LP built by the one builder: the expected-value (EV)
// problem, one scenario alone (wait-and-see), and the EEV LP, the extensive
// form sharing its first stage with a copy of the EV problem's second stage.

import type { Problem } from '../domain/problem.js';
import { computeScenarioEffects, type ScenarioEffects } from '../domain/scenario-effects.js';
import { buildSourcingLp, type SourcingLp } from '../model/build-sourcing-lp.js';
import type { SparseLp } from '../../solver/lp.js';

/** The problem with one scenario standing for all (probability 1), for an LP built with effects of our own. */
function oneScenario(problem: Problem, id: string): Problem {
  return { ...problem, scenarios: [{ id, probability: 1, events: [] }] };
}

/** k-th scenario's slice of a [k, ...] array of `per` entries each. */
const slice = (a: Float64Array, k: number, per: number) => a.slice(k * per, (k + 1) * per);

/** pi-weighted mean over scenarios of a [k, ...] array. */
function mean(a: Float64Array, pi: number[], per: number): Float64Array {
  const out = new Float64Array(per);
  pi.forEach((p, k) => {
    for (let i = 0; i < per; i++) out[i] += p * a[k * per + i];
  });
  return out;
}

/**
 * The EV problem's LP: one scenario whose every random parameter is its
 * expectation, each on its own (availability abar, E[priceFactor],
 * E[capacityFactor], E[g]); a coefficient multiplying two of them comes out
 * as the product of their expectations, because the builder multiplies them.
 */
export function expectedValueLp(problem: Problem, effects = computeScenarioEffects(problem)): SourcingLp {
  const pi = problem.scenarios.map((s) => s.probability);
  const MT = effects.materials * effects.periods;
  const abar = effects.expectedOfferAvailability.slice();
  const ev: ScenarioEffects = {
    ...effects,
    scenarios: 1,
    offerAvailability: abar,
    expectedOfferAvailability: abar.slice(),
    priceFactor: mean(effects.priceFactor, pi, MT),
    capacityFactor: mean(effects.capacityFactor, pi, MT),
    marketFactor: mean(effects.marketFactor, pi, MT),
  };
  return buildSourcingLp(oneScenario(problem, 'expected-value'), ev);
}

/** Scenario k alone, first stage free, its policy weights from a[k] alone. */
export function scenarioAloneLp(problem: Problem, k: number, effects = computeScenarioEffects(problem)): SourcingLp {
  const OT = effects.offers * effects.periods;
  const MT = effects.materials * effects.periods;
  const a = slice(effects.offerAvailability, k, OT);
  const alone: ScenarioEffects = {
    ...effects,
    scenarios: 1,
    offerAvailability: a,
    expectedOfferAvailability: a.slice(),
    priceFactor: slice(effects.priceFactor, k, MT),
    capacityFactor: slice(effects.capacityFactor, k, MT),
    marketFactor: slice(effects.marketFactor, k, MT),
  };
  return buildSourcingLp(oneScenario(problem, problem.scenarios[k].id), alone);
}

/**
 * The EEV LP: minimise the extensive form's expected cost over the plans
 * (x, c) that are optimal in the EV problem, i.e. that have an EV second stage
 * (a copy of the EV LP's own columns and rows, on the same x and c) whose EV
 * cost is at most `evHold`. One LP, so VSS is never overstated by picking an
 * unlucky EV optimum.
 */
export function eevLp(full: SourcingLp, ev: SourcingLp, evHold: number): SparseLp {
  const a = full.lp;
  const b = ev.lp;
  // the EV LP's first-stage columns (x and c) are the full LP's: the same offers, periods and designs
  const shared = new Int32Array(b.numCols).fill(-1);
  const pairs: [Int32Array, Int32Array][] = [
    [ev.layout.orderCol, full.layout.orderCol],
    [ev.layout.capacityCol, full.layout.capacityCol],
  ];
  for (const [evCols, fullCols] of pairs)
    evCols.forEach((j, i) => {
      if (j >= 0) shared[j] = fullCols[i];
    });
  const evOf = new Int32Array(a.numCols).fill(-1);
  shared.forEach((fullJ, evJ) => {
    if (fullJ >= 0) evOf[fullJ] = evJ;
  });

  const numRows = a.numRows + b.numRows;
  const colStart: number[] = [0];
  const rowIndex: number[] = [];
  const value: number[] = [];
  const colLower: number[] = [];
  const colUpper: number[] = [];
  const cost: number[] = [];
  const copy = (lp: SparseLp, j: number, rowOffset: number) => {
    for (let p = lp.colStart[j]; p < lp.colStart[j + 1]; p++) {
      rowIndex.push(lp.rowIndex[p] + rowOffset);
      value.push(lp.value[p]);
    }
  };
  for (let j = 0; j < a.numCols; j++) {
    copy(a, j, 0);
    if (evOf[j] >= 0) copy(b, evOf[j], a.numRows);
    colStart.push(rowIndex.length);
    colLower.push(a.colLower[j]);
    colUpper.push(a.colUpper[j]);
    cost.push(a.cost[j]);
  }
  for (let j = 0; j < b.numCols; j++) {
    if (shared[j] >= 0) continue;
    copy(b, j, a.numRows);
    colStart.push(rowIndex.length);
    colLower.push(b.colLower[j]);
    colUpper.push(b.colUpper[j]);
    cost.push(0);
  }
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  rowLower.set(a.rowLower);
  rowUpper.set(a.rowUpper);
  rowLower.set(b.rowLower, a.numRows);
  rowUpper.set(b.rowUpper, a.numRows);
  // the EV cost row holds E_ev = expected . x + constant at most evHold
  rowUpper[a.numRows + ev.layout.expectedRow] = evHold - ev.constantCost;
  const numCols = cost.length;
  return {
    numRows,
    numCols,
    cost: Float64Array.from(cost),
    offset: full.constantCost,
    colLower: Float64Array.from(colLower),
    colUpper: Float64Array.from(colUpper),
    rowLower,
    rowUpper,
    colStart: Int32Array.from(colStart),
    rowIndex: Int32Array.from(rowIndex),
    value: Float64Array.from(value),
    colName: (j) => (j < a.numCols ? a.colName(j) : `ev.${j - a.numCols}`),
    rowName: (i) => (i < a.numRows ? a.rowName(i) : `ev.${b.rowName(i - a.numRows)}`),
  };
}

/** The EV plan's first stage fixed (x and c at their values) in scenario k alone: a feasibility check. */
export function fixedPlanInScenario(problem: Problem, k: number, ev: SourcingLp, evX: Float64Array): SparseLp {
  const alone = scenarioAloneLp(problem, k);
  const lp = alone.lp;
  const colLower = lp.colLower.slice();
  const colUpper = lp.colUpper.slice();
  const fix = (aloneCols: Int32Array, evCols: Int32Array) =>
    aloneCols.forEach((j, i) => {
      if (j < 0 || evCols[i] < 0) return;
      colLower[j] = colUpper[j] = evX[evCols[i]];
    });
  fix(alone.layout.orderCol, ev.layout.orderCol);
  fix(alone.layout.capacityCol, ev.layout.capacityCol);
  return { ...lp, colLower, colUpper };
}
