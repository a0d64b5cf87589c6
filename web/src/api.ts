// The service's HTTP API as the page uses it. Paths are relative, so the
// page works wherever the service is mounted.

import type { ErrorBody, ErrorDetail, FrontierPoint, FrontierResult, Job } from './types.js';

export type ProblemFormat = 'json' | 'msgpack';

/** A problem as loaded: its bytes go to the service unchanged, in their own format. */
export interface ProblemBytes {
  bytes: Uint8Array<ArrayBuffer>;
  format: ProblemFormat;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly errors: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static fromBody(body: ErrorBody, status = body.error.status): ApiError {
    return new ApiError(body.error.message, status, body.error.code, body.errors ?? []);
  }
}

const CONTENT_TYPE: Record<ProblemFormat, string> = { json: 'application/json', msgpack: 'application/msgpack' };

async function failure(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as ErrorBody;
    if (body?.error?.code) return ApiError.fromBody(body, response.status);
  } catch {
    // not our error shape: a proxy's page, say
  }
  return new ApiError(
    `${response.status} ${response.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`,
    response.status,
    'HTTP_ERROR',
  );
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' }, signal });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

export interface FixtureEntry {
  name: string;
  title?: string;
  bytes: number;
}

export const listFixtures = async (): Promise<FixtureEntry[]> =>
  (await getJson<{ fixtures: FixtureEntry[] }>('v1/fixtures')).fixtures;

export async function fetchFixture(name: string): Promise<Uint8Array<ArrayBuffer>> {
  const response = await fetch(`v1/fixtures/${encodeURIComponent(name)}`);
  if (!response.ok) throw await failure(response);
  return new Uint8Array(await response.arrayBuffer());
}

export type Validation =
  | { valid: true; lp: { rows: number; columns: number; nonzeros: number }; scenarios: number }
  | { valid: false; error: ApiError };

export async function validateProblem(problem: ProblemBytes, signal?: AbortSignal): Promise<Validation> {
  const response = await fetch('v1/validate', {
    method: 'POST',
    headers: { 'content-type': CONTENT_TYPE[problem.format], accept: 'application/json' },
    body: problem.bytes,
    signal,
  });
  if (response.ok) return (await response.json()) as Validation;
  return { valid: false, error: await failure(response) };
}

export interface SolveOptions {
  points?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** the cheapest plan (point A), as soon as the service has verified it */
  onCheapestPoint?: (point: FrontierPoint) => void;
}

/** POST /v1/frontiers/stream: progress events as the points are solved, then the result (or the error). */
export async function solveFrontier(problem: ProblemBytes, options: SolveOptions = {}): Promise<FrontierResult> {
  const query = options.points ? `?points=${options.points}` : '';
  const response = await fetch(`v1/frontiers/stream${query}`, {
    method: 'POST',
    headers: { 'content-type': CONTENT_TYPE[problem.format], accept: 'text/event-stream' },
    body: problem.bytes,
    signal: options.signal,
  });
  if (!response.ok || !response.body) throw await failure(response);
  let result: FrontierResult | undefined;
  let error: ApiError | undefined;
  await readEvents(response.body, (event, data) => {
    if (event === 'progress') {
      const { done, total } = JSON.parse(data) as { done: number; total: number };
      options.onProgress?.(done, total);
    } else if (event === 'point') {
      options.onCheapestPoint?.((JSON.parse(data) as { point: FrontierPoint }).point);
    } else if (event === 'result') result = JSON.parse(data) as FrontierResult;
    else if (event === 'error') error = ApiError.fromBody(JSON.parse(data) as ErrorBody);
  });
  if (error) throw error;
  if (!result) throw new ApiError('The service closed the stream before sending a result', 502, 'STREAM_ENDED');
  return result;
}

/** Server-sent events (the subset the service writes): `event:` and `data:` lines, blank-line separated. */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: string, data: string) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const dispatch = (block: string) => {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length) onEvent(event, data.join('\n'));
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      dispatch(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
    }
  }
  if (buffer.trim()) dispatch(buffer);
}

/** GET /v1/jobs/:id, the batch API. */
export const fetchJob = (id: string, signal?: AbortSignal): Promise<Job> =>
  getJson<Job>(`v1/jobs/${encodeURIComponent(id)}`, signal);

/** GET /v1/schema/problem: the problem's JSON Schema, for the editor's completion; undefined where the service has none. */
export async function fetchProblemSchema(signal?: AbortSignal): Promise<unknown> {
  const response = await fetch('v1/schema/problem', {
    headers: { accept: 'application/schema+json, application/json' },
    signal,
  });
  if (response.status === 404) return undefined;
  if (!response.ok) throw await failure(response);
  return (await response.json()) as unknown;
}
