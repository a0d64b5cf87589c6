// `lodestone batch FILE|DIR`: a batch solved on this machine. FILE is a batch
// ({"problems": [...]} or {"base", "sweep"}, as POST /v1/jobs takes); DIR
// means every *.json / *.msgpack / *.mpk problem in it, named by file. Each
// result goes to <out>/<safe-name>.json (written to a temporary file, then
// renamed, so a file is complete or absent), then <out>/summary.csv. Run
// again with the same --out, it skips every variation whose result is there
// for the same input and options, so an interrupted batch resumes.
// With --remote, each variation goes to the `lodestone worker` processes on
// LODESTONE_REDIS_URL as one run (its whole frontier, its sweep unsplit),
// as many variations at once as worker threads were connected at the start;
// the results are written here as without it.
// Exit codes: 0 all solved, 2 invalid batch or options, 1 a variation failed
// (the others' results are written), 130 interrupted (Ctrl-C).

import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { batchOfProblems, materialise, type ExpandedBatch } from '../../batch/variations.js';
import { safeFileNames } from '../../batch/file-names.js';
import { summaryCsv, type SummaryRow } from '../../batch/summary-csv.js';
import { expandAndValidateBatch, validateBatch, type CheckedBatch } from '../../batch/validate.js';
import { loadConfig, type Config } from '../../config.js';
import type { FrontierExecutor } from '../../frontier/executor.js';
import { LocalExecutor } from '../../frontier/local-executor.js';
import { solveFrontier, type FrontierResult } from '../../frontier/solve-frontier.js';
import type { Problem } from '../../domain/problem.js';
import type { InputWarning } from '../../domain/warnings.js';
import type { SourcingLp } from '../../model/build-sourcing-lp.js';
import { prepareProblem, type PrepareOptions } from '../../model/prepare-problem.js';
import { formatFromPath } from '../../io/problem-format.js';
import { BoundedAdmissionGate } from '../../service/admission-gate.js';
import { YieldingExecutor } from '../../service/yielding-executor.js';
import { BACKEND_NAMES } from '../../../solver/registry.js';
import { CliExit, formatErrors, readRaw } from '../input.js';
import { checkPointsLimit, integerAtLeast, oneOf, remoteRedisUrl } from '../options.js';
import { connectRemote } from '../remote.js';

interface BatchOptions {
  out: string;
  workers?: number;
  points?: number;
  backend: string;
  strict?: boolean;
  remote?: boolean;
}

/** What a result file carries besides the FrontierResult, to be recognised on resume. */
export interface BatchStamp {
  index: number;
  name: string;
  /** sha256 of the variation's problem and the options that shape its result */
  input: string;
}

export const SUMMARY_FILE = 'summary.csv';

export function registerBatch(program: Command): void {
  program
    .command('batch')
    .description('solve a batch (a list of problems, a sweep, or a directory of problem files), resumably')
    .argument('<input>', 'batch file ({"problems": [...]} or {"base", "sweep"}), or a directory of problem files')
    .option('--out <dir>', 'directory for <variation>.json results and summary.csv', 'batch-results')
    .option('--workers <n>', 'solve this many variations at once, on a pool of worker threads', integerAtLeast(1))
    .option(
      '--points <n>',
      "frontier points of every variation (default: each problem's frontier.points)",
      integerAtLeast(2),
    )
    .option('--backend <name>', BACKEND_NAMES.join('|'), oneOf(BACKEND_NAMES), 'auto')
    .option('--strict', 'treat every warning of a variation as an error')
    .option('--remote', 'solve on `lodestone worker` processes over LODESTONE_REDIS_URL (docs/scale-out.md)')
    .action(async (input: string, opts: BatchOptions) => {
      const config = loadConfig();
      checkPointsLimit(opts.points, config);
      const redisUrl = remoteRedisUrl(opts, config);
      const checked = await readBatch(input, config, { strict: opts.strict, backend: opts.backend });
      if (!checked.ok) {
        const { errors } = checked;
        const lines = errors.map((e) =>
          e.variation === undefined
            ? `${e.path}: ${e.message}`
            : `variation ${e.variation} (${e.name}): ${e.path}: ${e.message}`,
        );
        throw new CliExit(2, `${input}: the batch is not valid; nothing was solved\n${lines.join('\n')}`);
      }
      process.exitCode = await runBatch(checked.batch, opts, config, redisUrl);
    });
}

