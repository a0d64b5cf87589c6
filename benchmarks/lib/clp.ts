// The native reference: COIN-OR CLP's command-line solver (Debian package
// coinor-clp), run on an MPS file. Its own time line excludes reading the
// file; the wall time of the process includes it. CLP's barrier does not
// honour its own time limit, so the process is killed at the deadline.

import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export type ClpMethod = 'dualsimplex' | 'barrier';

export interface ClpRun {
  status: 'optimal' | 'stopped' | 'killed' | 'failed';
  /** CLP's objective line (the MPS objective constant included) */
  objective: number;
  iterations: number;
  /** solve time as CLP reports it (elapsed), ms */
  solveMs: number;
  /** the whole process, reading the MPS included, ms */
  wallMs: number;
  output: string;
}

export function findClp(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, 'clp');
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

/** e.g. "Optimal objective 137377336.4 - 1786 iterations time 0.042, Presolve 0.01" */
const SUMMARY = /^(Optimal|Stopped|[A-Za-z ]*?)\s*objective\s+(\S+)\s+-\s+(\d+)\s+iterations\s+time\s+([\d.]+)/m;

export function parseClpSummary(
  output: string,
): Pick<ClpRun, 'status' | 'objective' | 'iterations' | 'solveMs'> | null {
  const lines = output.split('\n').filter((l) => SUMMARY.test(l));
  const match = lines.length ? SUMMARY.exec(lines[lines.length - 1]) : null;
  if (!match) return null;
  return {
    status: match[1] === 'Optimal' ? 'optimal' : 'stopped',
    objective: Number(match[2]),
    iterations: Number(match[3]),
    solveMs: Number(match[4]) * 1000,
  };
}

export function runClp(clp: string, mpsFile: string, method: ClpMethod, limitSec: number): Promise<ClpRun> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(clp, [mpsFile, '-timeMode', 'elapsed', '-seconds', String(limitSec), `-${method}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, limitSec * 1000);
    const finish = (failure?: string) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      const summary = parseClpSummary(output);
      if (killed) return resolve({ status: 'killed', objective: NaN, iterations: 0, solveMs: wallMs, wallMs, output });
      if (!summary)
        return resolve({
          status: 'failed',
          objective: NaN,
          iterations: 0,
          solveMs: NaN,
          wallMs,
          output: failure ? `${output}\n${failure}` : output,
        });
      resolve({ ...summary, wallMs, output });
    };
    child.on('error', (error) => finish(error.message));
    child.on('close', () => finish());
  });
}
