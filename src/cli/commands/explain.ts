// `lodestone explain RESULT.json [--point N]`: what limits a plan, in plain
// words (src/explain/explain-text.ts), from a result `solve` wrote.

import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  analysisLines,
  limitLines,
  riskAlongFrontier,
  safestBuildsLess,
  shortfallLines,
  type ExplainableResult,
} from '../../explain/explain-text.js';
import { CliExit } from '../input.js';
import { integerAtLeast } from '../options.js';

interface ExplainOptions {
  point?: number;
  limits: number;
}

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description('say what limits a plan: binding limits by value, the price of risk, shortfall by scenario, VSS/EVPI')
    .argument('<result>', 'a result JSON written by `lodestone solve`')
    .option('--point <n>', 'the frontier point to explain, 0 = cheapest (default: the cheapest)', integerAtLeast(0))
    .option('--limits <n>', 'how many limits to list', integerAtLeast(1), 15)
    .action(async (file: string, opts: ExplainOptions) => {
      let result: ExplainableResult;
      try {
        result = JSON.parse(await readFile(file, 'utf8')) as ExplainableResult;
      } catch (error) {
        throw new CliExit(2, `cannot read ${file} as a result JSON: ${(error as Error).message}`);
      }
      if (!Array.isArray(result.frontier) || result.frontier.length === 0)
        throw new CliExit(2, `${file} holds no frontier (is it a result of lodestone solve?)`);
      const index = opts.point ?? 0;
      const point = result.frontier[index];
      if (!point) throw new CliExit(2, `--point ${index}: the frontier has points 0 to ${result.frontier.length - 1}`);
      process.stdout.write(explainText(result, index, opts.limits));
    });
}

export function explainText(result: ExplainableResult, index: number, limits = 15): string {
  const point = result.frontier[index];
  const c = result.currency;
  const out: string[] = [];
  const fmt = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 0 });
  out.push(
    `Point ${index} of ${result.frontier.length} (${point.kind}): expected cost ${fmt(point.expectedCost)} ${c}, CVaR ${fmt(point.cvar)} ${c}`,
  );
  out.push('', 'What limits this plan (one more unit of each, in expected cost saved):');
  const lines = limitLines(point, c);
  if (!point.marginalValues)
    out.push('  (no marginal values: the back-end gave no duals; solve with highs, benders or auto)');
  else if (lines.length === 0) out.push('  nothing binds: no limit is worth raising');
  lines.slice(0, limits).forEach((l, i) => out.push(`  ${String(i + 1).padStart(2)}. [${l.kind}] ${l.sentence}`));
  if (lines.length > limits) out.push(`  ... and ${lines.length - limits} more (--limits)`);

  const risk = riskAlongFrontier(result);
  out.push('', 'The price of risk along the frontier (expected cost per unit of CVaR cut):');
  out.push(`  ${'point'.padEnd(6)}${'expected cost'.padStart(18)}${'CVaR'.padStart(18)}${'riskPrice'.padStart(12)}`);
  for (const s of risk.steps)
    out.push(
      `  ${String(s.point).padEnd(6)}${fmt(s.expectedCost).padStart(18)}${fmt(s.cvar).padStart(18)}${(Number.isNaN(s.riskPrice) ? '-' : s.riskPrice.toFixed(4)).padStart(12)}${s.point === risk.knee ? '  <- knee' : ''}`,
    );
  out.push(`  ${risk.sentence}`);
  const less = safestBuildsLess(result);
  if (less) out.push(`  ${less}`);

  const shortfall = shortfallLines(result, point);
  out.push('', 'Shortfall by scenario at this point:');
  if (shortfall.length === 0) out.push('  every scenario builds all its demand');
  shortfall.forEach((s) => out.push(`  ${s}`));

  const analysis = analysisLines(result);
  if (analysis.length) {
    out.push('', 'The value of the stochastic model:');
    analysis.forEach((s) => out.push(`  ${s}`));
  }
  return `${out.join('\n')}\n`;
}
