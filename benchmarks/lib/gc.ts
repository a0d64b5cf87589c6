// A garbage collection on demand, so memory deltas measure what a model
// retains rather than the garbage its build left. `npm run bench` runs plain
// tsx (no --expose-gc), so the flag is switched on from here.

import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

export function fullGc(): void {
  collect();
  collect();
}

/** A full GC after the event loop has turned, so freed ArrayBuffer backing stores are released before memory is read. */
export async function settledGc(): Promise<void> {
  fullGc();
  await new Promise((resolve) => setImmediate(resolve));
  fullGc();
}
