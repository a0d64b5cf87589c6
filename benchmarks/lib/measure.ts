// tinybench, one task per measurement: the caller says how many samples a
// task is worth (a 50 ms build gets many, a two-minute frontier gets one).

import { Bench, type FnOptions } from 'tinybench';

export interface Timing {
  samples: number;
  /** milliseconds */
  mean: number;
  p50: number;
  min: number;
  max: number;
}

export interface MeasureOptions {
  /** minimum samples (default 1) */
  iterations?: number;
  /** time budget in ms; sampling continues until both it and `iterations` are met (default 0) */
  time?: number;
  /** warm-up runs before sampling (default none) */
  warmupIterations?: number;
  beforeEach?: FnOptions['beforeEach'];
  afterEach?: FnOptions['afterEach'];
}

export async function measure(name: string, fn: () => unknown, options: MeasureOptions = {}): Promise<Timing> {
  const warmup = (options.warmupIterations ?? 0) > 0;
  const bench = new Bench({
    name,
    iterations: options.iterations ?? 1,
    time: options.time ?? 0,
    warmup,
    warmupIterations: options.warmupIterations ?? 0,
    warmupTime: 0,
    throws: true,
  });
  bench.add(name, fn, { beforeEach: options.beforeEach, afterEach: options.afterEach });
  await bench.run();
  const result = bench.tasks[0].result;
  if (result.state === 'errored') throw result.error;
  if (result.state !== 'completed') throw new Error(`benchmark "${name}" ended ${result.state}`);
  const { latency } = result;
  return { samples: latency.samplesCount, mean: latency.mean, p50: latency.p50, min: latency.min, max: latency.max };
}

/** One run, timed by tinybench, returning what the function returned. */
export async function measureOnce<T>(name: string, fn: () => Promise<T>): Promise<{ timing: Timing; value: T }> {
  let value: T | undefined;
  const timing = await measure(name, async () => {
    value = await fn();
  });
  return { timing, value: value as T };
}

/** Least-squares slope of log(y) against log(x): the growth exponent. */
export function growthExponent(x: number[], y: number[]): number {
  const lx = x.map(Math.log);
  const ly = y.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < lx.length; i++) {
    num += (lx[i] - mx) * (ly[i] - my);
    den += (lx[i] - mx) ** 2;
  }
  return num / den;
}

export const relDiff = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
