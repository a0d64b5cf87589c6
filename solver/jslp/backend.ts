// javascript-lp-solver behind the LpSession interface.
//
// jsLPSolver's simplex can cycle for ever on some models (jsLPSolver issues
// #23, #81, #90) and its LP path has no time limit, so every solve runs on a
// worker thread of its own that is terminated at the deadline or on a stop
// request. The thread lives as long as the session, so small models pay the
// start-up once, not per solve.

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SparseLp } from '../lp.js';
import type { LpSession, SolveOptions, SolveResult, SolverBackend, WarmStart } from '../types.js';
import { SolverError } from '../types.js';
import { columnKey, toJslpModel } from './to-jslp-model.js';

const solverPath = createRequire(import.meta.url).resolve('javascript-lp-solver');

// Plain CommonJS run with `eval: true`, so the thread needs no TypeScript loader.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const solver = require(workerData.solverPath);
parentPort.on('message', (model) => {
  try { parentPort.postMessage({ ok: true, result: solver.Solve(model) }); }
  catch (error) { parentPort.postMessage({ ok: false, message: String(error && error.message || error) }); }
});`;

/** How often a running solve checks its stop request. */
const STOP_POLL_MS = 25;

interface JslpAnswer {
  ok: boolean;
  message?: string;
  result?: Record<string, number | boolean> & { feasible: boolean; bounded?: boolean; result: number };
}

class JslpSession implements LpSession {
  readonly backend = 'jslp';
  private worker: Worker | null = null;
  private readonly cost: Float64Array;
  private offset: number;
  private readonly rowLower: Float64Array;
  private readonly rowUpper: Float64Array;

  constructor(private readonly lp: SparseLp) {
    this.cost = lp.cost.slice();
    this.offset = lp.offset;
    this.rowLower = lp.rowLower.slice();
    this.rowUpper = lp.rowUpper.slice();
  }

  setCost(cost: Float64Array, offset: number): void {
    this.cost.set(cost);
    this.offset = offset;
  }

  setRowBounds(row: number, lower: number, upper: number): void {
    this.rowLower[row] = lower;
    this.rowUpper[row] = upper;
  }

  getWarmStart(): WarmStart | null {
    return null;
  }

  setWarmStart(): void {
    // jsLPSolver always starts from scratch.
  }

  async solve(options: SolveOptions = {}): Promise<SolveResult> {
    if (options.duals)
      throw new SolverError(
        'javascript-lp-solver reports no reliable duals: ' +
          'choose the highs or benders back-end (or auto) for explanations',
      );
    const started = performance.now();
    const model = toJslpModel({
      ...this.lp,
      cost: this.cost,
      offset: this.offset,
      rowLower: this.rowLower,
      rowUpper: this.rowUpper,
    });
    const answer = await this.runOnThread(model, options);
    const ms = performance.now() - started;
    const base = { iterations: 0, ms, backend: 'jslp', method: 'simplex' } as const;
    if (answer === 'time_limit' || answer === 'interrupted') {
      return {
        ...base,
        status: answer,
        objective: NaN,
        x: new Float64Array(0),
        message: `javascript-lp-solver stopped: ${answer.replace('_', ' ')}`,
      };
    }
    if (!answer.ok || !answer.result)
      return {
        ...base,
        status: 'error',
        objective: NaN,
        x: new Float64Array(0),
        message: `javascript-lp-solver failed: ${answer.message}`,
      };
    const r = answer.result;
    if (!r.feasible) return { ...base, status: 'infeasible', objective: NaN, x: new Float64Array(0) };
    if (r.bounded === false || !Number.isFinite(r.result))
      return { ...base, status: 'unbounded', objective: NaN, x: new Float64Array(0) };
    const x = new Float64Array(this.lp.numCols);
    let objective = this.offset;
    for (let j = 0; j < x.length; j++) {
      const v = r[columnKey(j)];
      x[j] = typeof v === 'number' ? v : 0;
      objective += this.cost[j] * x[j];
    }
    return { ...base, status: 'optimal', objective, x };
  }

  private runOnThread(model: unknown, options: SolveOptions): Promise<JslpAnswer | 'time_limit' | 'interrupted'> {
    const worker = (this.worker ??= new Worker(THREAD_SOURCE, { eval: true, workerData: { solverPath } }));
    return new Promise((resolve) => {
      const timers: NodeJS.Timeout[] = [];
      const finish = (value: JslpAnswer | 'time_limit' | 'interrupted') => {
        timers.forEach(clearTimeout);
        timers.forEach(clearInterval);
        worker.off('message', onMessage);
        worker.off('error', onError);
        if (typeof value === 'string') this.killWorker();
        resolve(value);
      };
      const onMessage = (answer: JslpAnswer) => finish(answer);
      const onError = (error: Error) => {
        this.worker = null;
        finish({ ok: false, message: error.message });
      };
      worker.on('message', onMessage);
      worker.once('error', onError);
      if (options.timeLimitSec !== undefined && Number.isFinite(options.timeLimitSec)) {
        timers.push(setTimeout(() => finish('time_limit'), options.timeLimitSec * 1000));
      }
      if (options.shouldStop) {
        const stop = options.shouldStop;
        timers.push(setInterval(() => stop() && finish('interrupted'), STOP_POLL_MS));
      }
      worker.postMessage(model);
    });
  }

  private killWorker(): void {
    void this.worker?.terminate();
    this.worker = null;
  }

  dispose(): void {
    this.killWorker();
  }
}

export const jslpBackend: SolverBackend = {
  name: 'jslp',
  async open(lp: SparseLp): Promise<LpSession> {
    return new JslpSession(lp);
  },
};
