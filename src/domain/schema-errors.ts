// The zod pass of validation (validate.ts): the schema's verdict on what a
// field can say about itself (types, signs, integers, [0, 1] ranges), with
// zod's issues rewritten in plain English and their paths in our notation.

import type { z } from 'zod';
import { jsonPath } from './json-path.js';
import type { InputError } from './problem.js';
import { describeValue, ProblemInputSchema } from './schema.js';
import { quoteAll } from './value-text.js';

const EXPECTED: Record<string, string> = {
  object: 'an object',
  array: 'a list',
  tuple: 'a list',
  record: 'an object',
  string: 'a string',
  number: 'a finite number',
  int: 'an integer',
  boolean: 'true or false',
};

// Fallback wording for issues whose schema gave no message of its own.
const englishIssue: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  const got = `(got ${describeValue(issue.input)})`;
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${EXPECTED[issue.expected] ?? issue.expected} ${got}`;
    case 'too_small':
      if (issue.origin === 'array')
        return `must have at least ${issue.minimum} ${issue.minimum === 1 ? 'entry' : 'entries'}`;
      if (issue.origin === 'string') return 'must not be empty';
      return `must be ${issue.inclusive ? '>=' : '>'} ${issue.minimum} ${got}`;
    case 'too_big':
      if (issue.origin === 'array')
        return `must have at most ${issue.maximum} ${issue.maximum === 1 ? 'entry' : 'entries'}`;
      return `must be ${issue.inclusive ? '<=' : '<'} ${issue.maximum} ${got}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])} ${got}`
        : `must be one of ${quoteAll(issue.values)} ${got}`;
    case 'invalid_union': {
      if (issue.discriminator === undefined) return `does not match any allowed form ${got}`;
      // zod puts the path on the discriminator but the input is its parent object.
      const value = (issue.input as Record<string, unknown> | undefined)?.[issue.discriminator];
      const options = quoteAll((issue.options as unknown[] | undefined) ?? []);
      return value === undefined
        ? `is required: one of ${options}`
        : `must be one of ${options} (got ${describeValue(value)})`;
    }
    default:
      return undefined;
  }
};

export function schemaErrors(raw: unknown): InputError[] {
  const result = ProblemInputSchema.safeParse(raw, { error: englishIssue });
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: jsonPath(issue.path), message: issue.message }));
}
