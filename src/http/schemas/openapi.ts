// The HTTP API's zod schemas, gathered for the OpenAPI document (docs.ts):
// the named schemas listed under components.schemas, and the media types of
// every route's consumes/produces. The schemas themselves are in this folder,
// one file per route family: the query strings (validated by fastify), and
// the replies (for typing and the OpenAPI document only; replies are encoded
// by wire-format.ts). The names are given here, in one list, so their order
// in the document does not depend on which module is loaded first.

import { z } from 'zod';
import { ErrorBodySchema } from './error-body.js';
import { FrontierResultSchema } from './frontier-result.js';
import { BatchInputSchema, JobSchema } from './jobs.js';
import { ProblemSchema } from './problem-request.js';
import { InvalidResultSchema } from './validate-result.js';

/** Named schemas, listed under components.schemas of the OpenAPI document. */
export const apiSchemas = z.registry<{ id: string; description?: string }>();

apiSchemas.add(ProblemSchema, { id: 'Problem' });
apiSchemas.add(ErrorBodySchema, { id: 'Error' });
apiSchemas.add(FrontierResultSchema, { id: 'FrontierResult' });
apiSchemas.add(InvalidResultSchema, { id: 'InvalidProblem' });
// Request bodies are listed with an "Input" suffix, so this reads BatchInput in the document.
apiSchemas.add(BatchInputSchema, { id: 'Batch' });
apiSchemas.add(JobSchema, { id: 'Job' });

/** Both wire formats, for the OpenAPI document's consumes/produces. */
export const WIRE_MEDIA_TYPES = ['application/json', 'application/msgpack'];
