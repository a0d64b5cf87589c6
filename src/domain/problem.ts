// The normalised sourcing problem: every default of MODEL.md section 2 resolved,
// every id replaced by an index. The rest of the engine trusts it and never
// re-reads raw input, so defaults live in exactly one place (normalise.ts).

export const SUPPLIER_KINDS = ['chinese_licensed', 'recycled', 'western_mine', 'other'] as const;
export type SupplierKind = (typeof SUPPLIER_KINDS)[number];

export interface Material {
  id: string;
  unit: string;
  name: string;
}

export interface BomLine {
  /** index into Problem.materials */
  material: number;
  /** units of material per unit of product built with this design */
  perUnit: number;
}

export interface Design {
  id: string;
  bom: BomLine[];
  unitCost: number;
  maxShare: number;
  /** first period (1-based) in which the design can be built */
  availableFrom: number;
  /** cost per unit of per-period capacity; null = no tooling variable */
  capacityCost: number | null;
}

export interface Product {
  id: string;
  /** length T, per period */
  demand: number[];
  shortfallPenalty: number;
  designs: Design[];
}

export interface Supplier {
  id: string;
  kind: SupplierKind;
  country: string;
}

export interface Offer {
  /** index into Problem.suppliers */
  supplier: number;
  /** index into Problem.materials */
  material: number;
  unitCost: number;
  reservationCost: number;
  /** length T; Infinity = unbounded */
  capacity: number[];
  leadTime: number;
}

export interface InventorySpec {
  initial: number;
  holdingCost: number;
  /** Infinity = no upper bound */
  max: number;
}

export interface SpotMarket {
  unitCost: number;
  /** Infinity = unbounded */
  capacity: number;
}

export interface ShareRule {
  /** the country (maxShareByCountry) or supplier kind (minShareByKind) */
  group: string;
  /** the named material, or every material the group offers when omitted */
  material: number;
  share: number;
  /** JSON path of the rule in the input, for diagnostics */
  path: string;
}

export interface EventTarget {
  suppliers?: string[];
  kind?: string;
  country?: string;
}

/** An event on suppliers: scales delivered share of ordered quantity. */
export interface SupplierEvent {
  target: EventTarget;
  fromPeriod: number;
  toPeriod: number;
  availability: number;
  /** id of the scenarioModel driver that generated it, for audit */
  driver?: string;
}

/** An event on a spot market: scales its price and capacity. */
export interface SpotEvent {
  spot: string;
  fromPeriod: number;
  toPeriod: number;
  priceFactor: number;
  capacityFactor: number;
  /** id of the scenarioModel driver that generated it, for audit */
  driver?: string;
}

export type ScenarioEvent = SupplierEvent | SpotEvent;

export function isSpotEvent(e: ScenarioEvent): e is SpotEvent {
  return (e as SpotEvent).spot !== undefined;
}

export interface Scenario {
  id: string;
  probability: number;
  events: ScenarioEvent[];
}

export interface Problem {
  name: string;
  currency: string;
  periods: number;
  destination: string;
  materials: Material[];
  products: Product[];
  suppliers: Supplier[];
  /** every (supplier, material) offer, in input order */
  offers: Offer[];
  /** aligned with materials */
  inventory: InventorySpec[];
  /** aligned with materials; null = no spot market */
  spot: (SpotMarket | null)[];
  policy: {
    maxShareByCountry: ShareRule[];
    minShareByKind: ShareRule[];
  };
  /** always explicit: generated scenarioModel is expanded here */
  scenarios: Scenario[];
  scenarioSource: 'explicit' | 'generated' | 'default';
  risk: { measure: 'cvar'; alpha: number };
  frontier: { points: number };
}

/** One problem found in the input: a JSON path like `$.products[0].demand` and a sentence. */
export interface InputError {
  path: string;
  message: string;
  /** set when the input is well-formed but larger than the configured limits */
  code?: 'over_limit';
}
