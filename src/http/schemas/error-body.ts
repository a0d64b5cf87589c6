// The error answer of the API, every route's 4xx and 5xx reply (errors.ts
// builds it), and the detail it lists per problem found, which failed batch
// variations report too (jobs.ts).

import { z } from 'zod';
import { ERRORS, type ErrorCode } from '../errors.js';

export const ErrorDetailSchema = z.object({
  path: z.string().describe('JSON path into the problem, e.g. $.products[0].demand'),
  message: z.string(),
  variation: z
    .number()
    .int()
    .optional()
    .describe(
      'batch errors: index of the invalid variation (in sweep.variations for a patch that does not apply, else in the expanded list)',
    ),
  name: z.string().optional().describe("batch errors: the variation's name"),
});

export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      status: z.number().int().describe('the HTTP status, repeated'),
      requestId: z
        .string()
        .optional()
        .describe('500 only: the id under which the details are in the service log (also the x-request-id header)'),
    }),
    errors: z
      .array(ErrorDetailSchema)
      .optional()
      .describe('every problem found in the input or query (INVALID_PROBLEM, PROBLEM_TOO_LARGE, INVALID_QUERY)'),
  })
  .describe('every error answer of the API has this shape');
