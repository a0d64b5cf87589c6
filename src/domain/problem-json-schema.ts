// The problem format as a JSON Schema document, generated from the zod schema
// (schema.ts stays the one definition): served at GET /v1/schema/problem,
// written to docs/schema/problem.schema.json for editors, and walked by
// unknown-fields.ts to tell a misspelt field from a known one.

import { z } from 'zod';
import { ProblemInputSchema } from './schema.js';

/** The part of JSON Schema (draft 2020-12) that z.toJSONSchema emits and our walkers read. */
export interface JsonSchemaNode {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  additionalProperties?: boolean | JsonSchemaNode;
  items?: JsonSchemaNode;
  prefixItems?: JsonSchemaNode[];
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
  const?: unknown;
  $ref?: string;
  $defs?: Record<string, JsonSchemaNode>;
  [keyword: string]: unknown;
}

/** A problem file may name its schema (`"$schema": "docs/schema/problem.schema.json"`) for editor completion. */
const SCHEMA_KEY_DESCRIPTION = 'optional: this schema, for editors (completion and checks); ignored by the engine';

export function problemJsonSchema(): JsonSchemaNode {
  const schema = z.toJSONSchema(ProblemInputSchema, { io: 'input', target: 'draft-2020-12' }) as JsonSchemaNode;
  schema.title = 'Lodestone sourcing problem';
  schema.properties = { $schema: { type: 'string', description: SCHEMA_KEY_DESCRIPTION }, ...schema.properties };
  return schema;
}
