// The `lodestone` command. Exit codes: 0 success, 2 invalid input (errors on
// stderr), 1 internal failure.

import { Command, CommanderError } from 'commander';
import { registerBatch } from './commands/batch.js';
import { registerExplain } from './commands/explain.js';
import { registerExport } from './commands/export.js';
import { registerSolve } from './commands/solve.js';
import { registerValidate } from './commands/validate.js';
import { registerWorker } from './commands/worker.js';
import { CliExit } from './input.js';
import { VERSION } from '../version.js';

export async function runCli(argv: string[]): Promise<number> {
  const program = new Command('lodestone')
    .description('Rare-earth sourcing under export controls: cost-versus-risk frontiers of sourcing plans')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerSolve(program);
  registerValidate(program);
  registerExport(program);
  registerExplain(program);
  registerBatch(program);
  registerWorker(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliExit) {
      process.stderr.write(`${error.message}\n`);
      return error.code;
    }
    process.stderr.write(`lodestone: internal error: ${(error as Error).message}\n`);
    return 1;
  }
}
