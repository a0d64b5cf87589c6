// The batch overlay: every finished variation of a batch job drawn as its own
// frontier, next to this run's.

import { ApiError, fetchJob } from './api.js';
import { announce, byId, fill, h } from './dom.js';
import { activeEntry, compare, state, withViews, type Entry } from './explorer-state.js';
import { activate, renderFrontier } from './frontier-panel.js';
import type { Job } from './types.js';

const JOB_RUNNING = /^(queued|pending|waiting|running|started|in[_-]?progress)$/i;
const JOB_POLL_MS = 2000;

function describeProgress(progress: unknown): string {
  if (typeof progress === 'number') return progress <= 1 ? `${Math.round(progress * 100)}%` : String(progress);
  if (progress && typeof progress === 'object') {
    const p = progress as { done?: number; total?: number };
    if (typeof p.done === 'number' && typeof p.total === 'number') return `${p.done} of ${p.total}`;
  }
  return '';
}

/** A variation's error: a sentence, or the API's error shape ({code, message}, or {error: {...}}). */
function describeError(error: unknown): string {
  if (typeof error === 'string') return error;
  const e = (error as { error?: unknown })?.error ?? error;
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  if (typeof message === 'string') return typeof code === 'string' ? `${message} (${code})` : message;
  return JSON.stringify(error);
}

export async function loadJob(id: string): Promise<void> {
  stopJob();
  const controller = new AbortController();
  state.job = { id, controller };
  const status = byId('job-status');
  status.className = 'status';
  status.textContent = `Loading job ${id}…`;
  const poll = async () => {
    let job: Job;
    try {
      job = await fetchJob(id, controller.signal);
    } catch (error) {
      if (controller.signal.aborted) return;
      status.className = 'status error';
      status.textContent =
        error instanceof ApiError && error.status === 404
          ? `No job ${id} on this service.`
          : `Job ${id} could not be loaded: ${(error as Error).message}`;
      return;
    }
    if (state.job?.id !== id || controller.signal.aborted) return;
    showJob(job);
    if (JOB_RUNNING.test(job.status)) state.job.timer = window.setTimeout(poll, JOB_POLL_MS);
  };
  await poll();
}

function stopJob(): void {
  if (state.job?.timer) clearTimeout(state.job.timer);
  state.job?.controller.abort();
  state.job = undefined;
}

function showJob(job: Job): void {
  const done = job.variations.filter((v) => v.result && v.result.frontier?.length);
  const progress = describeProgress(job.progress);
  const status = byId('job-status');
  status.className = 'status';
  status.textContent = `Job ${job.id}: ${job.status}${progress ? ` (${progress})` : ''}; ${done.length} of ${job.variations.length} variations overlaid on the chart.`;
  fill(
    byId('job-variations'),
    job.variations.map((v) =>
      h(
        'li',
        {},
        h('strong', {}, v.name),
        ` \u2014 ${v.status}`,
        v.result?.frontier ? `, ${v.result.frontier.length} points` : '',
        v.error ? `: ${describeError(v.error)}` : '',
      ),
    ),
  );
  const prefix = `job:${job.id}:`;
  const previous = new Map(state.entries.filter((e) => e.id.startsWith(prefix)).map((e) => [e.id, e]));
  const jobEntries: Entry[] = done.map((v) => ({
    id: `${prefix}${v.name}`,
    label: v.name,
    result: v.result!,
    visible: previous.get(`${prefix}${v.name}`)?.visible ?? true,
    origin: 'job',
  }));
  state.entries = [...state.entries.filter((e) => e.origin !== 'job'), ...jobEntries];
  byId('job-clear').hidden = false;
  if (!activeEntry()) {
    if (state.entries[0]) activate(state.entries[0].id);
    else renderFrontier();
  } else renderFrontier();
  announce(status.textContent);
}

export function clearJob(): void {
  stopJob();
  state.entries = state.entries.filter((e) => e.origin !== 'job');
  byId('job-clear').hidden = true;
  fill(byId('job-variations'));
  byId('job-status').textContent = 'Overlay cleared.';
  if (!activeEntry()) {
    state.activeId = undefined;
    state.selected = undefined;
    withViews(({ plan }) => plan.show(null));
    compare.show(null, new Map(), {});
    if (state.entries[0]) activate(state.entries[0].id);
  }
  renderFrontier();
}
