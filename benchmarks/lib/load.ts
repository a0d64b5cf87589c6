// autocannon on a worker thread of its own: in-process, as the suite starts the
// service in-process, but its request loop and response parsing stay off the
// event loop of the server it measures. The load stops by itself (duration).

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type autocannon from 'autocannon';

const autocannonPath = createRequire(import.meta.url).resolve('autocannon');

const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const autocannon = require(workerData.autocannonPath);
// Off the main thread autocannon leaves its histograms raw; aggregate them here.
autocannon(workerData.options).then(
  (raw) => parentPort.postMessage({ ok: true, result: JSON.parse(JSON.stringify(autocannon.aggregateResult([raw], workerData.options))) }),
  (error) => parentPort.postMessage({ ok: false, message: String(error && error.message || error) }),
);`;

export type LoadOptions = Pick<
  autocannon.Options,
  'url' | 'method' | 'headers' | 'body' | 'connections' | 'duration' | 'timeout'
>;

export function runLoad(options: LoadOptions): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { autocannonPath, options } });
    worker.once('message', (answer: { ok: boolean; result?: autocannon.Result; message?: string }) => {
      void worker.terminate();
      if (answer.ok && answer.result) resolve(answer.result);
      else reject(new Error(`autocannon failed: ${answer.message}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`autocannon thread exited with code ${code}`));
    });
  });
}
