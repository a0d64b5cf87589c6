// Size limits a problem must respect before anything is built or solved.
// Defaults are chosen so the largest benchmark (about 80k columns, 400
// scenarios) fits with room to spare; the service overrides them from env.

export interface ProblemLimits {
  /** LP columns (variables) after the formulation's reductions */
  maxColumns: number;
  /** scenarios, explicit or generated */
  maxScenarios: number;
  /** planning periods T */
  maxPeriods: number;
  /** frontier points (each is at least one LP solve) */
  maxPoints: number;
}

export const DEFAULT_LIMITS: ProblemLimits = {
  maxColumns: 400_000,
  maxScenarios: 5_000,
  maxPeriods: 120,
  maxPoints: 201,
};
