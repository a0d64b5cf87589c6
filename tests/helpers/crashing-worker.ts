// A frontier worker that dies (process.exit in a worker thread ends the
// thread) on any run of a problem named '__crash__', and otherwise is the
// real worker. For the pool's `workerFile` in crash tests.

import { unpack } from 'msgpackr';
import frontierTask from '../../workers/frontier-worker.js';
import type { WorkerTask } from '../../workers/protocol.js';

export const CRASH_PROBLEM_NAME = '__crash__';

export default async function crashingFrontierTask(task: WorkerTask): ReturnType<typeof frontierTask> {
  if (task.kind === 'run' && (unpack(task.problem) as { name?: string }).name === CRASH_PROBLEM_NAME) process.exit(1);
  return frontierTask(task);
}
