// Development and tests only: lets piscina run a TypeScript worker module.
// Node 20 does not apply `--import tsx` from a worker's execArgv to the
// worker's own entry module, so the worker registers tsx itself, then loads
// the real entry (workerData.entry) and re-exports its task function.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const entry = await import(workerData.entry);
export default entry.default;
