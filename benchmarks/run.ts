// The benchmark suite: `npm run bench` (full), `npm run bench -- --quick`
// (the CI smoke run, under 2 minutes on 2 cores), `--large` to add the
// bench/large frontiers (minutes each), `--only=build,solve` for a subset.
// Prints every table as it is measured, then the speed targets, and writes
// benchmarks/results/<iso-date>-<mode>.json. Exit 0 unless a section failed
// (a missed target is reported, not fatal); 2 on bad flags.

import os from 'node:os';
import { parseArgs } from 'node:util';
import { newShared, type BenchContext, type BenchFlags } from './lib/context.js';
import { describeMachine, loadWarning, machineInfo } from './lib/machine.js';
import type { SectionReport } from './lib/report.js';
import { frontierSteps, writeResults, type BenchResults, type SectionResult } from './lib/results.js';
import { evaluateTargets, formatTarget } from './lib/targets.js';
import { buildSection } from './sections/build.js';
import { cliSection } from './sections/cli.js';
import { crossoverSection } from './sections/crossover.js';
import { distributedSection } from './sections/distributed.js';
import { frontierSection } from './sections/frontier.js';
import { httpSection } from './sections/http.js';
import { nativeSection } from './sections/native.js';
import { overloadSection } from './sections/overload.js';
import { scalingSection } from './sections/scaling.js';
import { solveSection } from './sections/solve.js';

const SECTIONS: Record<string, (ctx: BenchContext) => Promise<SectionReport>> = {
  build: buildSection,
  solve: solveSection,
  crossover: crossoverSection,
  frontier: frontierSection,
  cli: cliSection,
  scaling: scalingSection,
  native: nativeSection,
  http: httpSection,
  overload: overloadSection,
  distributed: distributedSection,
};

const USAGE = `usage: tsx benchmarks/run.ts [--quick] [--large] [--only=${Object.keys(SECTIONS).join(',')}]`;

function parseFlags(argv: string[]): BenchFlags {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      large: { type: 'boolean', default: false },
      only: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const only = values.only
    ? values.only
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
  const unknown = only.filter((s) => !(s in SECTIONS));
  if (unknown.length) throw new Error(`unknown section(s) ${unknown.join(', ')}`);
  if (values.quick && values.large) throw new Error('--large needs the full suite (drop --quick)');
  return { mode: values.quick ? 'quick' : 'full', large: values.large, only };
}

async function main(): Promise<number> {
  let flags: BenchFlags;
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const startedAt = new Date();
  const started = performance.now();
  const machine = await machineInfo();
  const ctx: BenchContext = { flags, quick: flags.mode === 'quick', solveTimeLimitSec: 300, shared: newShared() };
  console.log(`Lodestone benchmarks (${flags.mode}${flags.large ? ', --large' : ''}) on ${describeMachine(machine)}`);
  console.log(
    `${loadWarning(machine.loadAverage, machine.cores, 'at the start') ?? `load average ${machine.loadAverage.map((x) => x.toFixed(2)).join(' ')}`}\n`,
  );

  const sections: Record<string, SectionResult> = {};
  let failed = false;
  for (const [name, run] of Object.entries(SECTIONS)) {
    if (flags.only.length && !flags.only.includes(name)) continue;
    const sectionStarted = performance.now();
    try {
      const report = await run(ctx);
      sections[name] = {
        title: report.title,
        ms: performance.now() - sectionStarted,
        tables: report.tables,
        notes: report.notes,
      };
      console.log(`(${name}: ${((performance.now() - sectionStarted) / 1000).toFixed(1)} s)\n`);
    } catch (error) {
      failed = true;
      const message = (error as Error).stack ?? String(error);
      sections[name] = { title: name, ms: performance.now() - sectionStarted, tables: [], notes: [], error: message };
      console.error(`section ${name} failed: ${message}\n`);
    }
  }

  const targets = evaluateTargets(ctx);
  console.log('Targets');
  for (const t of targets) console.log(`  ${formatTarget(t)}`);
  const results: BenchResults = {
    suite: 'lodestone-bench',
    flags,
    startedAt: startedAt.toISOString(),
    durationMs: performance.now() - started,
    machine,
    loadAverageAtEnd: os.loadavg(),
    sections,
    targets,
    frontierSteps: frontierSteps(ctx.shared),
  };
  const file = writeResults(results);
  const endWarning = loadWarning(results.loadAverageAtEnd, machine.cores, 'at the end');
  if (endWarning) console.log(endWarning);
  console.log(`\n${flags.mode} run: ${(results.durationMs / 1000).toFixed(1)} s; results in ${file}`);
  return failed ? 1 : 0;
}

const code = await main();
process.exitCode = code;
// Everything is closed by now; should a stray handle remain, do not hang CI on it.
setTimeout(() => {
  console.error('benchmarks: a handle stayed open after the run; exiting anyway');
  process.exit(code);
}, 5_000).unref();
