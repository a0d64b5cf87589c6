// The two optional label fields of a problem (docs/input-periods.md):
// `periodLabels` (one string per period) and `startMonth` (YYYY-MM). They
// change no number of the plan; a wrong one is an error with its JSON path.

import { describe, expect, it } from 'vitest';
import { validateProblemInput } from '../../src/domain/validate.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

type Raw = Record<string, unknown> & { periods: number };

function errorsWith(extra: Record<string, unknown>) {
  const p = sampleProblemInput() as unknown as Raw;
  Object.assign(p, extra);
  return { T: p.periods, errors: validateProblemInput(p) };
}

describe('periodLabels and startMonth', () => {
  it('accepts T labels and a YYYY-MM start month', () => {
    const T = (sampleProblemInput() as unknown as Raw).periods;
    const labels = Array.from({ length: T }, (_, t) => `Q${t + 1}`);
    expect(errorsWith({ periodLabels: labels, startMonth: '2026-01' }).errors).toEqual([]);
    expect(errorsWith({ startMonth: '1999-12' }).errors).toEqual([]);
  });

  it('rejects a periodLabels list whose length is not periods, at $.periodLabels', () => {
    const { T, errors } = errorsWith({ periodLabels: ['Jan', 'Feb'] });
    expect(T).not.toBe(2);
    expect(errors).toEqual([{ path: '$.periodLabels', message: `has 2 entries but periods is ${T}` }]);
  });

  it('rejects an empty or non-string label, at its index', () => {
    const T = (sampleProblemInput() as unknown as Raw).periods;
    const labels: unknown[] = Array.from({ length: T }, (_, t) => `t${t + 1}`);
    labels[1] = '';
    labels[2] = 7;
    const paths = errorsWith({ periodLabels: labels }).errors.map((e) => e.path);
    expect(paths).toEqual(['$.periodLabels[1]', '$.periodLabels[2]']);
  });

  it.each(['2026-13', '2026-1', '26-01', '2026-01-01', 'January 2026'])('rejects startMonth %j', (startMonth) => {
    const { errors } = errorsWith({ startMonth });
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('$.startMonth');
    expect(errors[0].message).toContain('YYYY-MM');
  });

  it('rejects a startMonth that is not a string', () => {
    const { errors } = errorsWith({ startMonth: 202601 });
    expect(errors.map((e) => e.path)).toEqual(['$.startMonth']);
    expect(errors[0].message).toContain('YYYY-MM');
  });
});
