import type { Command } from 'commander';
import { prepareProblem } from '../../model/prepare-problem.js';
import { loadConfig } from '../../config.js';
import { CliExit, formatErrors, printWarnings, readRaw } from '../input.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check a problem file and print every error as PATH: message')
    .argument('<file>', 'problem file (JSON or MessagePack)')
    .option('--json', 'print {"valid": ..., "errors": [{"path", "message"}], "warnings": [...]} instead')
    .option('--strict', 'treat every warning as an error (exit 2)')
    .action(async (file: string, opts: { json?: boolean; strict?: boolean }) => {
      const prepared = prepareProblem(await readRaw(file), loadConfig().limits, { strict: opts.strict });
      if (opts.json) {
        const body = prepared.ok
          ? { valid: true, errors: [], warnings: prepared.warnings, lp: prepared.size }
          : { valid: false, errors: prepared.errors.map(({ path, message }) => ({ path, message })), warnings: [] };
        process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
        if (!prepared.ok) process.exitCode = 2;
        return;
      }
      if (!prepared.ok) throw new CliExit(2, formatErrors(prepared.errors));
      printWarnings(prepared.warnings);
      const { rows, columns, nonzeros } = prepared.size;
      process.stdout.write(
        `${file}: valid (${prepared.problem.scenarios.length} scenarios; LP ${rows} rows, ${columns} columns, ${nonzeros} non-zeros)\n`,
      );
    });
}
