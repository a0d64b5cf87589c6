// One frontier request, whatever front end it came from (HTTP, batch jobs):
// prepare (validate, check limits) -> admission -> executor on the pool ->
// solveFrontier -> metrics. Every failure leaves as a ServiceError; the
// caller's signal and the request time-out both stop the solve and give the
// slot back. A batch variation (solveVariation) takes the gate at batch
// priority one LP step at a time instead (yielding-executor.ts).

import type { AnalysisKind } from '../analysis/vss-evpi.js';
import type { ProblemLimits } from '../domain/limits.js';
import { solveFrontier, type FrontierResult, type ReportedPoint } from '../frontier/solve-frontier.js';
import type { ParseOptions } from '../domain/parse.js';
import { prepareProblem, type PreparedProblem } from '../model/prepare-problem.js';
import { BACKEND_NAMES } from '../../solver/registry.js';
import { expectedWaitSec, GateClosedError, GateFullError, type AdmissionGate } from './admission-gate.js';
import { WholeRunExecutor } from './whole-run-executor.js';
import { YieldingExecutor } from './yielding-executor.js';
import { classifyError, ServiceError, type ErrorDetail } from './errors.js';
import type { ServiceMetrics, SolveOutcome } from './metrics.js';
import type { SolveQuota } from './solve-quota.js';
import { validationOf, type ProblemValidator, type ValidationResult } from './validation.js';
import type { PoolStats, SolverPool } from './solver-pool.js';

export interface FrontierServiceOptions {
  pool: SolverPool;
  gate: AdmissionGate;
  metrics: ServiceMetrics;
  limits: ProblemLimits;
  /** a request (waiting included) is abandoned after this long */
  requestTimeoutMs: number;
  /** per-tenant limit on requests solving or waiting at once; none if absent */
  solveQuota?: SolveQuota;
  /** validates big problems off the event loop; absent: on it */
  validator?: ProblemValidator;
  /**
   * Batch variations take the gate step by step so interactive requests go
   * first (default). false where there are none (`lodestone worker`): whole
   * runs per pool task, about 20% faster (whole-run-executor.ts).
   */
  yieldToInteractive?: boolean;
}

export interface FrontierRequest {
  /** the raw problem, as decoded from JSON or MessagePack */
  input: unknown;
  /** overrides the problem's frontier.points */
  points?: number;
  /** solver back-end name (solver/registry.ts); default auto */
  backend?: string;
  /** every warning of the problem is an error (?strict=true) */
  strict?: boolean;
  /** MODEL.md section 9 analyses; overrides the problem's own (?analysis=) */
  analysis?: AnalysisKind[];
  /** fires when the caller no longer wants the answer */
  signal?: AbortSignal;
  /** called as points are solved: how many so far, out of the total */
  onProgress?: (done: number, total: number) => void;
  /** point A as soon as it is verified, before the rest of the frontier */
  onCheapestPoint?: (point: ReportedPoint) => void;
  /** who asks (an API key's name, '' without keys), for the per-tenant quota */
  tenant?: string;
}

export interface VariationRequest {
  /** the variation's raw problem */
  input: unknown;
  points?: number;
  backend?: string;
  /** fires when the job is cancelled or the service stops (its reason is the ServiceError reported) */
  signal: AbortSignal;
  /** frontier points solved so far, of the total */
  onProgress?: (done: number, total: number) => void;
}

export type { ValidationResult } from './validation.js';

type PreparedOk = Extract<PreparedProblem, { ok: true }>;

/** Retry-After bounds, seconds: never "now", never so far that clients give up. */
const RETRY_AFTER_MIN_SEC = 1;
const RETRY_AFTER_MAX_SEC = 120;

export class FrontierService {
  /** running mean of admitted solve times, seconds (for Retry-After) */
  private meanSolveSec: number | null = null;
  private closed = false;

  constructor(private readonly options: FrontierServiceOptions) {}

  /** Checks a problem as the solve would, without solving it. */
  validate(input: unknown, options: ParseOptions = {}): ValidationResult {
    return validationOf(input, this.options.limits, options);
  }

  /** The same answer as validate(), computed on the validation worker when there is one. */
  async validateOffThread(input: unknown, options: ParseOptions = {}): Promise<ValidationResult> {
    const { validator, limits } = this.options;
    if (!validator) return this.validate(input, options);
    try {
      return await validator.validate(input, limits, options);
    } catch (error) {
      throw classifyError(error);
    }
  }

