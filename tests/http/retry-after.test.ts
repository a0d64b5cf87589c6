// Retry-After under load: computed from the queue (requests ahead x the
// recent mean solve time / slots), so it grows as the line fills, and a
// refused request is told that, not a constant second.

import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixture, postJson, startTestServer, type TestServer } from '../helpers/http-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ workers: 1, config: { queueLength: 3 } });
});
afterAll(() => server?.close());

// Slow enough (about a second or more a solve) that four requests ahead differ from one by whole seconds.
const problem = fixture('eu-ev-maker.json');
const health = async () =>
  (
    (await (await fetch(`${server.url}/v1/health`)).json()) as {
      queue: { depth: number; solving: number; retryAfterSec: number };
    }
  ).queue;

async function until(condition: (q: Awaited<ReturnType<typeof health>>) => boolean) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const q = await health();
    if (condition(q)) return q;
    if (Date.now() > deadline) throw new Error(`the queue never got there: ${JSON.stringify(q)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

it('grows with the queue, and a refused request gets the queue’s own figure', async () => {
  // One solve first, so the service knows how long one takes.
  const started = Date.now();
  expect((await postJson(`${server.url}/v1/frontiers?points=5`, problem)).status).toBe(200);
  const oneSolveSec = (Date.now() - started) / 1000;
  expect((await health()).retryAfterSec).toBe(1); // idle: the floor

  const controller = new AbortController();
  const load: Promise<unknown>[] = [];
  const seen: number[] = [];
  try {
    for (let k = 0; k < 4; k++) {
      load.push(
        postJson(`${server.url}/v1/frontiers?points=5`, problem, { signal: controller.signal }).catch(() => null),
      );
      const q = await until((q) => q.solving === 1 && q.depth === k);
      seen.push(q.retryAfterSec);
    }
    // Each request ahead adds about one solve (one slot): non-decreasing, and well above the old constant 1 s.
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    // Four requests ahead of a newcomer against one: about four solves against one (rounded up, so at least 2 s more).
    expect(seen[3]).toBeGreaterThanOrEqual(seen[0] + 2);
    expect(seen[3]).toBeLessThanOrEqual(Math.ceil(4 * oneSolveSec) + 1);

    const refused = await postJson(`${server.url}/v1/frontiers?points=5`, problem);
    expect(refused.status).toBe(503);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(seen[2]);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      `retry in ${retryAfter} s`,
    );

    // While full, a request is refused on its headers: the 503 comes before the body is sent.
    const early = await headersOnlyPost(`${server.url}/v1/frontiers`);
    expect(early.status).toBe(503);
    expect(Number(early.retryAfter)).toBeGreaterThanOrEqual(1);
  } finally {
    controller.abort();
    await Promise.all(load);
  }
});

/** Sends the head of a POST announcing a 1 MB body and one byte of it, and waits for the answer. */
function headersOnlyPost(url: string): Promise<{ status: number; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer before the body was sent')), 10_000);
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(1 << 20) },
    });
    req.on('response', (response) => {
      clearTimeout(timer);
      response.resume();
      resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] });
      req.destroy();
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.write('{');
  });
}
