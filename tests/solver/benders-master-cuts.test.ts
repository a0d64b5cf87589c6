// The master's cut rows on a real HiGHS model: queued cuts reach the master
// in one flush, idle ones leave it after PRUNE_AFTER_IDLE_ROUNDS solves (at
// once when it holds too many), a scenario's retired cuts leave it and its
// warm start, and compaction keeps exactly the live cuts.

import { afterEach, describe, expect, it } from 'vitest';
import type { Model } from 'highs';
import { createModel } from '../../solver/benders/highs-models.js';
import { MasterCuts, PRUNE_AFTER_IDLE_ROUNDS, PRUNE_FROM_CUTS_PER_SCENARIO } from '../../solver/benders/master-cuts.js';
import { loadHighsRuntime } from '../../solver/highs/runtime.js';

const X = 0;
const THETA = 1;

/**
 * min 0.5 x + theta, x <= 10 (the master's own row), theta >= 0 bounded by
 * cuts: theta >= 6 - x and theta >= 1 - 0.1 x bind at x = 50/9; theta >= -100 never does.
 */
async function master(): Promise<{ model: Model; basic: number; infinity: number; run: () => number }> {
  const highs = await loadHighsRuntime();
  const model = createModel(highs, {
    numRows: 1,
    numCols: 2,
    cost: Float64Array.of(0.5, 1),
    colLower: Float64Array.of(0, 0),
    colUpper: Float64Array.of(Infinity, Infinity).map(() => highs.infinity),
    rowLower: Float64Array.of(-highs.infinity),
    rowUpper: Float64Array.of(10),
    colStart: Int32Array.of(0, 1, 1),
    rowIndex: Int32Array.of(0),
    value: Float64Array.of(1),
  });
  const run = () => {
    expect(model.run().modelStatus).toBe(highs.constants.modelStatus.optimal);
    return model.getSolution().colValue[X];
  };
  return { model, basic: highs.constants.basisStatus.basic, infinity: highs.infinity, run };
}

const BINDING_A = { id: 11, lower: 6, indices: [X, THETA], values: [1, 1], block: 0 };
const BINDING_B = { id: 12, lower: 1, indices: [X, THETA], values: [0.1, 1], block: 1 };
const IDLE = { id: 13, lower: -100, indices: [THETA], values: [1], block: 1 };

function addCut(cuts: MasterCuts, cut: typeof BINDING_A, dual = 1): void {
  cuts.add(cut.id, cut.lower, Infinity, cut.indices, cut.values, cut.block, [0], [dual]);
}

describe('MasterCuts', () => {
  let model: Model | null = null;
  afterEach(() => {
    model?.dispose();
    model = null;
  });

  it('adds queued cuts at the flush and drops an idle one after PRUNE_AFTER_IDLE_ROUNDS solves', async () => {
    const m = await master();
    model = m.model;
    const cuts = new MasterCuts(m.model, 1, 2, 2, m.basic, m.infinity);
    for (const cut of [BINDING_A, IDLE, BINDING_B]) addCut(cuts, cut);
    expect(m.model.getDimensions().numRows).toBe(1); // queued, not added
    expect(cuts.largestBound).toBe(100); // |-100|; the open upper sides do not count
    cuts.flush();
    expect(m.model.getDimensions().numRows).toBe(4);
    for (let solve = 1; solve <= PRUNE_AFTER_IDLE_ROUNDS; solve++) {
      expect(m.run()).toBeCloseTo(50 / 9, 9);
      expect(cuts.heldRows()).toEqual([0, 1, 2]);
      cuts.prune();
    }
    // the idle cut (log index 1) left after its 4th idle solve; the binding ones stay, and the optimum with them
    expect(cuts.heldRows()).toEqual([0, 2]);
    expect(m.model.getDimensions().numRows).toBe(3);
    expect(m.run()).toBeCloseTo(50 / 9, 9);
    // it stays in the warm start, which holds what the master holds or has queued
    expect(Array.from(cuts.warmStart().id)).toEqual([11, 12]);
  });

  it('drops idle cuts at once when the master holds more than its share per scenario', async () => {
    const m = await master();
    model = m.model;
    const cuts = new MasterCuts(m.model, 1, 2, 1, m.basic, m.infinity);
    addCut(cuts, BINDING_A);
    addCut(cuts, BINDING_B);
    for (let i = 0; i < PRUNE_FROM_CUTS_PER_SCENARIO; i++) addCut(cuts, { ...IDLE, id: 100 + i, lower: -100 - i });
    cuts.flush();
    m.run();
    cuts.prune();
    expect(cuts.heldRows()).toEqual([0, 1]);
    expect(m.run()).toBeCloseTo(50 / 9, 9);
  });

  it("retires a scenario's cuts from the master, the queue and the warm start", async () => {
    const m = await master();
    model = m.model;
    const cuts = new MasterCuts(m.model, 1, 2, 2, m.basic, m.infinity);
    addCut(cuts, BINDING_A);
    addCut(cuts, BINDING_B);
    cuts.flush();
    addCut(cuts, IDLE); // queued, block 1
    cuts.retireBlock(1);
    expect(cuts.heldRows()).toEqual([0]);
    expect(m.model.getDimensions().numRows).toBe(2);
    cuts.flush();
    expect(m.model.getDimensions().numRows).toBe(2); // the queued cut of block 1 is not added
    // only theta >= 6 - x is left: cheapest where it meets theta >= 0, x = 6
    expect(m.run()).toBeCloseTo(6, 9);
    expect(Array.from(cuts.warmStart().id)).toEqual([11]);
  });

  it('compacts the log to the live cuts, which keep their rows, origins and order', async () => {
    const m = await master();
    model = m.model;
    const cuts = new MasterCuts(m.model, 1, 2, 2, m.basic, m.infinity);
    cuts.compactFrom = 0;
    addCut(cuts, BINDING_A, 3);
    addCut(cuts, IDLE, 4);
    addCut(cuts, BINDING_B, 5);
    cuts.flush();
    for (let solve = 0; solve < PRUNE_AFTER_IDLE_ROUNDS; solve++) {
      m.run();
      cuts.prune();
    }
    // 3 logged, 2 live: under 2 * 2 + 0, so the flush keeps the log as it is
    cuts.flush();
    expect(cuts.logged).toBe(3);
    cuts.retireBlock(1); // BINDING_B leaves; 1 live cut of 3 logged
    cuts.flush();
    expect(cuts.logged).toBe(1);
    expect(cuts.everLogged).toBe(3);
    expect(cuts.heldRows()).toEqual([0]);
    expect(Array.from(cuts.origins().dualValue)).toEqual([3]);
    expect([11, 12, 13, 99].map((id) => cuts.has(id))).toEqual([true, true, true, false]);
    expect(m.run()).toBeCloseTo(6, 9);
  });
});