  async solve(request: FrontierRequest): Promise<FrontierResult> {
    const { pool, gate, metrics, limits, requestTimeoutMs } = this.options;
    const deadline = new AbortController();
    const timer = setTimeout(
      () =>
        deadline.abort(
          new ServiceError(
            'TIMEOUT',
            `the request took longer than ${requestTimeoutMs} ms (LODESTONE_REQUEST_TIMEOUT_MS) and its solve was stopped`,
          ),
        ),
      requestTimeoutMs,
    );
    const signal = request.signal ? AbortSignal.any([request.signal, deadline.signal]) : deadline.signal;
    let solveStarted: number | null = null;
    let leaveQuota = () => {};
    try {
      if (this.closed) throw shuttingDown();
      checkOptions(request, limits);
      leaveQuota = this.options.solveQuota?.enter(request.tenant ?? '', this.retryAfterSec()) ?? leaveQuota;
      // Refuse before building the LP: under overload, doomed requests must stay cheap.
      if (!gate.hasRoom()) throw this.queueFull();
      const prepared = this.prepare(request);
      const waitStarted = performance.now();
      const release = await gate.acquire(signal).catch((error: unknown) => {
        if (error instanceof GateFullError) throw this.queueFull();
        if (error instanceof GateClosedError) throw shuttingDown();
        throw error;
      });
      metrics.recordAdmissionWait((performance.now() - waitStarted) / 1000);
      solveStarted = performance.now();
      const started = solveStarted;
      let solving: Promise<FrontierResult>;
      try {
        const executor = pool.executorFor(prepared.problem, { backend: request.backend });
        solving = solveFrontier(prepared.problem, executor, {
          points: request.points,
          ...(request.analysis ? { analysis: request.analysis } : {}),
          signal,
          onProgress: request.onProgress,
          ...(request.onCheapestPoint ? { onCheapestPoint: request.onCheapestPoint } : {}),
          warnings: prepared.warnings,
        }).finally(() => executor.close());
      } catch (error) {
        release();
        throw error;
      }
      // The slot is given back when the workers have really stopped, not when the caller
      // stops waiting: the pool's cancel takes a moment, and the gate must count it.
      void solving
        .then(
          () => this.observeSolve(started),
          () => this.observeSolve(started),
        )
        .finally(release);
      const result = await untilAborted(solving, signal);
      metrics.recordSolve('ok', (performance.now() - started) / 1000);
      return result;
    } catch (error) {
      const failure = classifyError(error, signal);
      metrics.recordSolve(
        failure.code.toLowerCase() as SolveOutcome,
        solveStarted === null ? undefined : (performance.now() - solveStarted) / 1000,
      );
      throw failure;
    } finally {
      clearTimeout(timer);
      leaveQuota();
    }
  }

  /**
   * One variation of a batch job. Unlike solve(), it never holds a slot for
   * the whole frontier and has no request time-out (each LP still has the
   * per-solve limit): it waits behind interactive requests step by step, for
   * as long as they keep the pool busy.
   */
  async solveVariation(request: VariationRequest): Promise<FrontierResult> {
    const { pool, gate, metrics, limits } = this.options;
    const { signal } = request;
    const started = performance.now();
    try {
      if (this.closed) throw shuttingDown();
      checkOptions(request, limits);
      const prepared = prepareProblem(request.input, limits, { backend: request.backend });
      if (!prepared.ok) {
        throw new ServiceError(
          prepared.overLimit ? 'PROBLEM_TOO_LARGE' : 'INVALID_PROBLEM',
          `the variation's problem has ${prepared.errors.length} error(s)`,
          {
            errors: details(prepared.errors),
          },
        );
      }
      const inner = pool.executorFor(prepared.problem, { backend: request.backend });
      const executor =
        this.options.yieldToInteractive === false ? new WholeRunExecutor(inner) : new YieldingExecutor(inner, gate);
      try {
        const result = await solveFrontier(prepared.problem, executor, {
          points: request.points,
          signal,
          onProgress: request.onProgress,
          warnings: prepared.warnings,
        });
        metrics.recordBatchVariation('ok', (performance.now() - started) / 1000);
        return result;
      } finally {
        await executor.close();
      }
    } catch (error) {
      const failure = error instanceof GateClosedError ? shuttingDown() : classifyError(error, signal);
      metrics.recordBatchVariation(failure.code.toLowerCase() as SolveOutcome, (performance.now() - started) / 1000);
      throw failure;
    }
  }

