// The normalised sourcing problem: every default of MODEL.md section 2 resolved,
// every id replaced by an index. The rest of the engine trusts it and never
// re-reads raw input, so defaults live in exactly one place (normalise.ts).

/** The kinds the format knows; a supplier may carry any other non-empty label (MODEL.md 6.3). */
export const SUPPLIER_KINDS = ['chinese_licensed', 'recycled', 'western_mine', 'other'] as const;
/** A supplier kind: one of SUPPLIER_KINDS or a planner's own label. */
export type SupplierKind = string;

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
  /** pays unitCost * g[k,m,t] (the market factor) per unit delivered, not the fixed unitCost */
  priceIndexed: boolean;
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
  /** only these materials of the matched suppliers' offers; absent = every material */
  materials?: string[];
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

/** An event on a material's market price: moves spot prices and index-linked offers. */
export interface MarketEvent {
  market: string;
  fromPeriod: number;
  toPeriod: number;
  priceFactor: number;
  /** id of the scenarioModel driver that generated it, for audit */
  driver?: string;
}

export type ScenarioEvent = SupplierEvent | SpotEvent | MarketEvent;

export function isSpotEvent(e: ScenarioEvent): e is SpotEvent {
  return (e as SpotEvent).spot !== undefined;
}

export function isMarketEvent(e: ScenarioEvent): e is MarketEvent {
  return (e as MarketEvent).market !== undefined;
}

export function isSupplierEvent(e: ScenarioEvent): e is SupplierEvent {
  return !isSpotEvent(e) && !isMarketEvent(e);
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
  /** for generated scenarios: what each driver did in each scenario, for the scenario summary */
  driverOutcomes?: DriverOutcomes;
  risk: { measure: 'cvar'; alpha: number };
  frontier: { points: number };
  /** MODEL.md section 9 analyses asked for (absent: none) */
  analysis?: ('vss' | 'evpi')[];
}

/** What a driver did in one scenario (one byte each, so a problem stays small on its way to the workers). */
export const OUTCOME = {
  /** a `when` condition did not hold: the driver did nothing */
  inactive: 0,
  /** acted but did not fire (a licence granted and always renewed, a disruption that did not happen) */
  quiet: 1,
  /** fired: a disruption or regime happened, a licence was refused at a renewal, a price or yield event listed */
  fired: 2,
  /** a licence refused at the first application (fired too) */
  refused: 3,
} as const;

export interface DriverOutcomes {
  drivers: {
    id: string;
    type: 'licence' | 'disruption' | 'yield' | 'price' | 'regime';
    /** the driver's own odds of firing: 1 - approval for a licence (first refusal), probability for a disruption or regime, 1 for yield and price */
    nominal: number;
    /** id of the driver its `when` names */
    when?: string;
  }[];
  /** per driver, one OUTCOME code per scenario */
  outcomes: Uint8Array[];
}

/** One problem found in the input: a JSON path like `$.products[0].demand` and a sentence. */
export interface InputError {
  path: string;
  message: string;
  /** set when the input is well-formed but larger than the configured limits */
  code?: 'over_limit';
}
