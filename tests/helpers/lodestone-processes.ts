// The service and `lodestone worker` as real processes (from source, through
// tsx), for the tests that kill them: their output is kept, and a worker's
// log says which variations it started and finished.

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = new URL('../../', import.meta.url).pathname;

export interface Proc {
  child: ChildProcess;
  pid: number;
  log: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

/** tsx compiles the sources at each start: slow on a loaded machine. */
const START_TIMEOUT_MS = 180_000;

/** SIGKILLs every process still running (afterAll). */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** Spawns `command` (prefixed, e.g. by `ip netns exec NAME`), resolving once a line matches `ready`. */
function start(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  prefix: string[] = [],
): Promise<Proc & { match: RegExpExecArray }> {
  const [command, ...rest] = [...prefix, process.execPath, '--import', 'tsx', ...args];
  const child = spawn(command, rest, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const log: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${args.join(' ')} did not start:\n${log.join('\n')}`)),
      START_TIMEOUT_MS,
    );
    const onLine = (line: string) => {
      log.push(line);
      const match = ready.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve({ child, pid: child.pid!, log, exited, match });
      }
    };
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', onLine);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited at start:\n${log.join('\n')}`));
    });
  });
}

/**
 * Settings that make a killed worker's variation move on within about 12 s instead of BullMQ's 60 s.
 * The lock stays long enough for a live worker to renew it on a machine loaded far beyond its cores
 * (with 2 s, a starved worker lost its lock and a variation was solved twice).
 */
export const FAST_REMOTE_ENV = {
  LODESTONE_REMOTE_LOCK_MS: '10000',
  LODESTONE_REMOTE_STALLED_INTERVAL_MS: '2000',
  LODESTONE_REMOTE_POLL_MS: '200',
};

export async function startServiceProcess(env: NodeJS.ProcessEnv): Promise<Proc & { url: string }> {
  const proc = await start(
    [join(root, 'src/http/main.ts')],
    { PORT: '0', HOST: '127.0.0.1', LODESTONE_POOL_SIZE: '1', LOG_LEVEL: 'info', ...FAST_REMOTE_ENV, ...env },
    /listening on (http:\/\/[^"\s]+)/,
  );
  return { ...proc, url: proc.match[1] };
}

export async function startWorkerProcess(env: NodeJS.ProcessEnv, prefix: string[] = []): Promise<Proc> {
  return start(
    [join(root, 'src/cli/run.ts'), 'worker', '--workers', '1'],
    { LODESTONE_JOB_STOP_GRACE_MS: '10000', ...FAST_REMOTE_ENV, ...env },
    /taking variations/,
    prefix,
  );
}

/** Indexes of the variations of `jobId` a worker's log says it started solving, one entry per start. */
export function startsIn(log: string[], jobId: string): number[] {
  const pattern = new RegExp(`solving variation (\\d+) \\(.*\\) of job ${jobId}`);
  return log.flatMap((line) => {
    const match = pattern.exec(line);
    return match ? [Number(match[1])] : [];
  });
}

export async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
