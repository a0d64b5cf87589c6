// The problem and result formats as JSON Schema documents (draft 2020-12),
// generated from the zod schemas, the one definition of each: served at
// GET /v1/schema/problem and /v1/schema/result, and written to
// docs/schema/*.schema.json by scripts/write-json-schemas.ts (a test checks
// the committed files are current).

import { z } from 'zod';
import { problemJsonSchema, type JsonSchemaNode } from '../domain/problem-json-schema.js';
import { FrontierResultSchema } from './schemas/frontier-result.js';

export const JSON_SCHEMA_NAMES = ['problem', 'result'] as const;
export type JsonSchemaName = (typeof JSON_SCHEMA_NAMES)[number];

function resultJsonSchema(): JsonSchemaNode {
  const schema = z.toJSONSchema(FrontierResultSchema, {
    io: 'output',
    target: 'draft-2020-12',
    // Results gain fields over time (MODEL.md: add fields, keep these): a reader must not reject new ones.
    override: (context) => {
      const node = context.jsonSchema as JsonSchemaNode;
      if (node.additionalProperties === false) delete node.additionalProperties;
    },
  }) as JsonSchemaNode;
  schema.title = 'Lodestone frontier result';
  return schema;
}

export function jsonSchemaOf(name: JsonSchemaName): JsonSchemaNode {
  return name === 'problem' ? problemJsonSchema() : resultJsonSchema();
}

/** The file text, as committed under docs/schema/. */
export function jsonSchemaFileText(name: JsonSchemaName): string {
  return `${JSON.stringify(jsonSchemaOf(name), null, 2)}\n`;
}
