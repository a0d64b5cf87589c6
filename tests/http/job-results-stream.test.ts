// The streamed results page: the JSON stream parses to the page it stands
// for, and the MessagePack stream decodes to the same value, across the
// array header sizes (fixarray, array16) and with results, errors and
// unfinished variations mixed.

import { decode } from '@msgpack/msgpack';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { StoredResultRow } from '../../src/jobs/job-store.js';
import { resultsStream } from '../../src/http/job-results-stream.js';

function rows(n: number): StoredResultRow[] {
  return Array.from({ length: n }, (_, i) => ({
    index: i,
    name: `v${i} "quoted" / é`,
    status: i % 3 === 0 ? 'done' : i % 3 === 1 ? 'failed' : 'queued',
    resultJson:
      i % 3 === 0 ? JSON.stringify({ status: 'optimal', frontier: [{ expectedCost: i * 1.5, cvar: -0 }] }) : null,
    errorJson: i % 3 === 1 ? JSON.stringify({ code: 'SOLVE_FAILED', message: `no ${i}` }) : null,
  }));
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array | string));
  return Buffer.concat(chunks);
}

function expected(list: StoredResultRow[], head: { nextOffset?: number }) {
  return {
    id: 'job',
    status: 'running',
    total: 70_000,
    offset: 5,
    ...(head.nextOffset !== undefined ? { nextOffset: head.nextOffset } : {}),
    variations: list.map((r) => ({
      index: r.index,
      name: r.name,
      status: r.status,
      ...(r.resultJson ? { result: JSON.parse(r.resultJson) as unknown } : {}),
      ...(r.errorJson ? { error: JSON.parse(r.errorJson) as unknown } : {}),
    })),
  };
}

describe('resultsStream', () => {
  for (const n of [0, 1, 15, 16, 300]) {
    it(`gives the same page as JSON and as MessagePack, ${n} variation(s)`, async () => {
      const list = rows(n);
      const head = { id: 'job', status: 'running' as const, total: 70_000, offset: 5, count: n, nextOffset: 5 + n };
      const json = JSON.parse((await collect(resultsStream('json', head, list))).toString('utf8')) as unknown;
      const packed = decode(await collect(resultsStream('msgpack', head, list)));
      expect(json).toEqual(expected(list, head));
      expect(packed).toEqual(json);
    });
  }

  it('leaves nextOffset out on the last page, and writes one chunk per variation', async () => {
    const list = rows(4);
    const head = { id: 'job', status: 'running' as const, total: 70_000, offset: 5, count: 4 };
    const chunks: unknown[] = [];
    for await (const chunk of resultsStream('json', head, list)) chunks.push(chunk);
    expect(JSON.parse(chunks.join(''))).toEqual(expected(list, {}));
    expect(chunks.length).toBe(2 + 4 + 1); // head, "variations":[, one per variation, ]}
  });
});
