// Worker threads that validate big problems for POST /v1/validate, apart from
// the solver pool so a validation never waits behind a solve nor holds one
// up. Its queue is its admission control: beyond it, "queue is at limit",
// which the service answers 503 QUEUE_FULL.

import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { ProblemLimits } from '../src/domain/limits.js';
import type { ParseOptions } from '../src/domain/parse.js';
import type { ProblemValidator, ValidationResult } from '../src/service/validation.js';
import type { ValidateTask } from './validate-worker.js';

const workerFile = new URL(
  import.meta.url.endsWith('.ts') ? './validate-worker.ts' : './validate-worker.js',
  import.meta.url,
);

export class ValidationPool implements ProblemValidator {
  private readonly piscina: Piscina<ValidateTask, ValidationResult>;

  constructor(options: { threads: number; maxQueue: number }) {
    // Sources (development, tests) run through the same tsx bootstrap as the solver pool.
    const fromSource = workerFile.pathname.endsWith('.ts');
    this.piscina = new Piscina<ValidateTask, ValidationResult>({
      filename: fileURLToPath(fromSource ? new URL('./tsx-entry.mjs', import.meta.url) : workerFile),
      workerData: fromSource ? { entry: workerFile.href } : undefined,
      minThreads: options.threads,
      maxThreads: options.threads,
      maxQueue: options.maxQueue,
    });
  }

  validate(input: unknown, limits: ProblemLimits, options: ParseOptions): Promise<ValidationResult> {
    return this.piscina.run({ input, limits, options });
  }

  close(): Promise<void> {
    return this.piscina.destroy();
  }
}
