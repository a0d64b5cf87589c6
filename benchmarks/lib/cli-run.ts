// One `lodestone solve` as a user runs it: a new process, timed from spawn to
// exit, with the moment its progress line announces point A and the peak RSS
// of the process (worker threads included), read from /proc while it runs.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FrontierResult } from '../../src/frontier/solve-frontier.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'bin/lodestone.js');
const BUILT = join(ROOT, 'dist/src/cli/run.js');

export interface CliRun {
  wallMs: number;
  /** from spawn to the progress line of point A; null when the run printed none */
  firstPointMs: number | null;
  /** VmHWM of the process, MB (Linux only; null elsewhere) */
  peakRssMb: number | null;
  result: FrontierResult;
}

/** Why the CLI cannot be timed here (no build, or a build older than the sources), or null. */
export function cliUnavailable(): string | null {
  if (!existsSync(BUILT)) return 'dist/ is not built: run `npm run build` (npm ci does it)';
  const built = statSync(BUILT).mtimeMs;
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const path = join(dir, e.name);
      return Math.max(m, e.isDirectory() ? newest(path) : e.name.endsWith('.ts') ? statSync(path).mtimeMs : 0);
    }, 0);
  const stale = ['src', 'solver', 'workers'].some((d) => newest(join(ROOT, d)) > built);
  return stale ? 'dist/ is older than the sources: run `npm run build` first' : null;
}

function peakRss(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return kb ? Number(kb[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export async function runCliSolve(problemFile: string, args: string[]): Promise<CliRun> {
  const dir = mkdtempSync(join(tmpdir(), 'lodestone-cli-bench-'));
  const out = join(dir, 'result.json');
  try {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, 'solve', problemFile, '--out', out, '--progress', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let firstPointMs: number | null = null;
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (firstPointMs === null && stderr.includes('(point A) verified')) firstPointMs = performance.now() - started;
    });
    let peak: number | null = null;
    const poll = setInterval(() => (peak = peakRss(child.pid!) ?? peak), 50);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    const wallMs = performance.now() - started;
    clearInterval(poll);
    if (code !== 0)
      throw new Error(`lodestone solve ${problemFile} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`);
    const result = JSON.parse(readFileSync(out, 'utf8')) as FrontierResult;
    return { wallMs, firstPointMs, peakRssMb: peak, result };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Largest relative gap in E or CVaR between two frontiers of the same problem (Infinity if their lengths differ). */
export function frontierGap(a: FrontierResult, b: FrontierResult): number {
  if (a.frontier.length !== b.frontier.length) return Infinity;
  const rel = (x: number, y: number) => Math.abs(x - y) / Math.max(1, Math.abs(x), Math.abs(y));
  return Math.max(
    ...a.frontier.map((p, i) =>
      Math.max(rel(p.expectedCost, b.frontier[i].expectedCost), rel(p.cvar, b.frontier[i].cvar)),
    ),
  );
}