/** The batch expanded and validated: every error of every variation, or a batch that can run. */
async function readBatch(input: string, config: Config, options: PrepareOptions): Promise<CheckedBatch> {
  let isDirectory = false;
  try {
    isDirectory = (await stat(input)).isDirectory();
  } catch {
    // readRaw below says what is wrong with it
  }
  if (isDirectory) {
    const files = (await readdir(input)).filter((f) => formatFromPath(f) !== undefined).sort();
    if (files.length === 0)
      throw new CliExit(2, `${input}: no problem files (*.json, *.msgpack, *.mpk) in this directory`);
    const problems = await Promise.all(files.map((f) => readRaw(join(input, f))));
    const stems = files.map((f) => basename(f, extname(f)));
    // a.json and a.msgpack side by side keep their extensions, to tell them apart
    const names = files.map((f, i) => (stems.filter((s) => s === stems[i]).length > 1 ? f : stems[i]));
    const batch = batchOfProblems(problems, names);
    const errors = await validateBatch(batch, config.limits, options);
    return errors.length ? { ok: false, errors } : { ok: true, batch };
  }
  const raw = await readRaw(input);
  const isBatch =
    raw !== null && typeof raw === 'object' && !Array.isArray(raw) && ('problems' in raw || 'base' in raw);
  if (!isBatch) {
    throw new CliExit(
      2,
      `${input}: not a batch; expected {"problems": [...]} or {"base": {...}, "sweep": {...}} (to solve one problem, use lodestone solve)`,
    );
  }
  return expandAndValidateBatch(raw, { maxVariations: config.maxBatchVariations }, config.limits, options);
}

interface Pending {
  index: number;
  name: string;
  file: string;
  stamp: BatchStamp;
  problem: unknown;
}

