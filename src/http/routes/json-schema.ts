// GET /v1/schema/problem and /v1/schema/result: the formats as JSON Schema,
// for editors (completion and checks on a problem file) and for clients that
// validate what they send or receive.

import type { FastifyInstance } from 'fastify';
import { JSON_SCHEMA_NAMES, jsonSchemaFileText } from '../json-schemas.js';

export function registerJsonSchemaRoutes(app: FastifyInstance): void {
  for (const name of JSON_SCHEMA_NAMES) {
    const text = jsonSchemaFileText(name);
    app.get(
      `/v1/schema/${name}`,
      {
        schema: {
          summary: `The ${name} format as a JSON Schema (draft 2020-12), generated from the service's own schema`,
          tags: ['schema'],
          produces: ['application/schema+json'],
        },
      },
      async (_request, reply) => reply.type('application/schema+json; charset=utf-8').send(text),
    );
  }
}
