// What a route that takes a problem is sent: the body, and the query strings
// of solving (/v1/frontiers, batch options) and checking (/v1/validate) it.
// The queries are validated by fastify; the problem body is the domain's
// ProblemInputSchema, validated by prepareProblem, never by fastify (see app.ts).

import { z } from 'zod';
import { BACKEND_NAMES, type BackendName } from '../../../solver/registry.js';
import { ProblemInputSchema } from '../../domain/schema.js';

export const ProblemSchema = ProblemInputSchema;

export const FrontierQuerySchema = z.object({
  points: z.coerce
    .number()
    .int({ error: 'must be a whole number' })
    .min(2, { error: 'must be at least 2' })
    .optional()
    .describe("number of frontier points; overrides the problem's frontier.points"),
  backend: z
    .enum(BACKEND_NAMES as [BackendName, ...BackendName[]])
    .optional()
    .describe('LP solver back-end; default auto (HiGHS, or jsLPSolver for tiny LPs)'),
  analysis: z
    .string()
    .regex(/^(vss|evpi)(,(vss|evpi))*$/, { error: 'must be vss, evpi or vss,evpi' })
    .optional()
    .describe("MODEL.md section 9 analyses (vss, evpi or vss,evpi); overrides the problem's analysis"),
});

/** `?strict=true`: every warning of the problem is an error (400 INVALID_PROBLEM). */
export const StrictQuerySchema = z.object({
  strict: z
    .stringbool()
    .optional()
    .describe('true: every warning (unknown field, unknown destination or kind, ...) is an error; default false'),
});

export const SolveQuerySchema = FrontierQuerySchema.extend(StrictQuerySchema.shape);
