import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { LocalExecutor } from '../../frontier/local-executor.js';
import { solveFrontier } from '../../frontier/solve-frontier.js';
import type { FrontierExecutor } from '../../frontier/executor.js';
import { BACKEND_NAMES } from '../../../solver/registry.js';
import { loadConfig } from '../../config.js';
import { CliExit, printWarnings, readPrepared } from '../input.js';
import { analysisList, checkPointsLimit, integerAtLeast, oneOf, remoteRedisUrl } from '../options.js';
import { connectRemote } from '../remote.js';

const PROGRESS_AFTER_MS = 1500;

interface SolveOptions {
  points?: number;
  backend: string;
  workers?: number;
  out?: string;
  strict?: boolean;
  analysis?: ('vss' | 'evpi')[];
  progress?: boolean;
  remote?: boolean;
}

export function registerSolve(program: Command): void {
  program
    .command('solve')
    .description('solve the cost-versus-CVaR frontier and write the result JSON')
    .argument('<file>', 'problem file (JSON or MessagePack)')
    .option('--points <n>', "frontier points (default: the problem's frontier.points)", integerAtLeast(2))
    .option('--backend <name>', BACKEND_NAMES.join('|'), oneOf(BACKEND_NAMES), 'auto')
    .option('--workers <n>', 'solve on a pool of this many worker threads', integerAtLeast(1))
    .option('--remote', 'send the runs to `lodestone worker` processes over LODESTONE_REDIS_URL (docs/scale-out.md)')
    .option('--out <file>', 'write the result to this file instead of stdout')
    .option('--strict', 'treat every warning as an error (exit 2)')
    .option('--analysis <list>', 'also compute vss, evpi or vss,evpi (MODEL.md section 9)', analysisList)
    .option('--progress', 'print progress and point A from the start (by default once the run takes 1.5 s)')
    .action(async (file: string, opts: SolveOptions) => {
      const prepared = await readPrepared(file, { strict: opts.strict, backend: opts.backend });
      printWarnings(prepared.warnings);
      const config = loadConfig();
      checkPointsLimit(opts.points, config);
      const redisUrl = remoteRedisUrl(opts, config);
      const remote = redisUrl ? await connectRemote(redisUrl, config) : null;
      const executor: FrontierExecutor = remote
        ? remote.executorFor(prepared.problem, { backend: opts.backend, runs: config.remoteFrontierRuns })
        : opts.workers
          ? await (
              await import('../../../workers/cli-pool-executor.js')
            ).createPoolExecutor(prepared.problem, {
              workers: opts.workers,
              backend: opts.backend,
              solveTimeLimitSec: config.solveTimeLimitSec,
            })
          : LocalExecutor.create(
              prepared.problem,
              { backend: opts.backend, solveTimeLimitSec: config.solveTimeLimitSec },
              prepared,
            );
      const started = Date.now();
      const progressAfterMs = opts.progress ? 0 : PROGRESS_AFTER_MS;
      // Ctrl-C stops the solve (remote runs included: their workers are told), then exits 130;
      // a second Ctrl-C exits at once.
      const interrupt = new AbortController();
      const onSigint = () => {
        process.stderr.write('lodestone: interrupted; stopping the solve (Ctrl-C again to quit at once)\n');
        interrupt.abort();
      };
      process.once('SIGINT', onSigint);
      try {
        const result = await solveFrontier(prepared.problem, executor, {
          signal: interrupt.signal,
          points: opts.points,
          warnings: prepared.warnings,
          ...(opts.analysis ? { analysis: opts.analysis } : {}),
          onCheapestPoint: (point) => {
            const elapsed = (Date.now() - started) / 1000;
            if (elapsed * 1000 >= progressAfterMs)
              process.stderr.write(
                `lodestone: cheapest plan (point A) verified after ${elapsed.toFixed(1)} s: expected cost ${Math.round(point.expectedCost)}, CVaR ${Math.round(point.cvar)} ${prepared.problem.currency}\n`,
              );
          },
          onProgress: (done, total) => {
            const elapsed = Date.now() - started;
            if (elapsed >= progressAfterMs)
              process.stderr.write(`lodestone: ${done}/${total} points solved (${(elapsed / 1000).toFixed(1)} s)\n`);
          },
        });
        const json = `${JSON.stringify(result, null, 2)}\n`;
        if (opts.out) await writeFile(opts.out, json);
        else process.stdout.write(json);
      } catch (error) {
        if (interrupt.signal.aborted) throw new CliExit(130, 'lodestone: interrupted; nothing was written');
        throw error;
      } finally {
        process.off('SIGINT', onSigint);
        await executor.close();
        await remote?.close();
      }
    });
}
