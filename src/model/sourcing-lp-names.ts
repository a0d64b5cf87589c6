// Names of the sourcing LP's columns and rows (x.<offer>.<supplier>.<material>.t<t>,
// stock.<material>.t<t>.k<k>, ...), computed on demand from the layout: the
// LP-format export and error messages read them, no solve does.

import type { Problem } from '../domain/problem.js';
import type { FlatDesign } from './flat-designs.js';

/** The kind of each column, as build-sourcing-lp.ts tags them. */
export const COL = { order: 0, capacity: 1, eta: 2, build: 3, spot: 4, stock: 5, excess: 6 } as const;

// LP and MPS files accept letters, digits and a few symbols in names; ids may hold more.
const safe = (id: string) => id.replace(/[^A-Za-z0-9_.]/g, '_');

export function columnNamer(
  problem: Problem,
  designs: FlatDesign[],
  kinds: Int32Array,
  tags: { a: Int32Array; t: Int32Array; k: Int32Array },
) {
  return (j: number): string => {
    const a = tags.a[j];
    const t = tags.t[j];
    const k = tags.k[j];
    switch (kinds[j]) {
      case COL.order: {
        const offer = problem.offers[a];
        return `x.${a}.${safe(problem.suppliers[offer.supplier].id)}.${safe(problem.materials[offer.material].id)}.t${t}`;
      }
      case COL.capacity:
        return `c.${a}.${safe(problem.products[designs[a].product].id)}.${safe(designs[a].design.id)}`;
      case COL.eta:
        return 'eta';
      case COL.build:
        return `q.${a}.${safe(designs[a].design.id)}.t${t}.k${k}`;
      case COL.spot:
        return `b.${safe(problem.materials[a].id)}.t${t}.k${k}`;
      case COL.stock:
        return `I.${safe(problem.materials[a].id)}.t${t}.k${k}`;
      default:
        return `v.k${k}`;
    }
  };
}

export interface RowLayout {
  block: number;
  T: number;
  M: number;
  demandRowLocal: Int32Array;
  linkRowLocal: Int32Array;
  costRowLocal: number;
  policyRow0: number;
  expectedRow: number;
  cvarRow: number;
}

export function rowNamerFor(problem: Problem, designs: FlatDesign[], r: RowLayout) {
  const localName = new Array<string>(r.block);
  for (let m = 0; m < r.M; m++)
    for (let t = 1; t <= r.T; t++) localName[m * r.T + t - 1] = `stock.${safe(problem.materials[m].id)}.t${t}`;
  r.demandRowLocal.forEach((row, i) => {
    if (row >= 0) localName[row] = `demand.${safe(problem.products[Math.floor(i / r.T)].id)}.t${(i % r.T) + 1}`;
  });
  r.linkRowLocal.forEach((row, i) => {
    if (row >= 0)
      localName[row] =
        `tooling.${Math.floor(i / r.T)}.${safe(designs[Math.floor(i / r.T)].design.id)}.t${(i % r.T) + 1}`;
  });
  localName[r.costRowLocal] = 'cost';
  return (i: number): string => {
    if (i === r.expectedRow) return 'budget.expected';
    if (i === r.cvarRow) return 'budget.cvar';
    if (i >= r.policyRow0) return `policy.${i - r.policyRow0}`;
    return `${localName[i % r.block]}.k${Math.floor(i / r.block)}`;
  };
}
