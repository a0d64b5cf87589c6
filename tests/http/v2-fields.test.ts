// MODEL.md version 2 over HTTP: a problem using the new fields is accepted,
// its result keeps every event's materials, market events and driver labels
// and carries scenarioSummary through the response schema, and a bad new
// field is answered with its JSON path.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProblemInput } from '../../src/domain/schema.js';
import type { FrontierResult } from '../../src/frontier/solve-frontier.js';
import { postJson, startTestServer, type TestServer } from '../helpers/http-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ workers: 1 });
});
afterAll(() => server?.close());

function jpSmall(): ProblemInput {
  const raw = JSON.parse(
    readFileSync(new URL('../../fixtures/jp-ev-maker.json', import.meta.url), 'utf8'),
  ) as ProblemInput;
  raw.scenarioModel!.count = 30;
  return raw;
}

describe('version-2 fields over HTTP', () => {
  it('solves jp-ev-maker: events keep materials, markets and drivers; scenarioSummary arrives', async () => {
    const response = await postJson(`${server.url}/v1/frontiers?points=3&backend=highs`, jpSmall());
    expect(response.status).toBe(200);
    const result = (await response.json()) as FrontierResult;
    expect(result.scenarios).toHaveLength(30);
    const events = result.scenarios.flatMap((s) => s.events);
    expect(events.some((e) => 'target' in e && e.target.materials?.join() === 'ndfeb,dy,tb')).toBe(true);
    expect(events.some((e) => 'market' in e && e.market === 'ndpr')).toBe(true);
    expect(events.every((e) => typeof e.driver === 'string')).toBe(true);
    expect(result.scenarioSummary?.drivers.map((d) => d.id)).toEqual([
      'escalation',
      'cn-licence',
      'cn-licence-escalated',
      'lynas-outage',
      'recycling-yield',
      'ndpr-price',
    ]);
    expect(result.scenarioSummary?.tails).toHaveLength(result.frontier.length);
    expect(result.scenarioSummary?.tails[0].scenarios).toBe(3);
  }, 120_000);

  it('answers a bad new field with its path', async () => {
    const raw = jpSmall();
    const [, calm, escalated] = raw.scenarioModel!.drivers as {
      target: { materials?: string[] };
      when: { driver: string };
    }[];
    calm.target.materials = ['dy', 'dysprosium'];
    escalated.when.driver = 'nothing';
    const response = await postJson(`${server.url}/v1/validate`, raw);
    const body = (await response.json()) as { errors?: { path: string; message: string }[] };
    expect(response.status).toBe(400);
    expect(body.errors?.map((e) => e.path).sort()).toEqual([
      '$.scenarioModel.drivers[1].target.materials[1]',
      '$.scenarioModel.drivers[2].when.driver',
    ]);
  });
});
