// Reported quantities drop solver round-off below the verification tolerance
// (issue 12: unmetDemand showed -2.3e-10) and keep everything else as is.

import { describe, expect, it } from 'vitest';
import { withoutRoundOff } from '../../src/model/round-off.js';
import { VERIFY_TOLERANCE } from '../../src/model/verify-plan.js';

describe('withoutRoundOff', () => {
  it('writes |x| below the tolerance as 0 and leaves the rest', () => {
    expect(withoutRoundOff(-2.3e-10)).toBe(0);
    expect(withoutRoundOff(4e-7)).toBe(0);
    expect(withoutRoundOff(VERIFY_TOLERANCE)).toBe(VERIFY_TOLERANCE);
    expect(withoutRoundOff(-0.5)).toBe(-0.5);
    expect(withoutRoundOff(1234.5)).toBe(1234.5);
  });
});
