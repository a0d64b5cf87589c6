// Semantic checks of the sourcing data (MODEL.md section 2): products with
// their per-period demand and designs' BOMs, suppliers' offers, inventory and
// spot entries, and policy rules; chiefly that each names a defined material
// once and that per-period lists match `periods`.

import { childPath } from './json-path.js';
import { isFiniteNonNegative, isId, isObject, objectEntries } from './raw-value.js';
import type { Context, Findings } from './semantic-findings.js';

export function checkProducts(products: unknown, ctx: Context, found: Findings): void {
  const entries = objectEntries(products);
  found.uniqueIds(entries, '$.products');
  for (const [p, product] of entries) {
    const base = childPath('$.products', p);
    found.perPeriod(product.demand, ctx.T, `${base}.demand`);
    const designs = objectEntries(product.designs);
    found.uniqueIds(designs, `${base}.designs`);
    for (const [d, design] of designs) {
      if (!isObject(design.bom)) continue;
      const bomPath = `${childPath(`${base}.designs`, d)}.bom`;
      for (const material of Object.keys(design.bom)) {
        found.reference(material, ctx.materials, childPath(bomPath, material), 'material');
      }
    }
  }
}

export function checkSuppliers(suppliers: unknown, ctx: Context, found: Findings): void {
  const entries = objectEntries(suppliers);
  found.uniqueIds(entries, '$.suppliers');
  for (const [s, supplier] of entries) {
    const offersPath = `${childPath('$.suppliers', s)}.offers`;
    const firstOffer = new Map<string, string>();
    for (const [o, offer] of objectEntries(supplier.offers)) {
      const path = childPath(offersPath, o);
      found.reference(offer.material, ctx.materials, `${path}.material`, 'material');
      found.perPeriod(offer.capacity, ctx.T, `${path}.capacity`);
      if (!isId(offer.material)) continue;
      const earlier = firstOffer.get(offer.material);
      if (earlier === undefined) firstOffer.set(offer.material, path);
      else found.add(`${path}.material`, `offers material "${offer.material}" a second time (first at ${earlier})`);
    }
  }
}

/** inventory and spot: one entry per known material; inventory's initial stock within max. */
export function checkMaterialEntries(list: unknown, base: string, ctx: Context, found: Findings): void {
  const first = new Map<string, string>();
  for (const [i, entry] of objectEntries(list)) {
    const path = childPath(base, i);
    found.reference(entry.material, ctx.materials, `${path}.material`, 'material');
    if (isId(entry.material)) {
      const earlier = first.get(entry.material);
      if (earlier === undefined) first.set(entry.material, path);
      else found.add(`${path}.material`, `duplicate entry for material "${entry.material}" (first at ${earlier})`);
    }
    if (isFiniteNonNegative(entry.initial) && isFiniteNonNegative(entry.max) && entry.initial > entry.max) {
      found.add(`${path}.initial`, `is ${entry.initial}, above max ${entry.max}`);
    }
  }
}

export function checkPolicy(policy: unknown, ctx: Context, found: Findings): void {
  if (!isObject(policy)) return;
  for (const key of ['maxShareByCountry', 'minShareByKind']) {
    for (const [i, rule] of objectEntries(policy[key])) {
      found.reference(rule.material, ctx.materials, `${childPath(`$.policy.${key}`, i)}.material`, 'material');
    }
  }
}
