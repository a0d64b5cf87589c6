// The `lodestone` command. Exit codes: 0 success, 2 invalid input (errors on
// stderr), 1 internal failure.

import { Command, CommanderError } from 'commander';
import { CliExit } from './input.js';
import { VERSION } from '../version.js';

type Register = (program: Command) => void;

/** Every command, in the order help lists them, each module loaded only when wanted. */
const COMMANDS: Record<string, () => Promise<Register>> = {
  solve: async () => (await import('./commands/solve.js')).registerSolve,
  validate: async () => (await import('./commands/validate.js')).registerValidate,
  export: async () => (await import('./commands/export.js')).registerExport,
  explain: async () => (await import('./commands/explain.js')).registerExplain,
  batch: async () => (await import('./commands/batch.js')).registerBatch,
  worker: async () => (await import('./commands/worker.js')).registerWorker,
};

/**
 * The commands to register: the one named on the line alone, so `lodestone
 * solve` does not load BullMQ, the service and the rest (about 0.2 s of every
 * start); all of them for help, a version or an unknown name.
 */
async function commandsFor(argv: string[]): Promise<Register[]> {
  const named = argv.slice(2).find((arg) => !arg.startsWith('-'));
  const names = named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : Object.keys(COMMANDS);
  return Promise.all(names.map((name) => COMMANDS[name]()));
}

export async function runCli(argv: string[]): Promise<number> {
  const program = new Command('lodestone')
    .description('Rare-earth sourcing under export controls: cost-versus-risk frontiers of sourcing plans')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    for (const register of await commandsFor(argv)) register(program);
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
