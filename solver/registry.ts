// Back-ends by name. Adding one (say native CLP) means one adapter file and one line here.

import { autoBackend } from './auto.js';
import { BendersSession } from './benders/session.js';
import { highsBackend } from './highs/backend.js';
import { jslpBackend } from './jslp/backend.js';
import type { SolverBackend } from './types.js';

const backends: Record<string, SolverBackend> = {
  auto: autoBackend,
  highs: highsBackend,
  jslp: jslpBackend,
  benders: { name: 'benders', supports: { duals: true }, open: (lp) => BendersSession.open(lp) },
};

export const BACKEND_NAMES = Object.keys(backends) as BackendName[];
export type BackendName = 'auto' | 'highs' | 'jslp' | 'benders';

export function getBackend(name: string): SolverBackend {
  const backend = backends[name];
  if (!backend) throw new Error(`unknown solver back-end "${name}"; choose one of ${Object.keys(backends).join(', ')}`);
  return backend;
}
