// Finished jobs are kept LODESTONE_JOB_RETENTION_DAYS after they finish,
// then deleted with their variations and events: at start, then on a timer.
// Unfinished jobs are never purged, however old. The clock is injected so a
// test can move time instead of waiting days.

import type { JobLogger } from './job-runner.js';
import type { JobStore } from './job-store.js';

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface JobRetentionOptions {
  store: Pick<JobStore, 'purgeFinishedBefore'>;
  /** 0 keeps finished jobs for ever */
  retentionDays: number;
  /** default hourly */
  intervalMs?: number;
  now?: () => number;
  log?: Pick<JobLogger, 'info' | 'error'>;
}

export class JobRetention {
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly options: JobRetentionOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Purges once now, then every interval (the timer does not keep the process alive). */
  start(): void {
    if (this.options.retentionDays <= 0 || this.timer) return;
    this.purge();
    this.timer = setInterval(() => this.purge(), this.options.intervalMs ?? 60 * 60 * 1000).unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Deletes jobs finished more than the retention period ago; returns how many. */
  purge(): number {
    if (this.options.retentionDays <= 0) return 0;
    try {
      const purged = this.options.store.purgeFinishedBefore(this.now() - this.options.retentionDays * DAY_MS);
      if (purged > 0)
        this.options.log?.info(
          { purged },
          `deleted ${purged} job(s) finished more than ${this.options.retentionDays} day(s) ago (LODESTONE_JOB_RETENTION_DAYS)`,
        );
      return purged;
    } catch (error) {
      // A closed or busy store: the next round tries again.
      this.options.log?.error({ err: error }, 'purging old jobs failed');
      return 0;
    }
  }
}
