// Reported quantities without solver round-off: a simplex solution carries
// residues like -2.3e-10 units of unmet demand, which are zero to within what
// verification accepts (verify-plan.ts) and only confuse a reader.

import { VERIFY_TOLERANCE } from './verify-plan.js';

/** x, or 0 when |x| is below the verification tolerance (in units, its floor). */
export function withoutRoundOff(x: number): number {
  return Math.abs(x) < VERIFY_TOLERANCE ? 0 : x;
}
