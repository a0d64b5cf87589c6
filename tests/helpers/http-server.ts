// A real service on a real socket for HTTP tests: a worker pool of its own,
// the app from buildApp, listening on an ephemeral port of 127.0.0.1.

import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { FrontierPool } from '../../workers/frontier-pool.js';

export interface TestServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  app: FastifyInstance;
  pool: FrontierPool;
  close(): Promise<void>;
}

export type TestConfig = Partial<Omit<Config, 'limits'>> & { limits?: Partial<Config['limits']> };

/** Defaults from an empty environment, so a developer's LODESTONE_* variables do not leak in. */
export function testConfig(overrides: TestConfig = {}): Config {
  const base = loadConfig({});
  return { ...base, ...overrides, limits: { ...base.limits, ...overrides.limits } };
}

export async function startTestServer(
  options: { workers?: number; config?: TestConfig; workerFile?: URL } = {},
): Promise<TestServer> {
  const config = testConfig({ poolSize: options.workers ?? 1, solveTimeLimitSec: 120, ...options.config });
  const pool = await FrontierPool.start({
    size: config.poolSize,
    solveTimeLimitSec: config.solveTimeLimitSec,
    workerFile: options.workerFile,
  });
  try {
    const app = await buildApp({ pool, config, defaultMetrics: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return {
      url: app.listeningOrigin,
      app,
      pool,
      close: async () => {
        await app.close();
        await pool.close();
      },
    };
  } catch (error) {
    await pool.close();
    throw error;
  }
}

export function fixture(path: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8'));
}

export const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

export function postJson(url: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body), ...init });
}
