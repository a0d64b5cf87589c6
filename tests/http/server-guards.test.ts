// The socket-level guards against slow and greedy clients (issue 11), on a
// real server listening on 127.0.0.1: a body trickled slower than the body
// time-out is cut off with a 408 and counted in /metrics; connections beyond
// the cap are closed at accept and counted; the service answers others
// throughout. Also: a 500 carries a request id and a generic message, never
// the exception's text.

import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { FrontierPool } from '../../workers/frontier-pool.js';
import { testConfig } from '../helpers/http-server.js';
import type { FastifyInstance } from 'fastify';

const BODY_TIMEOUT_MS = 1_000;
const MAX_CONNECTIONS = 4;

let pool: FrontierPool;
let app: FastifyInstance;
let port: number;

beforeAll(async () => {
  pool = await FrontierPool.start({ size: 1, solveTimeLimitSec: 60 });
  const base = testConfig({ poolSize: 1 });
  app = await buildApp({
    pool,
    config: {
      ...base,
      server: { ...base.server, requestReceiveTimeoutMs: BODY_TIMEOUT_MS, maxConnections: MAX_CONNECTIONS },
    },
    defaultMetrics: false,
  });
  app.get('/test-only/throws', () => {
    throw new Error('secret internal detail: /var/lib/lodestone/key.pem');
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
});
afterAll(async () => {
  await app?.close();
  await pool?.close();
});

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends until it closes the socket, and how long that took. */
function untilClosed(socket: Socket): Promise<{ text: string; ms: number }> {
  const started = performance.now();
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  socket.on('error', () => undefined);
  return new Promise((resolve) => socket.once('close', () => resolve({ text, ms: performance.now() - started })));
}

async function metric(name: string, reason: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  const text = await response.text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{reason="${reason}"}`));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

async function healthy(): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/v1/health`);
  expect(response.status).toBe(200);
}

describe('slow clients', () => {
  it('cuts off a body trickled one byte at a time with a 408 soon after the body time-out, and counts it', async () => {
    const before = await metric('lodestone_http_connections_cut_total', 'request_timeout');
    const socket = await open();
    const closed = untilClosed(socket);
    socket.write(
      'POST /v1/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{',
    );
    const trickle = setInterval(() => socket.writable && socket.write(' '), 200);
    try {
      const { text, ms } = await closed;
      expect(text).toMatch(/^HTTP\/1\.1 408 /);
      expect(text).toContain('"code":"REQUEST_TIMEOUT"');
      // Node checks every second (CONNECTION_CHECK_MS): cut between the time-out and a few checks later.
      expect(ms).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 50);
      expect(ms).toBeLessThan(BODY_TIMEOUT_MS + 4_000);
    } finally {
      clearInterval(trickle);
    }
    expect(await metric('lodestone_http_connections_cut_total', 'request_timeout')).toBe(before + 1);
    await healthy();
  });

  it('cuts off a client that never finishes its headers', async () => {
    const socket = await open();
    const closed = untilClosed(socket);
    socket.write('GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const { text, ms } = await closed;
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeLessThan(BODY_TIMEOUT_MS + 4_000);
    await healthy();
  });
});

describe('connection cap', () => {
  it('closes connections beyond LODESTONE_MAX_CONNECTIONS at accept, counts them, and serves again once under the cap', async () => {
    const before = await metric('lodestone_http_connections_cut_total', 'connection_cap');
    const held = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => open()));
    const extra = await open();
    const { text, ms } = await untilClosed(extra);
    expect(text).toBe('');
    expect(ms).toBeLessThan(1_000);
    for (const socket of held) socket.destroy();
    // The server sees the closes asynchronously; then a request gets through again.
    await expect.poll(async () => (await fetch(`http://127.0.0.1:${port}/v1/health`)).status).toBe(200);
    // At least the extra socket; polls that arrived before the server saw the closes count too.
    expect(await metric('lodestone_http_connections_cut_total', 'connection_cap')).toBeGreaterThanOrEqual(before + 1);
  });
});

describe('500 replies', () => {
  it('carry a request id and a generic message; the detail stays in the log', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/test-only/throws`);
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe('INTERNAL_ERROR');
    expect(body.error.message).not.toContain('secret');
    expect(body.error.message).not.toContain('key.pem');
    expect(body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('x-request-id')).toBe(body.error.requestId);
    expect(body.error.message).toContain(body.error.requestId);
  });
});
