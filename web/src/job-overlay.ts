// The batch overlay: every finished variation of a batch job drawn as its own
// frontier, next to this run's.

import { ApiError, fetchJob } from './api.js';
import { announce, byId, fill, h } from './dom.js';
import { activeEntry, compare, state, withViews, type Entry } from './explorer-state.js';
import { activate, renderFrontier } from './frontier-panel.js';
import type { Job } from './types.js';

const JOB_RUNNING = /^(queued|pending|waiting|running|started|in[_-]?progress)$/i;

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
  const current = (state.job = { id, controller });
  const status = byId('job-status');
  status.className = 'status';
  status.textContent = `Loading job ${id}…`;
  const stale = () => state.job !== current || controller.signal.aborted;

  // One GET at a time: events that arrive during one ask for one more after it.
  let fetching = false;
  let again = false;
  const refresh = async (): Promise<Job | undefined> => {
    if (fetching) {
      again = true;
      return undefined;
    }
    fetching = true;
    let job: Job | undefined;
    try {
      do {
        again = false;
        job = await fetchJob(id, controller.signal);
        if (stale()) return undefined;
        showJob(job);
      } while (again);
      return job;
    } catch (error) {
      if (stale()) return undefined;
      status.className = 'status error';
      status.textContent =
        error instanceof ApiError && error.status === 404
          ? `No job ${id} on this service.`
          : `Job ${id} could not be loaded: ${(error as Error).message}`;
      return undefined;
    } finally {
      fetching = false;
    }
  };

  const job = await refresh();
  if (job && JOB_RUNNING.test(job.status) && !stale()) follow(current, refresh);
}

/**
 * Follows a running job on its event stream (GET /v1/jobs/:id/events) instead of polling:
 * a variation that finishes brings its result (one GET), solved points update its line,
 * and the final status closes the stream. EventSource resumes by itself after a drop.
 */
function follow(job: NonNullable<typeof state.job>, refresh: () => Promise<unknown>): void {
  const source = new EventSource(`v1/jobs/${encodeURIComponent(job.id)}/events`);
  job.close = () => source.close();
  const data = (event: Event): Record<string, unknown> => {
    try {
      return JSON.parse((event as MessageEvent<string>).data) as Record<string, unknown>;
    } catch {
      return {};
    }
  };
  source.addEventListener('variation', () => void refresh());
  source.addEventListener('point', (event) => {
    const { index, done, total } = data(event);
    const line = document.querySelector(`#job-variations [data-variation-index="${String(index)}"] .live`);
    if (line && typeof done === 'number' && typeof total === 'number')
      line.textContent = ` (${done} of ${total} points)`;
  });
  source.addEventListener('status', (event) => {
    const { status } = data(event);
    if (typeof status === 'string' && !JOB_RUNNING.test(status)) source.close();
    void refresh();
  });
  source.addEventListener('error', () => {
    // CLOSED: the service refused the stream (an old service, a proxy); one last look instead.
    if (source.readyState === EventSource.CLOSED) void refresh();
  });
}

function stopJob(): void {
  state.job?.close?.();
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
    job.variations.map((v, i) =>
      h(
        'li',
        { 'data-variation-index': i },
        h('strong', {}, v.name),
        ` \u2014 ${v.status}`,
        v.result?.frontier ? `, ${v.result.frontier.length} points` : '',
        v.error ? `: ${describeError(v.error)}` : '',
        h('span', { className: 'live' }),
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
