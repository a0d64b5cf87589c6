// Client-side helpers for the batch job tests: poll a job, read an SSE stream.

import type { JobView } from '../../src/jobs/job-queue.js';

/** `headers`: e.g. the API key of a service with keys ({ authorization: 'Bearer ...' }). */
export async function getJob(
  url: string,
  id: string,
  results = false,
  headers: Record<string, string> = {},
): Promise<JobView> {
  const response = await fetch(`${url}/v1/jobs/${id}${results ? '' : '?results=false'}`, { headers });
  if (response.status !== 200) throw new Error(`GET job ${id}: ${response.status} ${await response.text()}`);
  return (await response.json()) as JobView;
}

/** Polls the job until `condition` holds; fails after `timeoutMs`. */
export async function waitForJob(
  url: string,
  id: string,
  condition: (job: JobView) => boolean,
  timeoutMs = 60_000,
  everyMs = 50,
  headers: Record<string, string> = {},
): Promise<JobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(url, id, false, headers);
    if (condition(job)) return job;
    if (Date.now() > deadline)
      throw new Error(
        `job ${id} did not reach the expected state within ${timeoutMs} ms: ${JSON.stringify(job.progress)} ${job.status}`,
      );
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const finished = (job: JobView) => ['done', 'failed', 'cancelled'].includes(job.status);

export interface SseEvent {
  id?: number;
  event: string;
  data: Record<string, unknown>;
}

/** Reads a text/event-stream until the server ends it (or `timeoutMs`), parsing each event. */
export async function readSse(
  url: string,
  headers: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<{ status: number; contentType: string | null; events: SseEvent[] }> {
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  const events: SseEvent[] = [];
  for (const block of text.split('\n\n')) {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
    }
    if (!fields.has('data')) continue;
    events.push({
      ...(fields.has('id') ? { id: Number(fields.get('id')) } : {}),
      event: fields.get('event') ?? 'message',
      data: JSON.parse(fields.get('data')!) as Record<string, unknown>,
    });
  }
  return { status: response.status, contentType: response.headers.get('content-type'), events };
}
