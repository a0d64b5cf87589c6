// A frontier point as reported, in a file of its own with type-only imports, so the
// explorer page can share the engine's type without type-checking Node-only solver code.
import type { FrontierPoint } from '../model/plan-report.js';

export interface ReportedPoint extends FrontierPoint {
  /** extra: which step produced it */
  kind: 'cheapest' | 'safest' | 'epsilon';
  /** extra: the CVaR bound of an epsilon point */
  cvarBound?: number;
}
