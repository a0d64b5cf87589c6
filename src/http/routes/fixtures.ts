// GET /v1/fixtures and /v1/fixtures/:name: the bundled example problems
// (fixtures/*.json, not its subfolders), read-only, for the explorer page.
// A name is served only if it is one of the directory's own *.json files, so
// no path a client sends ever reaches the file system.

import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../errors.js';
import { sendBody } from '../wire-format.js';

const FIXTURE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.json$/;

export interface FixtureEntry {
  /** the file name, e.g. us-motor-maker.json */
  name: string;
  /** the problem's own `name`, if it has one */
  title?: string;
  bytes: number;
}

const FixtureListSchema = z.object({
  fixtures: z.array(
    z.object({
      name: z.string().describe('file name; GET /v1/fixtures/{name} returns it'),
      title: z.string().optional().describe("the problem's name"),
      bytes: z.number().int(),
    }),
  ),
});

export function registerFixtureRoutes(app: FastifyInstance, dir: string): void {
  /** The directory's *.json files, read per request: the list is small and always current. */
  const names = async (): Promise<string[]> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => e.isFile() && FIXTURE_NAME.test(e.name))
      .map((e) => e.name)
      .sort();
  };

  app.get(
    '/v1/fixtures',
    {
      schema: {
        summary: 'The bundled example problems',
        tags: ['fixtures'],
        produces: ['application/json', 'application/msgpack'],
        response: { 200: FixtureListSchema },
      },
    },
    async (request, reply) => {
      const fixtures: FixtureEntry[] = [];
      for (const name of await names()) {
        const path = join(dir, name);
        const [{ size }, text] = await Promise.all([stat(path), readFile(path, 'utf8')]);
        fixtures.push({ name, ...titleOf(text), bytes: size });
      }
      return sendBody(request, reply, 200, { fixtures });
    },
  );

  app.get<{ Params: { name: string } }>(
    '/v1/fixtures/:name',
    {
      schema: {
        summary: 'One bundled example problem, as its JSON file (named with or without .json)',
        tags: ['fixtures'],
        produces: ['application/json'],
      },
    },
    async (request, reply) => {
      // `eu-ev-maker` and `eu-ev-maker.json` are the same fixture.
      const name = request.params.name.endsWith('.json') ? request.params.name : `${request.params.name}.json`;
      if (!FIXTURE_NAME.test(name) || !(await names()).includes(name)) {
        throw new HttpError(
          'NOT_FOUND',
          `No fixture named ${JSON.stringify(request.params.name)}; GET /v1/fixtures lists them`,
        );
      }
      return reply
        .type('application/json; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(await readFile(join(dir, name)));
    },
  );
}

function titleOf(text: string): { title?: string } {
  try {
    const parsed: unknown = JSON.parse(text);
    const title = (parsed as { name?: unknown } | null)?.name;
    return typeof title === 'string' ? { title } : {};
  } catch {
    return {};
  }
}
