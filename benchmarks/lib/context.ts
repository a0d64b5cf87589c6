// What every section gets: the mode, and the measurements later sections and
// the target checks reuse (section 5 compares against section 2's solves).

import type { StepRecord } from './recording-executor.js';

export type Mode = 'quick' | 'full';

export interface BenchFlags {
  mode: Mode;
  /** frontiers of bench/large (minutes each) */
  large: boolean;
  /** run only these sections (all when empty) */
  only: string[];
}

export interface ColdSolve {
  /** open + solve + dispose, median */
  ms: number;
  /** the solve alone (SolveResult.ms) */
  solveMs: number;
  objective: number;
  iterations: number;
  method: string;
  columns: number;
}

export interface FrontierRunMeasure {
  size: string;
  points: number;
  variant: FrontierVariant;
  wallMs: number;
  solves: number;
  iterations: number;
  solverMs: number;
  steps: StepRecord[];
}

export type FrontierVariant = 'warm' | 'cold' | 'pool-1' | 'pool-2' | 'benders';

export interface Shared {
  /** key `${backend}/${size}` */
  coldSolves: Map<string, ColdSolve>;
  /** key `${variant}/${size}/${points}` */
  frontiers: Map<string, FrontierRunMeasure>;
  /** frontier ms and fitted growth exponent per back-end */
  scaling?: {
    base: string;
    /** per back-end: the scenario counts it was run at (the whole LP stops earlier) */
    scenarios: Record<string, number[]>;
    ms: Record<string, number[]>;
    exponents: Record<string, number>;
  };
  /** key size */
  native: Map<
    string,
    { oursMs: number; clpDualMs: number | null; clpBarrierMs: number | null; clpDualObjective: number | null }
  >;
  /** key `${size}/${workers}`: `lodestone solve` timed from process start */
  cli: Map<string, CliMeasure>;
  /** the distributed section's BullMQ batches (issue 14's targets) */
  distributed?: DistributedMeasure;
}

export interface DistributedMeasure {
  /** median over paired batches of 2 worker processes' throughput over 1's */
  twoOverOne: number;
  /** the lowest and highest pair */
  pairRange: [number, number];
  /** ms per variation with one worker process beyond its own solve time */
  overheadMs: number;
}

export interface CliMeasure {
  size: string;
  points: number;
  workers: number;
  wallMs: number;
  firstPointMs: number | null;
  peakRssMb: number | null;
  /** point A's expected cost, for the cross-check against CLP's optimum of the same LP */
  cheapestExpectedCost: number;
}

export interface BenchContext {
  flags: BenchFlags;
  quick: boolean;
  /** wall-clock limit of one HiGHS LP solve */
  solveTimeLimitSec: number;
  shared: Shared;
}

export function newShared(): Shared {
  return { coldSolves: new Map(), frontiers: new Map(), native: new Map(), cli: new Map() };
}

export const cliKey = (size: string, workers: number) => `${size}/${workers}`;

export const frontierKey = (variant: FrontierVariant, size: string, points: number) => `${variant}/${size}/${points}`;
