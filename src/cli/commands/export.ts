import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { exportLp } from '../../../solver/lp-format/write-lp.js';
import { readPrepared } from '../input.js';
import { oneOf } from '../options.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      "write the LP of a frontier step in CPLEX LP or free MPS format ('cheapest' = minimise expected cost, 'safest' = minimise CVaR)",
    )
    .argument('<file>', 'problem file (JSON or MessagePack)')
    .requiredOption('--format <format>', 'lp or mps', oneOf(['lp', 'mps']))
    .option('--point <point>', 'cheapest or safest', oneOf(['cheapest', 'safest']), 'cheapest')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (file: string, opts: { format: 'lp' | 'mps'; point: 'cheapest' | 'safest'; out?: string }) => {
      const { model } = await readPrepared(file);
      const lp = opts.point === 'cheapest' ? model.lp : { ...model.lp, cost: model.cvarObjective, offset: 0 };
      const text = await exportLp(lp, opts.format);
      if (opts.out) await writeFile(opts.out, text);
      else process.stdout.write(text);
    });
}
