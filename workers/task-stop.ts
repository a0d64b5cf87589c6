// How the pool's callers stop tasks under way: a flag in shared memory that
// the worker polls inside the solver (HiGHS's interrupt callback, the run's
// steps), raised when the caller's signal fires; a task that has not stopped
// STOP_GRACE_MS later is terminated by piscina (and its worker replaced).

/** How long a cancelled task may take to notice its stop flag before its worker is terminated. */
export const STOP_GRACE_MS = 2_000;

export class TaskStop {
  /** Int32Array view, slot 0: 1 once raised (what the worker reads) */
  readonly buffer = new SharedArrayBuffer(4);
  private readonly hard = new AbortController();
  private grace: NodeJS.Timeout | undefined;
  private readonly onAbort = () => this.raise({ terminateAfterGrace: true });

  constructor(private readonly signal?: AbortSignal) {
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  get raised(): boolean {
    return Atomics.load(new Int32Array(this.buffer), 0) === 1;
  }

  /** Aborts the grace period after a cancel: piscina terminates a task still running then. */
  get terminate(): AbortSignal {
    return this.hard.signal;
  }

  /** Tells every task sharing the flag to stop (a cancel also terminates them after the grace period). */
  raise(options: { terminateAfterGrace?: boolean } = {}): void {
    Atomics.store(new Int32Array(this.buffer), 0, 1);
    if (options.terminateAfterGrace && !this.grace) this.grace = setTimeout(() => this.hard.abort(), STOP_GRACE_MS);
  }

  dispose(): void {
    this.signal?.removeEventListener('abort', this.onAbort);
    clearTimeout(this.grace);
  }
}
