// Designs of all products numbered 0..G-1, so per-design data fits in typed arrays.

import type { Design, Problem } from '../domain/problem.js';

export interface FlatDesign {
  product: number;
  design: Design;
  /** index of the design within its product */
  local: number;
}

export function flattenDesigns(problem: Problem): FlatDesign[] {
  const out: FlatDesign[] = [];
  problem.products.forEach((product, p) =>
    product.designs.forEach((design, local) => out.push({ product: p, design, local })),
  );
  return out;
}

/** Upper bound on units built with a design in a period: 0 before it is available. */
export function buildUpperBound(problem: Problem, flat: FlatDesign, t: number): number {
  if (t < flat.design.availableFrom) return 0;
  return flat.design.maxShare * problem.products[flat.product].demand[t - 1];
}

/** Tooling capacity bound: maxShare times the peak demand of the product. */
export function capacityUpperBound(problem: Problem, flat: FlatDesign): number {
  return flat.design.maxShare * Math.max(0, ...problem.products[flat.product].demand);
}

/** Cost of leaving every unit of demand unbuilt; the constant the u-substitution moves out of the LP. */
export function totalShortfallCost(problem: Problem): number {
  let total = 0;
  for (const product of problem.products) for (const d of product.demand) total += product.shortfallPenalty * d;
  return total;
}
