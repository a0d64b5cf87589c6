// The replies of POST /v1/validate: the LP size and warnings of a valid
// problem, or the shared error shape plus `valid: false`.

import { z } from 'zod';
import { ErrorBodySchema } from './error-body.js';
import { LpSizeSchema, WarningSchema } from './frontier-result.js';

export const ValidResultSchema = z.object({
  valid: z.literal(true),
  lp: LpSizeSchema.describe('size of the LP the problem builds'),
  scenarios: z.number().int().describe('scenarios after expanding a scenarioModel'),
  warnings: z.array(WarningSchema),
});

export const InvalidResultSchema = ErrorBodySchema.extend({ valid: z.literal(false) });
