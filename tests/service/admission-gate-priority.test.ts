// Interactive requests before batch work at the admission gate: batch waiters
// go only when no interactive request waits, hold at most batchSlots slots,
// never count against (or are refused by) the interactive waiting line.

import { describe, expect, it } from 'vitest';
import { BoundedAdmissionGate, GateClosedError } from '../../src/service/admission-gate.js';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('BoundedAdmissionGate priorities', () => {
  it('serves a waiting interactive request before batch work that waited longer', async () => {
    const gate = new BoundedAdmissionGate(1, 4);
    const order: string[] = [];
    const holder = await gate.acquire(undefined, { priority: 'batch' });
    const batch = gate.acquire(undefined, { priority: 'batch' }).then((r) => (order.push('batch'), r));
    await tick();
    const interactive = gate.acquire().then((r) => (order.push('interactive'), r));
    holder();
    (await interactive)();
    (await batch)();
    expect(order).toEqual(['interactive', 'batch']);
    expect(gate.stats()).toMatchObject({ running: 0, waiting: 0 });
    expect(gate.batchStats()).toEqual({ running: 0, waiting: 0, slots: 1 });
  });

  it('keeps a slot free of batch work when there are two or more', async () => {
    const gate = new BoundedAdmissionGate(2, 0);
    expect(gate.batchSlots).toBe(1);
    const first = await gate.acquire(undefined, { priority: 'batch' });
    let second = false;
    const waiting = gate.acquire(undefined, { priority: 'batch' }).then((r) => ((second = true), r));
    await tick();
    expect(second).toBe(false);
    // ... which an interactive request gets at once, with a waiting line of 0.
    const interactive = await gate.acquire();
    expect(gate.stats()).toMatchObject({ running: 2, waiting: 0 });
    expect(gate.batchStats()).toMatchObject({ running: 1, waiting: 1 });
    interactive();
    await tick();
    expect(second).toBe(false);
    first();
    (await waiting)();
    expect(second).toBe(true);
    expect(gate.stats().running).toBe(0);
  });

  it('does not refuse batch work for a full line, and does not count it there', async () => {
    const gate = new BoundedAdmissionGate(1, 0);
    const holder = await gate.acquire();
    const batch = gate.acquire(undefined, { priority: 'batch' });
    expect(gate.hasRoom()).toBe(false);
    expect(gate.stats().waiting).toBe(0);
    holder();
    (await batch)();
  });

  it('lets a waiting batch acquirer go on abort, and rejects it on close', async () => {
    const gate = new BoundedAdmissionGate(1, 1);
    const holder = await gate.acquire();
    const controller = new AbortController();
    const aborted = gate.acquire(controller.signal, { priority: 'batch' });
    controller.abort(new Error('cancelled'));
    await expect(aborted).rejects.toThrow('cancelled');
    const closed = gate.acquire(undefined, { priority: 'batch' });
    gate.close();
    await expect(closed).rejects.toBeInstanceOf(GateClosedError);
    holder();
    expect(gate.batchStats()).toEqual({ running: 0, waiting: 0, slots: 1 });
  });
});
