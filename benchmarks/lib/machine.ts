// What the numbers were measured on, written into every results file.

import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { loadHighsRuntime } from '../../solver/highs/runtime.js';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  availableParallelism: number;
  memoryBytes: number;
  node: string;
  os: string;
  arch: string;
  highs: string;
  gitCommit: string | null;
  /** 1, 5 and 15 minute load averages when the run started: other work on the machine skews every number */
  loadAverage: number[];
}

function gitCommit(): string | null {
  try {
    return (
      execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() || null
    );
  } catch {
    return null;
  }
}

export async function machineInfo(): Promise<MachineInfo> {
  const cpus = os.cpus();
  const highs = await loadHighsRuntime();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    availableParallelism: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.platform()})`,
    arch: os.arch(),
    highs: highs.version.string,
    gitCommit: gitCommit(),
    loadAverage: os.loadavg(),
  };
}

/** A warning when the machine was already busy, or null. */
export function loadWarning(loadAverage: number[], cores: number, when: string): string | null {
  const [one] = loadAverage;
  return one > 0.5 * cores
    ? `warning: load average ${loadAverage.map((x) => x.toFixed(2)).join(' ')} ${when} on ${cores} cores; other processes compete with the benchmark and the timings are pessimistic`
    : null;
}

export function describeMachine(m: MachineInfo): string {
  return `${m.cpuModel}, ${m.cores} cores, ${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB, Node ${m.node}, ${m.os} ${m.arch}, HiGHS ${m.highs}${m.gitCommit ? `, commit ${m.gitCommit}` : ''}`;
}
