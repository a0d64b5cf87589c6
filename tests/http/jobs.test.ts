// The jobs API over a real socket: submit, poll, results in three formats
// (the CSV equal to the JSON), errors in the shared shape, events as SSE
// resumed with Last-Event-ID, and cancellation that frees the worker.

import { decode, encode } from '@msgpack/msgpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitLines } from '../../src/explain/explain-text.js';
import type { JobView } from '../../src/jobs/job-queue.js';
import { fixture, postJson, startTestServer, type TestServer } from '../helpers/http-server.js';
import { finished, getJob, readSse, waitForJob } from '../helpers/jobs.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ workers: 1 });
  await server.app.jobs.start();
});
afterAll(() => server?.close());

const wind = fixture('wind-turbine-oem.json');
const windSweep = {
  base: wind,
  sweep: {
    variations: [
      { name: 'as is' },
      { name: 'no recycling', patch: [{ op: 'replace', path: '/policy/minShareByKind', value: [] }] },
    ],
    grid: { '/risk/alpha': [0.9, 0.95] },
  },
};

async function submit(batch: unknown, query = ''): Promise<string> {
  const response = await postJson(`${server.url}/v1/jobs${query}`, batch);
  expect(response.status).toBe(202);
  const body = (await response.json()) as { id: string; status: string };
  expect(body.status).toBe('queued');
  expect(response.headers.get('location')).toBe(`/v1/jobs/${body.id}`);
  return body.id;
}

