// What the page reads from the API, as it arrives on the wire (MODEL.md
// section 4 and the README's extras).

// The point and its orders are the engine's own types (type-only imports are
// erased by the build), so the page cannot drift from what the API sends.
import type { ReportedPoint } from '../../src/frontier/reported-point.js';
import type { Order as EngineOrder } from '../../src/model/plan-report.js';
import type { ScenarioEvent } from '../../src/domain/problem.js';
import type { ScenarioSummary } from '../../src/model/scenario-summary.js';

export type Order = EngineOrder;
export type FrontierPoint = ReportedPoint;

export interface Scenario {
  id: string;
  probability: number;
  events?: ScenarioEvent[];
}

export interface FrontierResult {
  status: 'optimal';
  name?: string;
  currency?: string;
  frontier: FrontierPoint[];
  scenarios: Scenario[];
  /** generated scenario sets: drivers fired against their odds, each point's CVaR tail */
  scenarioSummary?: ScenarioSummary;
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
  periodLabels?: string[];
  startMonth?: string;
  materials?: { id: string; unit?: string; name?: string }[];
  products?: { id: string; designs?: { id: string }[] }[];
  suppliers?: { id: string; kind?: string; country?: string; name?: string }[];
  inventory?: { material: string; max?: number }[];
  scenarios?: unknown[];
  scenarioModel?: { count?: number };
  frontier?: { points?: number };
  risk?: { alpha?: number };
}
