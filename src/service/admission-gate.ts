// Bounded admission for frontier requests: at most `concurrency` hold a slot,
// at most `queueLength` wait for one, and anything beyond is refused at once,
// so the backlog can never grow without bound and an overloaded service says
// so (503) instead of answering everybody late.
//
// Two classes of holder share the slots. Interactive requests (POST
// /v1/frontiers) are served first; batch work (job variations) waits in a
// line of its own, is admitted only when no interactive request is waiting,
// and holds at most `batchSlots` slots at once. Batch work takes a slot per
// LP solve, not per frontier (see yielding-executor.ts), so an interactive
// request never waits for more than the batch LP solves already running.

/** Gives the slot back; calling it again does nothing. */
export type Release = () => void;

export type AdmissionPriority = 'interactive' | 'batch';

export interface AcquireOptions {
  /** default interactive */
  priority?: AdmissionPriority;
}

export interface AdmissionGate {
  /**
   * Resolves with a slot, waiting in line if all are taken. Rejects at once
   * with GateFullError when the (interactive) line is full, with
   * GateClosedError after close(), and with `signal.reason` if the signal
   * fires while waiting. Batch acquirers are never refused for a full line.
   */
  acquire(signal?: AbortSignal, options?: AcquireOptions): Promise<Release>;
  /** Whether an interactive acquire() would be accepted now (a slot or a place in line). */
  hasRoom(): boolean;
  /** Slots and lines; `running` counts batch holders too. */
  stats(): { running: number; waiting: number; concurrency: number; queueLength: number };
  /** Batch holders and waiters, and how many slots batch work may hold. */
  batchStats(): { running: number; waiting: number; slots: number };
  /** Refuses new requests and rejects everyone waiting; running holders keep their slots. */
  close(): void;
}

/**
 * Seconds until a request arriving now would hold a slot, were it let in
 * line: those ahead of it (running and waiting) leave `concurrency` at a
 * time, each after about `meanHoldSec`. 0 when a slot is free.
 */
export function expectedWaitSec(
  stats: { running: number; waiting: number; concurrency: number },
  meanHoldSec: number,
): number {
  const mustLeave = stats.running + stats.waiting - stats.concurrency + 1;
  return mustLeave <= 0 ? 0 : (mustLeave * meanHoldSec) / stats.concurrency;
}

export class GateFullError extends Error {
  override readonly name = 'GateFullError';
}

export class GateClosedError extends Error {
  override readonly name = 'GateClosedError';
}

interface Waiter {
  resolve: (release: Release) => void;
  reject: (error: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export class BoundedAdmissionGate implements AdmissionGate {
  private running = 0;
  private batchRunning = 0;
  private closed = false;
  private readonly waiting: Waiter[] = [];
  private readonly batchWaiting: Waiter[] = [];
  /** how many slots batch work may hold: all but one, so with two or more an interactive request always finds one free */
  readonly batchSlots: number;

  constructor(
    readonly concurrency: number,
    readonly queueLength: number,
    options: { batchSlots?: number } = {},
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new RangeError(`concurrency must be an integer >= 1, got ${concurrency}`);
    if (!Number.isInteger(queueLength) || queueLength < 0)
      throw new RangeError(`queueLength must be an integer >= 0, got ${queueLength}`);
    this.batchSlots = options.batchSlots ?? Math.max(1, concurrency - 1);
    if (!Number.isInteger(this.batchSlots) || this.batchSlots < 1 || this.batchSlots > concurrency) {
      throw new RangeError(`batchSlots must be an integer in [1, ${concurrency}], got ${this.batchSlots}`);
    }
  }

  acquire(signal?: AbortSignal, options: AcquireOptions = {}): Promise<Release> {
    const batch = options.priority === 'batch';
    if (this.closed) return Promise.reject(new GateClosedError('the service is shutting down'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (batch ? this.batchMayStart() : this.running < this.concurrency) return Promise.resolve(this.admit(batch));
    const line = batch ? this.batchWaiting : this.waiting;
    if (!batch && line.length >= this.queueLength) {
      return Promise.reject(
        new GateFullError(
          `all ${this.concurrency} solving slots are busy and ${this.queueLength} requests are already waiting`,
        ),
      );
    }
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const i = line.indexOf(waiter);
          if (i >= 0) line.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      line.push(waiter);
    });
  }

  hasRoom(): boolean {
    return !this.closed && (this.running < this.concurrency || this.waiting.length < this.queueLength);
  }

  stats() {
    return {
      running: this.running,
      waiting: this.waiting.length,
      concurrency: this.concurrency,
      queueLength: this.queueLength,
    };
  }

  batchStats() {
    return { running: this.batchRunning, waiting: this.batchWaiting.length, slots: this.batchSlots };
  }

  close(): void {
    this.closed = true;
    for (const waiter of [...this.waiting.splice(0), ...this.batchWaiting.splice(0)]) {
      this.detach(waiter);
      waiter.reject(new GateClosedError('the service is shutting down'));
    }
  }

  private batchMayStart(): boolean {
    return this.running < this.concurrency && this.batchRunning < this.batchSlots && this.waiting.length === 0;
  }

  private admit(batch: boolean): Release {
    this.running++;
    if (batch) this.batchRunning++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      if (batch) this.batchRunning--;
      // Synchronously, so a newcomer cannot overtake those already in line.
      this.dispatch();
    };
  }

  private dispatch(): void {
    while (this.running < this.concurrency) {
      const interactive = this.waiting.shift();
      if (interactive) {
        this.detach(interactive);
        interactive.resolve(this.admit(false));
        continue;
      }
      if (this.batchWaiting.length === 0 || !this.batchMayStart()) return;
      const batch = this.batchWaiting.shift()!;
      this.detach(batch);
      batch.resolve(this.admit(true));
    }
  }

  private detach(waiter: Waiter): void {
    if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
  }
}
