// GET /v1/jobs (the caller's jobs, newest first, paged, by status) and job
// results a page at a time (?offset&limit, ?variation=), streamed in JSON and
// MessagePack, with the early refusal (413) of a reply too large to send.

import { decode } from '@msgpack/msgpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../../src/jobs/job-queue.js';
import { postJson, startTestServer, type TestServer } from '../helpers/http-server.js';
import { finished, getJob, waitForJob } from '../helpers/jobs.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ workers: 1 });
  await server.app.jobs.start();
});
afterAll(() => server?.close());

const sweep = {
  base: sampleProblemInput(),
  sweep: { grid: { '/risk/alpha': [0.8, 0.9, 0.95] } },
};

async function submit(url: string, batch: unknown): Promise<string> {
  const response = await postJson(`${url}/v1/jobs?points=2`, batch);
  expect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

interface ResultsPage {
  id: string;
  status: string;
  total: number;
  offset: number;
  nextOffset?: number;
  variations: { index: number; name: string; status: string; result?: unknown }[];
}

const results = async (id: string, query = '', accept = 'application/json') => {
  const response = await fetch(`${server.url}/v1/jobs/${id}/results${query}`, { headers: { accept } });
  return { response, status: response.status };
};

describe('job results, paged', () => {
  let id: string;
  let job: JobView;
  beforeAll(async () => {
    id = await submit(server.url, sweep);
    await waitForJob(server.url, id, finished);
    job = await getJob(server.url, id, true);
    expect(job.status).toBe('done');
  });

  it('gives every variation by default, the same results as the job itself', async () => {
    const { response } = await results(id);
    const page = (await response.json()) as ResultsPage;
    expect(page).toMatchObject({ id, status: 'done', total: 3, offset: 0 });
    expect(page.nextOffset).toBeUndefined();
    expect(page.variations.map((v) => v.result)).toEqual(job.variations.map((v) => v.result));
  });

  it('gives a page with ?offset&limit, and says where the next one starts', async () => {
    const first = (await (await results(id, '?offset=0&limit=2')).response.json()) as ResultsPage;
    expect(first).toMatchObject({ total: 3, offset: 0, nextOffset: 2 });
    expect(first.variations.map((v) => v.index)).toEqual([0, 1]);
    const second = (await (await results(id, `?offset=${first.nextOffset}&limit=2`)).response.json()) as ResultsPage;
    expect(second).toMatchObject({ total: 3, offset: 2 });
    expect(second.nextOffset).toBeUndefined();
    expect(second.variations.map((v) => v.index)).toEqual([2]);
    expect([...first.variations, ...second.variations].map((v) => v.result)).toEqual(
      job.variations.map((v) => v.result),
    );
    const past = (await (await results(id, '?offset=7')).response.json()) as ResultsPage;
    expect(past).toMatchObject({ total: 3, offset: 7, variations: [] });
  });

  it('gives one variation with ?variation=, and refuses one that does not exist', async () => {
    const one = (await (await results(id, '?variation=1')).response.json()) as ResultsPage;
    expect(one.variations).toHaveLength(1);
    expect(one.variations[0]).toMatchObject({ index: 1, name: job.variations[1].name, status: 'done' });
    expect(one.variations[0].result).toEqual(job.variations[1].result);
    const missing = await results(id, '?variation=3');
    expect(missing.status).toBe(400);
    expect(((await missing.response.json()) as { error: { message: string } }).error.message).toBe(
      `variation=3, but job ${id} has 3 variation(s), numbered from 0`,
    );
    expect((await results(id, '?variation=1&limit=1')).status).toBe(400);
    expect((await results(id, '?limit=0')).status).toBe(400);
  });

  it('streams the same page as MessagePack', async () => {
    const json = (await (await results(id, '?offset=1&limit=2')).response.json()) as ResultsPage;
    const { response } = await results(id, '?offset=1&limit=2', 'application/msgpack');
    expect(response.headers.get('content-type')).toBe('application/msgpack');
    expect(decode(new Uint8Array(await response.arrayBuffer()))).toEqual(json);
    const all = await results(id, '', 'application/msgpack');
    expect(decode(new Uint8Array(await all.response.arrayBuffer()))).toEqual(await (await results(id)).response.json());
  });

  it('pages the CSV summary too', async () => {
    const csv = await (await results(id, '?variation=2&format=csv')).response.text();
    const full = await (await results(id, '?format=csv')).response.text();
    const [header, ...rows] = csv.trim().split('\n');
    const [fullHeader, ...fullRows] = full.trim().split('\n');
    expect(header).toBe(fullHeader);
    const name = job.variations[2].name;
    expect(rows.length).toBe(job.variations[2].result!.frontier.length);
    expect(rows).toEqual(fullRows.filter((row) => row.includes(name)));
  });
});

describe('a reply too large to send at once', () => {
  it('is refused before anything is sent (413), with the estimate, the limit and a page size that fits', async () => {
    const small = await startTestServer({ workers: 1, config: { maxResultBytes: 10_000 } });
    try {
      await small.app.jobs.start();
      const id = await submit(small.url, sweep);
      await waitForJob(small.url, id, finished);
      const one = await fetch(`${small.url}/v1/jobs/${id}/results?variation=0`);
      expect(one.status).toBe(200);
      const size = (await one.text()).length;
      // Each variation is well under the limit, all three are not (the test's premise).
      expect(size).toBeLessThan(10_000);
      expect(size * 3).toBeGreaterThan(10_000);

      const all = await fetch(`${small.url}/v1/jobs/${id}/results`);
      expect(all.status).toBe(413);
      const body = (await all.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('RESULTS_TOO_LARGE');
      const match =
        /The 3 variation\(s\) asked for \(from 0, of 3\) are about (\d+) kB as JSON, above the limit of 10 kB \(LODESTONE_MAX_RESULT_BYTES\) for one reply; ask for at most (\d+) at a time/.exec(
          body.error.message,
        );
      expect(match, body.error.message).not.toBeNull();
      // The estimate is close to the real size of the three.
      expect(Number(match![1]) * 1e3).toBeGreaterThan(size * 3 * 0.9);
      expect(Number(match![1]) * 1e3).toBeLessThan(size * 3 * 1.2);
      const fits = Number(match![2]);
      expect(fits).toBeGreaterThanOrEqual(1);
      expect(fits).toBeLessThan(3);
      // The suggested page is accepted, in both formats; so is the job without results.
      expect((await fetch(`${small.url}/v1/jobs/${id}/results?offset=0&limit=${fits}`)).status).toBe(200);
      const packed = await fetch(`${small.url}/v1/jobs/${id}/results?limit=${fits}`, {
        headers: { accept: 'application/msgpack' },
      });
      expect(packed.status).toBe(200);
      expect((await fetch(`${small.url}/v1/jobs/${id}`)).status).toBe(413);
      expect((await fetch(`${small.url}/v1/jobs/${id}?results=false`)).status).toBe(200);
      expect((await fetch(`${small.url}/v1/jobs/${id}/results?format=csv`)).status).toBe(413);
    } finally {
      await small.close();
    }
  });
});

describe('GET /v1/jobs', () => {
  it('lists the jobs newest first, a page at a time, and by status', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await submit(server.url, { problems: [sampleProblemInput()] }));
    const cancelled = ids[1];
    const cancel = await fetch(`${server.url}/v1/jobs/${cancelled}`, { method: 'DELETE' });
    expect([200, 409]).toContain(cancel.status);
    for (const id of ids) await waitForJob(server.url, id, finished);

    const list = async (query: string) => {
      const response = await fetch(`${server.url}/v1/jobs${query}`);
      expect(response.status).toBe(200);
      return (await response.json()) as {
        jobs: (Omit<JobView, 'variations'> & { variations?: unknown })[];
        nextCursor?: string;
      };
    };
    const all = await list('?limit=100');
    const order = all.jobs.map((j) => j.id);
    // Newest first: the three just submitted lead, in reverse order of submission.
    expect(order.slice(0, 3)).toEqual([...ids].reverse());
    const created = all.jobs.map((j) => Date.parse(j.createdAt));
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(all.jobs[0]).toMatchObject({ id: ids[2], progress: { total: 1 } });
    expect(all.jobs[0].variations).toBeUndefined();
    expect(all.nextCursor).toBeUndefined();

    const first = await list('?limit=2');
    expect(first.jobs.map((j) => j.id)).toEqual(order.slice(0, 2));
    expect(first.nextCursor).toMatch(/^\d+$/);
    const rest: string[] = [];
    for (let cursor = first.nextCursor; cursor !== undefined;) {
      const page = await list(`?limit=2&cursor=${cursor}`);
      rest.push(...page.jobs.map((j) => j.id));
      cursor = page.nextCursor;
    }
    expect([...first.jobs.map((j) => j.id), ...rest]).toEqual(order);

    const status = (await list(`?status=${(await getJob(server.url, cancelled)).status}`)).jobs;
    expect(status.map((j) => j.id)).toContain(cancelled);
    const done = (await list('?status=done&limit=100')).jobs;
    expect(done.every((j) => j.status === 'done')).toBe(true);
    expect(done.map((j) => j.id)).toEqual(expect.arrayContaining([ids[0], ids[2]]));

    expect((await fetch(`${server.url}/v1/jobs?status=finished`)).status).toBe(400);
    expect((await fetch(`${server.url}/v1/jobs?limit=101`)).status).toBe(400);
    expect((await fetch(`${server.url}/v1/jobs?cursor=abc`)).status).toBe(400);
  });
});
