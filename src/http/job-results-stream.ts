// A page of job results as a stream, one variation at a time, never as one
// string: the stored result JSON is spliced into the JSON reply as it is,
// and each variation is packed on its own for MessagePack. Memory per reply
// is one variation, however large the job (issue 11: a 400-variation job
// was built as one 2.6 GB string, then failed "Invalid string length").

import { Readable } from 'node:stream';
import type { JobStatus } from '../jobs/job-queue.js';
import type { StoredResultRow } from '../jobs/job-store.js';
import { encodeBody, type WireFormat } from './wire-format.js';

export interface ResultsPageHead {
  id: string;
  status: JobStatus;
  total: number;
  offset: number;
  /** variations in this page */
  count: number;
  nextOffset?: number;
}

export function resultsStream(format: WireFormat, head: ResultsPageHead, rows: Iterable<StoredResultRow>): Readable {
  return Readable.from(format === 'json' ? jsonChunks(head, rows) : msgpackChunks(head, rows), { objectMode: false });
}

function* jsonChunks(head: ResultsPageHead, rows: Iterable<StoredResultRow>): Generator<string> {
  const { id, status, total, offset, nextOffset } = head;
  yield `{"id":${JSON.stringify(id)},"status":${JSON.stringify(status)},"total":${total},"offset":${offset}`;
  if (nextOffset !== undefined) yield `,"nextOffset":${nextOffset}`;
  yield ',"variations":[';
  let first = true;
  for (const row of rows) {
    let text = `${first ? '' : ','}{"index":${row.index},"name":${JSON.stringify(row.name)},"status":${JSON.stringify(row.status)}`;
    if (row.resultJson !== null) text += `,"result":${row.resultJson}`;
    if (row.errorJson !== null) text += `,"error":${row.errorJson}`;
    yield `${text}}`;
    first = false;
  }
  yield ']}';
}

const pack = (value: unknown): Buffer => encodeBody('msgpack', value).payload as Buffer;

function* msgpackChunks(head: ResultsPageHead, rows: Iterable<StoredResultRow>): Generator<Buffer> {
  const { id, status, total, offset, nextOffset, count } = head;
  const fields: [string, unknown][] = [
    ['id', id],
    ['status', status],
    ['total', total],
    ['offset', offset],
    ...(nextOffset !== undefined ? [['nextOffset', nextOffset] as [string, unknown]] : []),
  ];
  // A map of the fields above plus "variations", written key by key so the array can follow piecewise.
  yield mapHeader(fields.length + 1);
  for (const [key, value] of fields) yield Buffer.concat([pack(key), pack(value)]);
  yield Buffer.concat([pack('variations'), arrayHeader(count)]);
  let written = 0;
  for (const row of rows) {
    if (written === count) break;
    yield pack({
      index: row.index,
      name: row.name,
      status: row.status,
      ...(row.resultJson !== null ? { result: JSON.parse(row.resultJson) as unknown } : {}),
      ...(row.errorJson !== null ? { error: JSON.parse(row.errorJson) as unknown } : {}),
    });
    written++;
  }
  // The header promised `count` elements: the store must have given exactly as many (the page was counted first).
  for (; written < count; written++) yield pack(null);
}

function mapHeader(n: number): Buffer {
  if (n < 16) return Buffer.from([0x80 | n]);
  throw new RangeError(`a map of ${n} fields`);
}

function arrayHeader(n: number): Buffer {
  if (n < 16) return Buffer.from([0x90 | n]);
  if (n < 0x10000) return Buffer.from([0xdc, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = 0xdd;
  b.writeUInt32BE(n, 1);
  return b;
}
