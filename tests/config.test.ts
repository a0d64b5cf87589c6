// Operator settings read at start-up: LODESTONE_BATCH_SLOTS, the one whose
// limit depends on another setting (the pool's size).

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('LODESTONE_BATCH_SLOTS', () => {
  it('is unset by default: batch work gets all slots but one', () => {
    expect(loadConfig({ LODESTONE_POOL_SIZE: '4' }).batchSlots).toBeNull();
    expect(loadConfig({ LODESTONE_POOL_SIZE: '4', LODESTONE_BATCH_SLOTS: '' }).batchSlots).toBeNull();
  });

  it('takes any whole number up to the pool size', () => {
    expect(loadConfig({ LODESTONE_POOL_SIZE: '2', LODESTONE_BATCH_SLOTS: '2' }).batchSlots).toBe(2);
    expect(loadConfig({ LODESTONE_POOL_SIZE: '4', LODESTONE_BATCH_SLOTS: '1' }).batchSlots).toBe(1);
  });

  it('refuses more slots than the pool has, naming both settings', () => {
    expect(() => loadConfig({ LODESTONE_POOL_SIZE: '2', LODESTONE_BATCH_SLOTS: '3' })).toThrow(
      "LODESTONE_BATCH_SLOTS=3 must be at most the pool's 2 worker threads (LODESTONE_POOL_SIZE)",
    );
  });

  it('refuses zero, fractions and words', () => {
    expect(() => loadConfig({ LODESTONE_POOL_SIZE: '2', LODESTONE_BATCH_SLOTS: '0' })).toThrow(
      'LODESTONE_BATCH_SLOTS="0" must be a number >= 1',
    );
    expect(() => loadConfig({ LODESTONE_POOL_SIZE: '2', LODESTONE_BATCH_SLOTS: '1.5' })).toThrow(
      'LODESTONE_BATCH_SLOTS="1.5" must be a whole number',
    );
    expect(() => loadConfig({ LODESTONE_POOL_SIZE: '2', LODESTONE_BATCH_SLOTS: 'all' })).toThrow(
      'LODESTONE_BATCH_SLOTS="all" must be a number >= 1',
    );
  });
});
