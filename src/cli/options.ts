// Parsers for command-line option values, shared by every command (commander
// calls them with the raw string; a bad value exits 2 with commander's message),
// and the checks of options against the configuration (exit 2 as well).

import { InvalidArgumentError } from 'commander';
import type { Config } from '../config.js';
import { CliExit } from './input.js';

export function oneOf<T extends string>(values: readonly T[]) {
  return (value: string): T => {
    if (!values.includes(value as T)) throw new InvalidArgumentError(`must be one of ${values.join(', ')}`);
    return value as T;
  };
}

/** `--analysis vss,evpi`: MODEL.md section 9 analyses, comma-separated. */
export function analysisList(value: string): ('vss' | 'evpi')[] {
  const kinds = value.split(',').map((s) => s.trim());
  for (const k of kinds)
    if (k !== 'vss' && k !== 'evpi') throw new InvalidArgumentError('must be vss, evpi or vss,evpi');
  return [...new Set(kinds)] as ('vss' | 'evpi')[];
}

export function integerAtLeast(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`must be a whole number >= ${min}`);
    return n;
  };
}

/** `--points` within LODESTONE_MAX_POINTS, or exit 2. */
export function checkPointsLimit(points: number | undefined, config: Config): void {
  if (points !== undefined && points > config.limits.maxPoints)
    throw new CliExit(2, `--points ${points} is above the limit of ${config.limits.maxPoints} (LODESTONE_MAX_POINTS)`);
}

/** The Redis that `--remote` sends runs through (null without --remote), or exit 2. */
export function remoteRedisUrl(opts: { remote?: boolean; workers?: number }, config: Config): string | null {
  if (!opts.remote) return null;
  if (opts.workers)
    throw new CliExit(2, '--remote and --workers exclude each other (remote workers set their own threads)');
  if (!config.redisUrl)
    throw new CliExit(
      2,
      '--remote needs LODESTONE_REDIS_URL, the Redis that `lodestone worker` processes take runs from',
    );
  return config.redisUrl;
}