async function runBatch(
  batch: ExpandedBatch,
  opts: BatchOptions,
  config: Config,
  redisUrl: string | null,
): Promise<number> {
  await mkdir(opts.out, { recursive: true });
  await removeStaleTemporaries(opts.out);
  const files = safeFileNames(batch.variations.map((v) => v.name)).map((name) => join(opts.out, `${name}.json`));
  const results = new Map<number, FrontierResult>();
  const pending: Pending[] = [];
  for (const variation of batch.variations) {
    const problem = materialise(batch.documents, variation);
    const stamp: BatchStamp = { index: variation.index, name: variation.name, input: inputHash(problem, opts) };
    const existing = await readFinished(files[variation.index], stamp);
    if (existing) results.set(variation.index, existing);
    else pending.push({ index: variation.index, name: variation.name, file: files[variation.index], stamp, problem });
  }
  const total = batch.variations.length;
  if (results.size > 0) {
    process.stderr.write(
      `lodestone: ${results.size} of ${total} variations already solved in ${opts.out}${pending.length ? `; solving the other ${pending.length}` : ''}\n`,
    );
  }

  // before the progress bar and the Ctrl-C handler: a pool or Redis that cannot start leaves neither behind
  const solver = await startSolver(opts, config, redisUrl);
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);
  const bar = new SingleBar(
    {
      format: 'batch |{bar}| {value}/{total} variations | {rate}/min | ETA {eta_formatted} | {last}',
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 2_000,
      etaBuffer: 20,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  let solvedNow = 0;
  const payload = (last: string) => ({
    rate: ((solvedNow * 60_000) / Math.max(1, Date.now() - started)).toFixed(1),
    last,
  });
  if (pending.length) bar.start(total, results.size, payload('-'));

  const failures: string[] = [];
  try {
    const next = pending[Symbol.iterator]();
    const lane = async () => {
      for (let item = next.next(); !item.done && !interrupt.signal.aborted; item = next.next()) {
        const { index, name, file, stamp, problem } = item.value;
        try {
          const result = await solveVariation(problem, opts, config, solver, interrupt.signal);
          await writeAtomically(file, `${JSON.stringify({ ...result, batch: stamp }, null, 2)}\n`);
          results.set(index, result);
          solvedNow++;
          bar.increment(1, payload(name));
        } catch (error) {
          if (interrupt.signal.aborted) return;
          failures.push(`variation ${index} (${name}): ${(error as Error).message}`);
          bar.increment(1, payload(`${name} FAILED`));
        }
      }
    };
    await Promise.all(Array.from({ length: solver.lanes }, lane));
  } finally {
    bar.stop();
    process.off('SIGINT', onSigint);
    await solver.close();
  }

  const rows: SummaryRow[] = batch.variations.flatMap((v) =>
    results.has(v.index) ? [{ name: v.name, result: results.get(v.index)! }] : [],
  );
  await writeAtomically(join(opts.out, SUMMARY_FILE), summaryCsv(rows));
  for (const failure of failures) process.stderr.write(`lodestone: ${failure}\n`);
  if (interrupt.signal.aborted) {
    process.stderr.write(
      `lodestone: interrupted with ${results.size} of ${total} variations solved; run the same command again to resume\n`,
    );
    return 130;
  }
  process.stderr.write(
    `lodestone: ${results.size} of ${total} variations solved${failures.length ? `, ${failures.length} failed` : ''}; results and ${SUMMARY_FILE} in ${opts.out}\n`,
  );
  return failures.length ? 1 : 0;
}

/** Where variations are solved: this thread, a pool of --workers threads, or remote workers (--remote). */
interface VariationSolver {
  /** variations solved at once */
  lanes: number;
  /** `prepared`: the problem's LP, already built while validating it */
  solve(
    problem: Problem,
    prepared: { model: SourcingLp; buildMs: number },
    options: VariationOptions,
  ): Promise<FrontierResult>;
  close(): Promise<void>;
}

/** What solveFrontier gets for a variation, wherever it is solved. */
interface VariationOptions {
  points?: number;
  signal: AbortSignal;
  warnings: InputWarning[];
}

/** A frontier on an executor of this process, closed after it. */
async function solveOn(
  executor: FrontierExecutor,
  problem: Problem,
  options: VariationOptions,
): Promise<FrontierResult> {
  try {
    return await solveFrontier(problem, executor, options);
  } finally {
    await executor.close();
  }
}

async function startSolver(opts: BatchOptions, config: Config, redisUrl: string | null): Promise<VariationSolver> {
  if (redisUrl) {
    const remote = await connectRemote(redisUrl, config);
    // a variation per worker thread, each one run (as the service's batches): one round trip, one LP build
    return {
      lanes: Math.max(1, remote.workerThreads),
      solve: (problem, _prepared, options) => remote.solveWhole(problem, { backend: opts.backend, ...options }),
      close: () => remote.close(),
    };
  }
  if (opts.workers) {
    const { FrontierPool } = await import('../../../workers/frontier-pool.js');
    const pool = await FrontierPool.start({ size: opts.workers, solveTimeLimitSec: config.solveTimeLimitSec });
    // --workers N solves N variations at once, each on one worker at a time
    const gate = new BoundedAdmissionGate(pool.size, 0, { batchSlots: pool.size });
    return {
      lanes: pool.size,
      solve: (problem, _prepared, options) =>
        solveOn(new YieldingExecutor(pool.executorFor(problem, { backend: opts.backend }), gate), problem, options),
      close: () => pool.close(),
    };
  }
  return {
    lanes: 1,
    solve: (problem, prepared, options) =>
      solveOn(
        LocalExecutor.create(problem, { backend: opts.backend, solveTimeLimitSec: config.solveTimeLimitSec }, prepared),
        problem,
        options,
      ),
    close: () => Promise.resolve(),
  };
}

async function solveVariation(
  problem: unknown,
  opts: BatchOptions,
  config: Config,
  solver: VariationSolver,
  signal: AbortSignal,
): Promise<FrontierResult> {
  const prepared = prepareProblem(problem, config.limits, { strict: opts.strict, backend: opts.backend });
  if (!prepared.ok) throw new Error(formatErrors(prepared.errors));
  return solver.solve(prepared.problem, prepared, {
    ...(opts.points !== undefined ? { points: opts.points } : {}),
    signal,
    warnings: prepared.warnings,
  });
}

/** The same problem with the same options gives the same result file; anything else is solved again. */
function inputHash(problem: unknown, opts: BatchOptions): string {
  return createHash('sha256')
    .update(JSON.stringify({ problem, points: opts.points ?? null, backend: opts.backend }))
    .digest('hex');
}

/** The result in `file` if it is a complete result of this very variation, else null. */
async function readFinished(file: string, stamp: BatchStamp): Promise<FrontierResult | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const { batch, ...result } = JSON.parse(text) as FrontierResult & { batch?: BatchStamp };
    if (result.status === 'optimal' && Array.isArray(result.frontier) && batch?.input === stamp.input) return result;
    process.stderr.write(`lodestone: ${file} was written for another input or options; solving ${stamp.name} again\n`);
  } catch {
    process.stderr.write(`lodestone: ${file} is not a complete result; solving ${stamp.name} again\n`);
  }
  return null;
}

const TEMPORARY = /\.tmp-\d+$/;

async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

/** Left by a run that was killed mid-write; never a result. */
async function removeStaleTemporaries(dir: string): Promise<void> {
  for (const name of await readdir(dir)) if (TEMPORARY.test(name)) await unlink(join(dir, name)).catch(() => undefined);
}
