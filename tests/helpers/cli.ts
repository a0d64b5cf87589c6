// Runs the `lodestone` command from source, as a user would, for the CLI tests.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The repository root (CLI runs start there, so fixture paths are relative to it). */
export const repoRoot = new URL('../../', import.meta.url).pathname;

/** The command line as `node --import tsx src/cli/run.ts` runs it (CLI_ENTRY: what to spawn yourself). */
export const CLI_ENTRY = ['--import', 'tsx', join(repoRoot, 'src/cli/run.ts')];

export function lodestone(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...CLI_ENTRY, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
