// Bounded admission for frontier requests: at most `concurrency` hold a slot,
// at most `queueLength` wait for one, and anything beyond is refused at once,
// so the backlog can never grow without bound and an overloaded service says
// so (503) instead of answering everybody late.

/** Gives the slot back; calling it again does nothing. */
export type Release = () => void;

export interface AdmissionGate {
  /**
   * Resolves with a slot, waiting in line if all are taken. Rejects at once
   * with GateFullError when the line is full, with GateClosedError after
   * close(), and with `signal.reason` if the signal fires while waiting.
   */
  acquire(signal?: AbortSignal): Promise<Release>;
  /** Whether acquire() would be accepted now (a slot or a place in line). */
  hasRoom(): boolean;
  stats(): { running: number; waiting: number; concurrency: number; queueLength: number };
  /** Refuses new requests and rejects everyone waiting; running holders keep their slots. */
  close(): void;
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
  private closed = false;
  private readonly waiting: Waiter[] = [];

  constructor(
    readonly concurrency: number,
    readonly queueLength: number,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be an integer >= 1, got ${concurrency}`);
    if (!Number.isInteger(queueLength) || queueLength < 0) throw new RangeError(`queueLength must be an integer >= 0, got ${queueLength}`);
  }

  acquire(signal?: AbortSignal): Promise<Release> {
    if (this.closed) return Promise.reject(new GateClosedError('the service is shutting down'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.running < this.concurrency) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.queueLength) {
      return Promise.reject(new GateFullError(`all ${this.concurrency} solving slots are busy and ${this.queueLength} requests are already waiting`));
    }
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const i = this.waiting.indexOf(waiter);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiting.push(waiter);
    });
  }

  hasRoom(): boolean {
    return !this.closed && (this.running < this.concurrency || this.waiting.length < this.queueLength);
  }

  stats() {
    return { running: this.running, waiting: this.waiting.length, concurrency: this.concurrency, queueLength: this.queueLength };
  }

  close(): void {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) {
      this.detach(waiter);
      waiter.reject(new GateClosedError('the service is shutting down'));
    }
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Hand the slot straight to the next in line, so a newcomer cannot overtake it.
      const next = this.waiting.shift();
      if (next) {
        this.detach(next);
        next.resolve(this.releaser());
      } else {
        this.running--;
      }
    };
  }

  private detach(waiter: Waiter): void {
    if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
  }
}
