// Expected cost and CVaR of a discrete cost distribution. CVaR here is the
// exact tail mean (the value the Rockafellar-Uryasev LP attains at its
// optimum), so reported risk never depends on where an LP variable sat.

export function expectedValue(costs: readonly number[], probabilities: readonly number[]): number {
  let e = 0;
  for (let k = 0; k < costs.length; k++) e += probabilities[k] * costs[k];
  return e;
}

/** Mean of the worst (1 - alpha) probability mass of costs. */
export function conditionalValueAtRisk(
  costs: readonly number[],
  probabilities: readonly number[],
  alpha: number,
): number {
  const tail = 1 - alpha;
  const order = costs.map((_, k) => k).sort((a, b) => costs[b] - costs[a]);
  let mass = 0;
  let sum = 0;
  for (const k of order) {
    const take = Math.min(probabilities[k], tail - mass);
    if (take <= 0) break;
    sum += take * costs[k];
    mass += take;
  }
  // Probabilities sum to 1 only within 1e-9, so the tail can fall short by that much.
  return mass > 0 ? sum / mass : Math.max(...costs);
}

export function worstCase(costs: readonly number[], probabilities: readonly number[]): number {
  let worst = -Infinity;
  costs.forEach((c, k) => {
    if (probabilities[k] > 0 && c > worst) worst = c;
  });
  return worst;
}
