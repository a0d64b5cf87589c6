// Regenerates docs/schema/problem.schema.json and result.schema.json from the
// zod schemas (npm run schema). tests/http/json-schemas.test.ts fails while a
// committed file differs from what this would write.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JSON_SCHEMA_NAMES, jsonSchemaFileText } from '../src/http/json-schemas.js';

for (const name of JSON_SCHEMA_NAMES) {
  const file = fileURLToPath(new URL(`../docs/schema/${name}.schema.json`, import.meta.url));
  writeFileSync(file, jsonSchemaFileText(name));
  process.stdout.write(`wrote ${file}\n`);
}
