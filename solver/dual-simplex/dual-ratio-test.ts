// The dual simplex's ratio test with bound flipping ("long step", Koberstein
// 2005, ch. 3.1): every column of a recourse LP has two finite bounds, so the
// dual step may pass a candidate's breakpoint by moving that column to its
// other bound, as long as the leaving row stays infeasible; only the last
// candidate enters. Within each pass Harris's tolerance picks, among
// near-ties, the candidate with the largest pivot (numerical stability).

export interface RatioCandidates {
  /** how many candidates the arrays hold */
  count: number;
  /** the candidate columns */
  column: Int32Array;
  /** how far each one's reduced cost is from the wrong sign (>= -tolerance) */
  slack: Float64Array;
  /** |pivot row entry| of each */
  alpha: Float64Array;
  /** upper - lower bound of each (Infinity where one is infinite) */
  range: Float64Array;
}

export interface RatioChoice {
  entering: number;
  /** columns passed, to be moved to their other bound: flips[0 .. flipCount-1] */
  flipCount: number;
}

/**
 * Chooses the entering column for a leaving row infeasible by `infeasibility`
 * (consumes the candidates); null when no candidate bounds the dual step (the
 * LP is primal infeasible).
 */
export function boundFlippingRatioTest(
  c: RatioCandidates,
  infeasibility: number,
  tolerance: number,
  flips: Int32Array,
): RatioChoice | null {
  let slope = infeasibility;
  let flipCount = 0;
  let remaining = c.count;
  while (remaining > 0) {
    let bound = Infinity;
    for (let i = 0; i < remaining; i++) bound = Math.min(bound, (c.slack[i] + tolerance) / c.alpha[i]);
    let best = -1;
    let reduction = 0;
    for (let i = 0; i < remaining; i++) {
      if (Math.max(0, c.slack[i]) / c.alpha[i] > bound) continue;
      reduction += c.alpha[i] * c.range[i];
      if (best < 0 || c.alpha[i] > c.alpha[best]) best = i;
    }
    if (!(slope - reduction > 0)) return { entering: c.column[best], flipCount };
    // every candidate within the bound is passed: moved to its other bound
    slope -= reduction;
    for (let i = remaining - 1; i >= 0; i--) {
      if (Math.max(0, c.slack[i]) / c.alpha[i] > bound) continue;
      flips[flipCount++] = c.column[i];
      remaining--;
      c.column[i] = c.column[remaining];
      c.slack[i] = c.slack[remaining];
      c.alpha[i] = c.alpha[remaining];
      c.range[i] = c.range[remaining];
    }
  }
  return null;
}