describe('POST /v1/jobs and GET /v1/jobs/:id', () => {
  let id: string;
  let job: JobView;
  beforeAll(async () => {
    id = await submit(windSweep, '?points=3');
    await waitForJob(server.url, id, finished);
    job = await getJob(server.url, id, true);
  });

  it('runs every variation and gives each its frontier result', () => {
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(job).toMatchObject({
      id,
      status: 'done',
      options: { points: 3 },
      progress: { total: 4, done: 4, fraction: 1 },
    });
    expect(job.variations.map((v) => v.name)).toEqual([
      'as is / risk.alpha=0.9',
      'as is / risk.alpha=0.95',
      'no recycling / risk.alpha=0.9',
      'no recycling / risk.alpha=0.95',
    ]);
    for (const v of job.variations) {
      expect(v).toMatchObject({
        status: 'done',
        attempts: 1,
        result: { status: 'optimal', risk: { measure: 'cvar' } },
      });
      expect(v.result!.frontier).toHaveLength(3);
    }
    expect(job.variations[1].result!.risk.alpha).toBe(0.95);
    expect(job.variations[0].result!.risk.alpha).toBe(0.9);
  });

  it('gives the results as JSON and as MessagePack, the same', async () => {
    const json = (await (await fetch(`${server.url}/v1/jobs/${id}/results`)).json()) as {
      id: string;
      status: string;
      variations: JobView['variations'];
    };
    expect(json.status).toBe('done');
    expect(json.variations.map((v) => v.result)).toEqual(job.variations.map((v) => v.result));
    const packed = await fetch(`${server.url}/v1/jobs/${id}/results`, { headers: { accept: 'application/msgpack' } });
    expect(packed.headers.get('content-type')).toBe('application/msgpack');
    expect(decode(new Uint8Array(await packed.arrayBuffer()))).toEqual(json);
    const forced = await fetch(`${server.url}/v1/jobs/${id}/results?format=msgpack`);
    expect(forced.headers.get('content-type')).toBe('application/msgpack');
  });

  it('gives the CSV summary, whose header and values are those of the JSON results', async () => {
    const byAccept = await fetch(`${server.url}/v1/jobs/${id}/results`, { headers: { accept: 'text/csv' } });
    expect(byAccept.status).toBe(200);
    expect(byAccept.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const csv = await byAccept.text();
    expect(await (await fetch(`${server.url}/v1/jobs/${id}/results?format=csv`)).text()).toBe(csv);

    const [header, ...rows] = csv.trimEnd().split('\r\n').map(csvFields);
    const materials = [
      ...new Set(job.variations.flatMap((v) => v.result!.frontier.flatMap((p) => Object.keys(p.sharesByKind)))),
    ];
    const kinds = ['chinese_licensed', 'recycled', 'western_mine', 'other'].filter((k) =>
      job.variations.some((v) => v.result!.frontier.some((p) => Object.values(p.sharesByKind).some((s) => k in s))),
    );
    expect(header).toEqual([
      'variation',
      'point',
      'kind',
      'expectedCost',
      'cvar',
      'worstCaseCost',
      'unmetDemand',
      ...materials.flatMap((m) => kinds.map((k) => `share.${m}.${k}`)),
      // MODEL.md section 8: every point of a highs/auto solve is explained
      'riskPrice',
      'topLimit',
      'topLimitValue',
    ]);

    const expected = job.variations.flatMap((v) =>
      v.result!.frontier.map((p, i) => [
        v.name,
        String(i),
        p.kind,
        p.expectedCost,
        p.cvar,
        p.worstCaseCost,
        Object.values(p.unmetDemand).reduce((a, b) => a + b, 0),
        ...materials.flatMap((m) =>
          kinds.map((k) => (p.sharesByKind[m] === undefined ? '' : (p.sharesByKind[m][k] ?? 0))),
        ),
        p.riskPrice!,
        limitLines(p, v.result!.currency)[0]?.sentence ?? '',
        limitLines(p, v.result!.currency)[0]?.value ?? '',
      ]),
    );
    expect(rows).toHaveLength(expected.length);
    rows.forEach((row, r) => {
      row.forEach((cell, c) => {
        const want = expected[r][c];
        // Numbers are written in full (shortest round-trip form): they read back exactly.
        if (typeof want === 'number') expect(Number(cell)).toBe(want);
        else expect(cell).toBe(want);
      });
    });
  });

  it('takes a batch as MessagePack, and answers in it', async () => {
    const response = await fetch(`${server.url}/v1/jobs?points=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/msgpack', accept: 'application/msgpack' },
      body: Buffer.from(encode({ problems: [sampleProblemInput()] })),
    });
    expect(response.status).toBe(202);
    const { id: packedId } = decode(new Uint8Array(await response.arrayBuffer())) as { id: string };
    expect((await waitForJob(server.url, packedId, finished)).status).toBe('done');
  });

  it('leaves the results out of a cheap poll', async () => {
    const light = await getJob(server.url, id, false);
    expect(light.variations.every((v) => v.result === undefined)).toBe(true);
    expect(light.progress.done).toBe(4);
  });
});

describe('errors', () => {
  it('refuses an invalid batch with 400 INVALID_BATCH, every invalid variation with its index, name and path', async () => {
    const response = await postJson(`${server.url}/v1/jobs`, {
      base: sampleProblemInput(),
      sweep: {
        variations: [{ name: 'fine' }, { name: 'broken', patch: [{ op: 'replace', path: '/periods', value: 0 }] }],
      },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; status: number }; errors: unknown[] };
    expect(body.error).toMatchObject({ code: 'INVALID_BATCH', status: 400 });
    expect(body.errors).toContainEqual({
      variation: 1,
      name: 'broken',
      path: '$.periods',
      message: expect.any(String),
    });

    const patch = await postJson(`${server.url}/v1/jobs`, {
      base: sampleProblemInput(),
      sweep: { variations: [{ name: 'IN', patch: [{ op: 'remove', path: '/nothing' }] }] },
    });
    expect(patch.status).toBe(400);
    expect(((await patch.json()) as { errors: unknown[] }).errors).toEqual([
      {
        variation: 0,
        name: 'IN',
        path: '$.sweep.variations[0].patch[0]',
        message: expect.stringContaining('/nothing'),
      },
    ]);
  });

  it('answers 422 BATCH_TOO_LARGE above the variation limit, and 400 for a bad query or body', async () => {
    const grid = { '/risk/alpha': Array(40).fill(0.9), '/frontier/points': Array(30).fill(3) };
    const big = await postJson(`${server.url}/v1/jobs`, { base: sampleProblemInput(), sweep: { grid } });
    expect(big.status).toBe(422);
    expect(await big.json()).toMatchObject({
      error: { code: 'BATCH_TOO_LARGE' },
      errors: [{ path: '$.sweep', message: expect.stringContaining('1200 variations') }],
    });
    expect((await postJson(`${server.url}/v1/jobs?points=1`, { problems: [sampleProblemInput()] })).status).toBe(400);
    const garbled = await fetch(`${server.url}/v1/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"problems": [',
    });
    expect(await garbled.json()).toMatchObject({ error: { code: 'MALFORMED_BODY' } });
  });

  it('answers 404 JOB_NOT_FOUND for an unknown id, on every job route', async () => {
    for (const path of ['', '/results', '/events']) {
      const response = await fetch(`${server.url}/v1/jobs/00000000-0000-4000-8000-000000000000${path}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: 'JOB_NOT_FOUND', status: 404 } });
    }
    const cancel = await fetch(`${server.url}/v1/jobs/nope`, { method: 'DELETE' });
    expect(cancel.status).toBe(404);
  });

  it('answers 409 JOB_FINISHED to cancelling a finished job', async () => {
    const id = await submit({ problems: [sampleProblemInput()] });
    await waitForJob(server.url, id, finished);
    const response = await fetch(`${server.url}/v1/jobs/${id}`, { method: 'DELETE' });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: 'JOB_FINISHED' } });
  });
});

describe('GET /v1/jobs/:id/events', () => {
  it('streams the progress as SSE, and resumes after Last-Event-ID', async () => {
    const id = await submit({ problems: [wind, sampleProblemInput()] }, '?points=3');
    const url = `${server.url}/v1/jobs/${id}/events`;
    const all = await readSse(url);
    expect(all.status).toBe(200);
    expect(all.contentType).toBe('text/event-stream; charset=utf-8');
    const ids = all.events.map((e) => e.id!);
    expect(ids.every((n, i) => i === 0 || n > ids[i - 1])).toBe(true);
    const summary = all.events.map((e) => `${e.event}:${typeof e.data.status === 'string' ? e.data.status : 'point'}`);
    expect(summary[0]).toBe('status:queued');
    expect(summary.at(-1)).toBe('status:done');
    expect(summary.filter((s) => s === 'variation:done')).toHaveLength(2);
    expect(summary).toContain('point:point');
    expect(all.events.at(-1)!.data.progress).toMatchObject({ total: 2, done: 2 });

    const cut = all.events[3].id!;
    const resumed = await readSse(url, { 'last-event-id': String(cut) });
    expect(resumed.events).toEqual(all.events.filter((e) => e.id! > cut));
    const byQuery = await readSse(`${url}?lastEventId=${cut}`);
    expect(byQuery.events.map((e) => e.id)).toEqual(resumed.events.map((e) => e.id));
    // Past the last event of a finished job: nothing, and the stream ends.
    expect((await readSse(url, { 'last-event-id': String(ids.at(-1)) })).events).toEqual([]);
  });

  it('delivers live events to a stream opened before the job runs', async () => {
    const id = await submit({ problems: [wind] }, '?points=4');
    const stream = readSse(`${server.url}/v1/jobs/${id}/events`);
    const { events } = await stream;
    expect(events.filter((e) => e.event === 'point').map((e) => e.data.done)).toEqual([1, 2, 3, 4]);
    expect(events.at(-1)).toMatchObject({ event: 'status', data: { status: 'done' } });
  });
});

describe('DELETE /v1/jobs/:id', () => {
  it('cancels the job, stops the running LP and frees the worker', async () => {
    const slow = fixture('bench/medium.json');
    const id = await submit({ problems: [slow, slow, sampleProblemInput()] });
    const health = async () => (await (await fetch(`${server.url}/v1/health`)).json()) as { pool: { busy: number } };
    const deadline = Date.now() + 20_000;
    while ((await health()).pool.busy !== 1) {
      if (Date.now() > deadline) throw new Error('the batch never started solving');
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 300));
    const response = await fetch(`${server.url}/v1/jobs/${id}`, { method: 'DELETE' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id, status: 'cancelled', progress: { cancelled: 3, done: 0 } });

    const stopped = Date.now();
    while ((await health()).pool.busy !== 0) {
      if (Date.now() - stopped > 5_000) throw new Error('the worker was not freed');
      await new Promise((r) => setTimeout(r, 25));
    }
    const job = await getJob(server.url, id);
    expect(job.variations.map((v) => v.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(job.variations.map((v) => v.attempts)).toEqual([1, 0, 0]);
    // The worker is free for the next request, and was stopped, not killed.
    const started = Date.now();
    expect((await postJson(`${server.url}/v1/frontiers`, sampleProblemInput())).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/lodestone_worker_restarts_total 0/);
    expect(metrics).toMatch(/lodestone_batch_variations_total\{outcome="cancelled"\} 1/);
    // Cancelling again is harmless.
    expect((await fetch(`${server.url}/v1/jobs/${id}`, { method: 'DELETE' })).status).toBe(200);
  });
});

/** One RFC 4180 line's fields (quoted fields may hold commas and doubled quotes). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length && !(line[i] === '"' && line[i + 1] !== '"')) {
        value += line[i];
        i += line[i] === '"' ? 2 : 1;
      }
      out.push(value);
      i += 2;
    } else {
      const end = line.indexOf(',', i);
      const stop = end < 0 ? line.length : end;
      out.push(line.slice(i, stop));
      i = stop + 1;
    }
  }
  return out;
}
