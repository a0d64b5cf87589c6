import { describe, expect, it } from 'vitest';
import { BoundedAdmissionGate, GateClosedError, GateFullError } from '../../src/service/admission-gate.js';

const settled = async (promise: Promise<unknown>) => {
  let state = 'pending';
  promise.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  await new Promise((r) => setTimeout(r, 0));
  return state;
};

describe('BoundedAdmissionGate', () => {
  it('admits up to concurrency at once, queues up to queueLength, and refuses the rest at once', async () => {
    const gate = new BoundedAdmissionGate(2, 1);
    const a = await gate.acquire();
    await gate.acquire();
    const waiting = gate.acquire();
    expect(gate.stats()).toEqual({ running: 2, waiting: 1, concurrency: 2, queueLength: 1 });
    expect(gate.hasRoom()).toBe(false);
    await expect(gate.acquire()).rejects.toBeInstanceOf(GateFullError);
    expect(await settled(waiting)).toBe('pending');
    a();
    expect(await settled(waiting)).toBe('resolved');
    expect(gate.stats()).toMatchObject({ running: 2, waiting: 0 });
  });

  it('hands a released slot to the first waiter, not to a newcomer', async () => {
    const gate = new BoundedAdmissionGate(1, 2);
    const release = await gate.acquire();
    const order: string[] = [];
    const first = gate.acquire().then((r) => (order.push('first'), r));
    release();
    // A newcomer arriving right after the release must queue behind the first waiter.
    const second = gate.acquire().then((r) => (order.push('second'), r));
    (await first)();
    (await second)();
    expect(order).toEqual(['first', 'second']);
    expect(gate.stats()).toMatchObject({ running: 0, waiting: 0 });
  });

  it('ignores a second release', async () => {
    const gate = new BoundedAdmissionGate(1, 0);
    const release = await gate.acquire();
    release();
    release();
    expect(gate.stats().running).toBe(0);
    await gate.acquire();
    expect(gate.stats().running).toBe(1);
  });

  it('drops a waiter whose signal fires, rejecting with its reason', async () => {
    const gate = new BoundedAdmissionGate(1, 1);
    const release = await gate.acquire();
    const controller = new AbortController();
    const waiting = gate.acquire(controller.signal);
    controller.abort(new Error('client left'));
    await expect(waiting).rejects.toThrow('client left');
    expect(gate.stats().waiting).toBe(0);
    release();
    expect(gate.stats().running).toBe(0);
    await expect(gate.acquire(AbortSignal.abort(new Error('already gone')))).rejects.toThrow('already gone');
  });

  it('after close, refuses newcomers and rejects waiters, but leaves running holders alone', async () => {
    const gate = new BoundedAdmissionGate(1, 1);
    const release = await gate.acquire();
    const waiting = gate.acquire();
    gate.close();
    await expect(waiting).rejects.toBeInstanceOf(GateClosedError);
    await expect(gate.acquire()).rejects.toBeInstanceOf(GateClosedError);
    expect(gate.stats().running).toBe(1);
    release();
    expect(gate.stats().running).toBe(0);
  });

  it('rejects nonsense sizes', () => {
    expect(() => new BoundedAdmissionGate(0, 1)).toThrow(RangeError);
    expect(() => new BoundedAdmissionGate(1, -1)).toThrow(RangeError);
  });
});
