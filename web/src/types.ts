// What the page reads from the API, as it arrives on the wire (MODEL.md
// section 4 and the README's extras). Written out here rather than imported
// from src/: the page is a client of the HTTP API and builds against its
// contract, not against the service's internal modules.

export interface Order {
  supplier: string;
  material: string;
  period: number;
  quantity: number;
}

export interface FrontierPoint {
  kind: 'cheapest' | 'safest' | 'epsilon';
  cvarBound?: number;
  expectedCost: number;
  cvar: number;
  worstCaseCost: number;
  scenarioCosts: number[];
  unmetDemand: Record<string, number>;
  orders: Order[];
  designCapacities: { product: string; design: string; capacity: number }[];
  production: { product: string; design: string; expected: number }[];
  sharesByKind: Record<string, Record<string, number>>;
  sharesByCountry: Record<string, Record<string, number>>;
  expectedStock: Record<string, number[]>;
  expectedSpot: Record<string, number[]>;
  expectedCostBreakdown: { contracts: number; spot: number; holding: number; shortfall: number; designs: number; tooling: number };
}

export interface Scenario {
  id: string;
  probability: number;
  events?: unknown[];
}

export interface FrontierResult {
  status: 'optimal';
  name?: string;
  currency?: string;
  frontier: FrontierPoint[];
  scenarios: Scenario[];
  risk?: { measure?: string; alpha: number };
  lp: { rows: number; columns: number; nonzeros: number };
  solver: { backend: string; method: string; workers?: number; solves?: number; iterations?: number; notes?: string[] };
  timings: { totalMs: number; buildMs?: number; solveMs?: number };
}

export interface ErrorDetail {
  path: string;
  message: string;
}

/** Every error answer of the API. */
export interface ErrorBody {
  error: { code: string; message: string; status: number };
  errors?: ErrorDetail[];
}

/** GET /v1/jobs/:id (the batch API). */
export interface Job {
  id: string;
  status: string;
  progress?: unknown;
  variations: { name: string; status: string; result?: FrontierResult; error?: unknown }[];
}

/** The few input fields the page reads (MODEL.md section 2); the rest is shown as it is. */
export interface ProblemInput {
  name?: string;
  currency?: string;
  periods?: number;
  materials?: { id: string; unit?: string; name?: string }[];
  products?: { id: string; designs?: { id: string }[] }[];
  suppliers?: { id: string; kind?: string; country?: string; name?: string }[];
  inventory?: { material: string; max?: number }[];
  scenarios?: unknown[];
  scenarioModel?: { count?: number };
  frontier?: { points?: number };
  risk?: { alpha?: number };
}
