// The OpenAPI document, generated from the routes' zod schemas, and the
// Swagger UI that serves it at /docs (JSON at /docs/json).

import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { VERSION } from '../version.js';
import { apiSchemas } from './schemas/openapi.js';

export const DOCS_PREFIX = '/docs';

const toOpenApi = createJsonSchemaTransformObject({ schemaRegistry: apiSchemas });

type OpenApiDocument = ReturnType<typeof toOpenApi>;

/**
 * The zod transform lists every named schema twice (as read and as written,
 * `ProblemInput` and `Problem`); only those a route refers to are kept.
 */
function withoutUnusedSchemas(document: OpenApiDocument): OpenApiDocument {
  const { components, ...rest } = document as { components?: { schemas?: Record<string, unknown> } };
  const schemas = components?.schemas;
  if (!schemas) return document;
  const referenced = new Set<string>();
  let pending = [JSON.stringify(rest)];
  while (pending.length > 0) {
    const next: string[] = [];
    for (const text of pending) {
      for (const [, name] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
        if (!referenced.has(name) && schemas[name]) {
          referenced.add(name);
          next.push(JSON.stringify(schemas[name]));
        }
      }
    }
    pending = next;
  }
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => referenced.has(name)));
  return { ...rest, components: { ...components, schemas: kept } } as OpenApiDocument;
}

export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Lodestone',
        version: VERSION,
        description:
          'Rare-earth sourcing under export controls: cost-versus-CVaR frontiers of sourcing plans. ' +
          'Bodies and replies are JSON or MessagePack (Content-Type and Accept). ' +
          'Every error has the shape {"error": {"code", "message", "status"}, "errors"?: [{"path", "message"}]}.',
      },
      tags: [
        { name: 'frontier', description: 'solving and checking problems' },
        {
          name: 'jobs',
          description: 'batches of problems and sweeps, solved in the background; they survive restarts',
        },
        { name: 'service', description: 'operations' },
      ],
    },
    transform: createJsonSchemaTransform({ schemaRegistry: apiSchemas, skipList: [] }),
    transformObject: (input) => withoutUnusedSchemas(toOpenApi(input)),
  });
  await app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX });
}
