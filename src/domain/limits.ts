// Size limits a problem must respect before anything is built or solved.
// Defaults are chosen so the largest benchmark (about 80k columns, 400
// scenarios) fits with room to spare; the service overrides them from env.
// Every limit here is checked on the raw or normalised problem, before the
// LP is built or a worker is asked for anything (docs/security.md).

export interface ProblemLimits {
  /** LP columns (variables) after the formulation's reductions */
  maxColumns: number;
  /** LP rows (constraints), estimated from the problem before the LP is built */
  maxRows: number;
  /** LP non-zero coefficients, estimated from the problem before the LP is built */
  maxNonzeros: number;
  /** scenarios, explicit or generated */
  maxScenarios: number;
  /** planning periods T */
  maxPeriods: number;
  /** frontier points (each is at least one LP solve) */
  maxPoints: number;
  /** events in one scenario, explicit or generated */
  maxEventsPerScenario: number;
  /** policy share rules, after a rule without a material becomes one per material */
  maxPolicyRules: number;
  /** scenarios x periods x offers: the size of the recourse of the order columns */
  maxScenarioPeriodOffers: number;
}

export const DEFAULT_LIMITS: ProblemLimits = {
  maxColumns: 400_000,
  // fixtures/bench/large.json has 49,205 rows and 487,791 non-zeros (bounded
  // before the build at 96,405 and 668,456); these leave 3-4x room over the bounds.
  maxRows: 300_000,
  maxNonzeros: 3_000_000,
  maxScenarios: 5_000,
  maxPeriods: 120,
  maxPoints: 201,
  // The bundled fixtures have at most 4 events per scenario; a generated
  // scenario has at most one per driver and renewal. 1,000 repeated spot
  // events had compounded a price factor to Infinity.
  maxEventsPerScenario: 200,
  // Each rule is a dense row over every order column of its material.
  maxPolicyRules: 1_000,
  maxScenarioPeriodOffers: 2_000_000,
};

/**
 * The largest magnitude a quantity, cost, capacity or factor may have. HiGHS
 * reads any bound or coefficient of 1e20 or more as infinite, and the LP
 * multiplies inputs together (price x factor x availability, penalty x
 * demand summed over periods), so single inputs stay well below: 1e12 is a
 * billion tonnes in kg, or a trillion in any currency, far beyond any real
 * plan, and a product of two such numbers still stays under 1e24 before the
 * LP-wide check (MAX_LP_MAGNITUDE) refuses it.
 */
export const MAX_INPUT_MAGNITUDE = 1e12;

/** Largest finite bound or coefficient the built LP may hold (HiGHS: 1e20 is infinity). */
export const MAX_LP_MAGNITUDE = 1e18;

/** Limits on the shape of a decoded body, applied while or right after decoding. */
export interface DecodeLimits {
  /** nesting of lists and maps */
  maxDepth: number;
  /** values in the whole document (every scalar, list and map counts one) */
  maxNodes: number;
  /** entries of one list */
  maxArrayLength: number;
  /** keys of one map */
  maxKeys: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = {
  // A problem nests 6 levels, a batch sweep with whole problems in its
  // patches about 12: 64 leaves room and stays far from any stack.
  maxDepth: 64,
  // 5,000 scenarios of 10 events of 7 fields is 350k values.
  maxNodes: 2_000_000,
  maxArrayLength: 500_000,
  maxKeys: 10_000,
};

/** At most this many input errors are reported one by one; the rest are counted. */
export const MAX_REPORTED_ERRORS = 100;
