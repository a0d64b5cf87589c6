// The per-tenant quota on frontier requests solving or waiting at once
// (LODESTONE_MAX_CONCURRENT_SOLVES_PER_KEY): one client cannot take every
// slot and every place in line. Refused with 429 QUOTA_EXCEEDED, the
// caller's own limit, where a full service is 503 QUEUE_FULL.

import { ServiceError } from './errors.js';

export class SolveQuota {
  private readonly inFlight = new Map<string, number>();

  /** `limit` 0: no quota. */
  constructor(readonly limit: number) {}

  /** Counts one more solve for the tenant, or throws QUOTA_EXCEEDED; the returned function gives it back (once). */
  enter(tenant: string, retryAfterSec: number): () => void {
    if (this.limit <= 0) return () => undefined;
    const now = this.inFlight.get(tenant) ?? 0;
    if (now >= this.limit) {
      const who = tenant === '' ? 'This service' : `The API key ${JSON.stringify(tenant)}`;
      throw new ServiceError(
        'QUOTA_EXCEEDED',
        `${who} already has ${now} frontier request(s) solving or waiting, its quota of ${this.limit} ` +
          '(LODESTONE_MAX_CONCURRENT_SOLVES_PER_KEY); retry when one has finished',
        { retryAfterSec },
      );
    }
    this.inFlight.set(tenant, now + 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const n = (this.inFlight.get(tenant) ?? 1) - 1;
      if (n <= 0) this.inFlight.delete(tenant);
      else this.inFlight.set(tenant, n);
    };
  }

  /** Solves in flight of the tenant. */
  count(tenant: string): number {
    return this.inFlight.get(tenant) ?? 0;
  }
}