  /** Refuses a request as solve() would (options, problem, size), without solving: the stream checks before it opens. */
  precheck(request: Omit<FrontierRequest, 'signal' | 'onProgress' | 'onCheapestPoint'>): void {
    checkOptions(request, this.options.limits);
    this.prepare(request);
  }

  private prepare(request: Omit<FrontierRequest, 'signal' | 'onProgress' | 'onCheapestPoint'>): PreparedOk {
    const prepared = prepareProblem(request.input, this.options.limits, {
      strict: request.strict,
      backend: request.backend,
    });
    if (prepared.ok) return prepared;
    throw prepared.overLimit
      ? new ServiceError('PROBLEM_TOO_LARGE', 'the problem is larger than this service accepts', {
          errors: details(prepared.errors),
        })
      : new ServiceError('INVALID_PROBLEM', `the problem has ${prepared.errors.length} error(s)`, {
          errors: details(prepared.errors),
        });
  }

  /**
   * Seconds a refused client should wait: until the requests now running and
   * waiting have drained far enough that it would get a slot, at the recent
   * mean solve time (expectedWaitSec), so it grows with the queue.
   */
  retryAfterSec(): number {
    const wait = expectedWaitSec(this.options.gate.stats(), this.meanSolveSec ?? RETRY_AFTER_MIN_SEC);
    return Math.min(RETRY_AFTER_MAX_SEC, Math.max(RETRY_AFTER_MIN_SEC, Math.ceil(wait)));
  }

  /**
   * Throws QUEUE_FULL (or SHUTTING_DOWN) when solve() would refuse at once:
   * the HTTP layer asks before reading the body, so under overload a doomed
   * request costs its headers only, not the parsing of its problem.
   */
  refuseIfFull(): void {
    if (this.closed) throw shuttingDown();
    if (!this.options.gate.hasRoom()) throw this.queueFull();
  }

  status(): { pool: PoolStats; admission: ReturnType<AdmissionGate['stats']> } {
    return { pool: this.options.pool.stats(), admission: this.options.gate.stats() };
  }

  /** New requests are refused and waiting ones rejected; running solves finish. */
  close(): void {
    this.closed = true;
    this.options.gate.close();
  }

  private observeSolve(started: number): void {
    const sec = (performance.now() - started) / 1000;
    this.meanSolveSec = this.meanSolveSec === null ? sec : 0.8 * this.meanSolveSec + 0.2 * sec;
  }

  private queueFull(): ServiceError {
    const { running, waiting } = this.options.gate.stats();
    const retryAfterSec = this.retryAfterSec();
    return new ServiceError(
      'QUEUE_FULL',
      `the service is at capacity (${running} solving, ${waiting} waiting); retry in ${retryAfterSec} s`,
      { retryAfterSec },
    );
  }
}

function shuttingDown(): ServiceError {
  return new ServiceError(
    'SHUTTING_DOWN',
    'the service is shutting down; retry on another instance or after the restart',
    { retryAfterSec: 5 },
  );
}

function checkOptions(request: Pick<FrontierRequest, 'points' | 'backend'>, limits: ProblemLimits): void {
  const errors: ErrorDetail[] = [];
  if (request.points !== undefined && (!Number.isInteger(request.points) || request.points < 2)) {
    errors.push({ path: 'points', message: `must be an integer >= 2 (got ${request.points})` });
  }
  if (request.points !== undefined && request.points > limits.maxPoints) {
    throw new ServiceError('PROBLEM_TOO_LARGE', 'the request asks for more frontier points than this service solves', {
      errors: [
        {
          path: 'points',
          message: `is ${request.points}, above the limit of ${limits.maxPoints} points (LODESTONE_MAX_POINTS)`,
        },
      ],
    });
  }
  if (request.backend !== undefined && !(BACKEND_NAMES as string[]).includes(request.backend)) {
    errors.push({
      path: 'backend',
      message: `must be one of ${BACKEND_NAMES.join(', ')} (got ${JSON.stringify(request.backend)})`,
    });
  }
  if (errors.length) throw new ServiceError('INVALID_PROBLEM', 'the request options are not valid', { errors });
}

function details(errors: { path: string; message: string }[]): ErrorDetail[] {
  return errors.map(({ path, message }) => ({ path, message }));
}

/** Settles with `work`, or rejects with the signal's reason as soon as it fires. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
