// What can go wrong with a frontier request or a batch job, as codes a front
// end can map: the HTTP layer gives each code its status (src/http/errors.ts),
// a batch job records it with the variation that failed. Anything thrown below the service is classified here
// once, so callers only ever see a ServiceError.

import { isPoolQueueFull } from '../../workers/queue-full.js';
import { FrontierSolveError } from '../frontier/steps.js';

export type ServiceErrorCode =
  | 'INVALID_PROBLEM'
  | 'PROBLEM_TOO_LARGE'
  | 'QUEUE_FULL'
  | 'SHUTTING_DOWN'
  | 'TIMEOUT'
  | 'CANCELLED'
  | 'SOLVE_TIME_LIMIT'
  | 'WORKER_CRASHED'
  | 'PLAN_VERIFICATION_FAILED'
  | 'SOLVE_FAILED'
  | 'INTERNAL_ERROR'
  | 'INVALID_BATCH'
  | 'BATCH_TOO_LARGE'
  | 'JOB_NOT_FOUND'
  | 'JOB_FINISHED'
  | 'QUOTA_EXCEEDED';

/** One problem found in the input, as `lodestone validate --json` prints it. */
export interface ErrorDetail {
  path: string;
  message: string;
  /** batch errors: the variation's index (see src/batch/batch-errors.ts BatchError) */
  variation?: number;
  /** batch errors: the variation's name */
  name?: string;
}

export class ServiceError extends Error {
  override readonly name = 'ServiceError';

  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly extra: {
      /** every problem found in the input (INVALID_PROBLEM, PROBLEM_TOO_LARGE, INVALID_BATCH, BATCH_TOO_LARGE) */
      errors?: ErrorDetail[];
      /** when a retry may succeed (QUEUE_FULL, SHUTTING_DOWN, QUOTA_EXCEEDED) */
      retryAfterSec?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
  }
}

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof ServiceError;
}

// Errors cross the worker boundary as name + message (workers/pool-executor.ts
// rebuilds them), so they are recognised by name, never by class alone.
const WORKER_DIED =
  /worker crashed|worker (?:has )?(?:exited|terminated|stopped)|out of memory|ERR_WORKER_OUT_OF_MEMORY/i;

/**
 * Maps anything a solve can throw to a ServiceError. When the request's own
 * signal has fired, its reason wins: the solver then reports "interrupted" or
 * an AbortError, which is the consequence, not the cause.
 */
export function classifyError(error: unknown, signal?: AbortSignal): ServiceError {
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    return isServiceError(reason)
      ? reason
      : new ServiceError('CANCELLED', 'the request was cancelled', { cause: reason });
  }
  if (isServiceError(error)) return error;
  const e = error instanceof Error ? error : new Error(String(error));
  if (e.name === 'PlanVerificationError') {
    return new ServiceError(
      'PLAN_VERIFICATION_FAILED',
      `a plan failed verification, so no result is returned: ${e.message}`,
      { cause: e },
    );
  }
  if (e instanceof FrontierSolveError || e.name === 'FrontierSolveError') {
    const status = (e as FrontierSolveError).status;
    if (status === 'time_limit') return new ServiceError('SOLVE_TIME_LIMIT', e.message, { cause: e });
    return new ServiceError('SOLVE_FAILED', e.message, { cause: e });
  }
  if (e.name === 'WorkerCrashError' || WORKER_DIED.test(e.message)) {
    const message = /^worker crashed/i.test(e.message) ? e.message : `worker crashed: ${e.message}`;
    return new ServiceError(
      'WORKER_CRASHED',
      `${message}; the request failed, the worker is replaced and other requests are unaffected`,
      { cause: e },
    );
  }
  if (isPoolQueueFull(e)) {
    return new ServiceError('QUEUE_FULL', 'the solver pool is full; retry later', { cause: e, retryAfterSec: 1 });
  }
  return new ServiceError('INTERNAL_ERROR', `internal error: ${e.message}`, { cause: e });
}
