// expectedWaitSec, the basis of Retry-After: nothing to wait with a free
// slot, then one mean hold per `concurrency` requests that must leave first.

import { describe, expect, it } from 'vitest';
import { expectedWaitSec } from '../../src/service/admission-gate.js';

describe('expectedWaitSec', () => {
  it('is 0 while a slot is free', () => {
    expect(expectedWaitSec({ running: 0, waiting: 0, concurrency: 2 }, 3)).toBe(0);
    expect(expectedWaitSec({ running: 1, waiting: 0, concurrency: 2 }, 3)).toBe(0);
  });

  it('grows by one mean hold per `concurrency` requests ahead', () => {
    const waits = [0, 1, 2, 3, 4].map((waiting) => expectedWaitSec({ running: 2, waiting, concurrency: 2 }, 3));
    expect(waits).toEqual([1.5, 3, 4.5, 6, 7.5]);
    expect(expectedWaitSec({ running: 1, waiting: 3, concurrency: 1 }, 2)).toBe(8);
  });
});
