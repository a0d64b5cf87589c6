// Reading and preparing a problem file for a CLI command, with the exit codes
// of the CLI contract: 2 for input the user must fix, 1 for our failures.

import { prepareProblem, type PreparedProblem, type PrepareOptions } from '../model/prepare-problem.js';
import type { InputWarning } from '../domain/warnings.js';
import { ProblemDecodeError, readProblemFile } from '../io/read-problem.js';
import type { InputError } from '../domain/problem.js';
import { loadConfig } from '../config.js';

export class CliExit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export async function readRaw(file: string): Promise<unknown> {
  try {
    return await readProblemFile(file);
  } catch (error) {
    if (error instanceof ProblemDecodeError) throw new CliExit(2, error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliExit(2, `${file}: no such file`);
    if (code === 'EISDIR') throw new CliExit(2, `${file}: is a directory, not a problem file`);
    throw error;
  }
}

export function formatErrors(errors: InputError[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join('\n');
}

export async function readPrepared(
  file: string,
  options: PrepareOptions = {},
): Promise<Extract<PreparedProblem, { ok: true }>> {
  const prepared = prepareProblem(await readRaw(file), loadConfig().limits, options);
  if (!prepared.ok) throw new CliExit(2, formatErrors(prepared.errors));
  return prepared;
}

/** Warnings go to stderr as `warning: PATH: message`, so stdout stays the result. */
export function printWarnings(warnings: InputWarning[]): void {
  for (const w of warnings) process.stderr.write(`warning: ${w.path}: ${w.message}\n`);
}
