// A batch is refused with every error of every variation at once: a patch that
// does not apply in one variation must not hide an invalid problem in another
// (issue 12), and strict checking reaches each variation's warnings.

import { describe, expect, it } from 'vitest';
import { expandAndValidateBatch } from '../../src/batch/validate.js';
import { DEFAULT_LIMITS } from '../../src/domain/limits.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

const expand = { maxVariations: 100 };

describe('expandAndValidateBatch', () => {
  it('reports a bad patch in one variation and an invalid problem in another together', async () => {
    const checked = await expandAndValidateBatch(
      {
        base: sampleProblemInput(),
        sweep: {
          variations: [
            { name: 'bad patch', patch: [{ op: 'replace', path: '/nothing/here', value: 1 }] },
            { name: 'no periods', patch: [{ op: 'replace', path: '/periods', value: 0 }] },
            { name: 'fine', patch: [{ op: 'replace', path: '/destination', value: 'US' }] },
          ],
        },
      },
      expand,
      DEFAULT_LIMITS,
    );
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors.map((e) => [e.name, e.path])).toEqual([
      ['bad patch', '$.sweep.variations[0].patch[0]'],
      ['no periods', '$.periods'],
    ]);
  });

  it('accepts a valid sweep, and with strict refuses a variation that only warns', async () => {
    const batch = {
      base: sampleProblemInput(),
      sweep: { variations: [{ name: 'typo', patch: [{ op: 'add', path: '/currrency', value: 'USD' }] }] },
    };
    expect((await expandAndValidateBatch(batch, expand, DEFAULT_LIMITS)).ok).toBe(true);
    const strict = await expandAndValidateBatch(batch, expand, DEFAULT_LIMITS, { strict: true });
    expect(strict.ok).toBe(false);
    if (!strict.ok) expect(strict.errors[0]).toMatchObject({ name: 'typo', path: '$.currrency' });
  });
});
