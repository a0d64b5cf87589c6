// Warnings of MODEL.md section 6.4, one test per kind, each on the shared
// sample problem with one mistake put in; and strict checking turning them
// into errors through the one gate every front end uses (prepareProblem).

import { describe, expect, it } from 'vitest';
import { nearestName } from '../../src/domain/did-you-mean.js';
import { problemWarnings } from '../../src/domain/warnings.js';
import { prepareProblem } from '../../src/model/prepare-problem.js';
import { sampleProblemInput } from '../helpers/sample-problem.js';

import type { ProblemInput } from '../../src/domain/schema.js';

const sample = sampleProblemInput;

/** Puts a field the format does not know on an object of the problem (which its type would refuse). */
function putUnknown(target: object, key: string, value: unknown): void {
  Object.assign(target, { [key]: value });
}

function generated(count: number, alpha: number): ProblemInput {
  const raw = sample();
  delete raw.scenarios;
  raw.risk = { alpha };
  raw.scenarioModel = {
    count,
    seed: 3,
    drivers: [
      {
        id: 'cn-licence',
        type: 'licence',
        target: { kind: 'chinese_licensed' },
        approval: { EU: 0.8, US: 0.45, JP: 0.7 },
      },
    ],
  };
  return raw;
}

describe('warnings', () => {
  it('the sample problem has none', () => {
    expect(problemWarnings(sample())).toEqual([]);
  });

  it('names an unknown field with the nearest known one, by spelling or by meaning', () => {
    const raw = sample();
    const eesm = raw.products[0].designs[1];
    putUnknown(eesm, 'toolingCost', eesm.capacityCost);
    delete eesm.capacityCost;
    const offer = raw.suppliers![0].offers[0];
    putUnknown(offer, 'leadtime', offer.leadTime);
    delete offer.leadTime;
    putUnknown(raw.inventory![0], 'holdingcost', 0.4);
    delete raw.inventory![0].holdingCost;
    putUnknown(raw, 'plannerNote', 'checked by M.');
    expect(problemWarnings(raw)).toEqual([
      {
        path: '$.products[0].designs[1].toolingCost',
        message: 'unknown field `toolingCost`; did you mean `capacityCost`?',
      },
      { path: '$.suppliers[0].offers[0].leadtime', message: 'unknown field `leadtime`; did you mean `leadTime`?' },
      { path: '$.inventory[0].holdingcost', message: 'unknown field `holdingcost`; did you mean `holdingCost`?' },
      { path: '$.plannerNote', message: 'unknown field `plannerNote` (ignored)' },
    ]);
  });

  it('walks into events and the driver branch named by its type, not into id-keyed maps', () => {
    const raw = generated(400, 0.95);
    const driver = raw.scenarioModel!.drivers[0];
    putUnknown(driver, 'renewl', 0.9);
    if (driver.type === 'licence') driver.approval.XX = 0.1; // a destination id, not a field
    raw.products[0].designs[0].bom!.neodymium = 1; // a material id (an error elsewhere), not a field
    const warnings = problemWarnings(raw).filter((w) => w.message.startsWith('unknown field'));
    expect(warnings).toEqual([
      {
        path: '$.scenarioModel.drivers[0].renewl',
        message: 'unknown field `renewl`; did you mean `renewal`?',
      },
    ]);
    const explicit = sample();
    putUnknown(explicit.scenarios![1].events![0], 'availabilty', 0);
    expect(problemWarnings(explicit).map((w) => w.path)).toEqual(['$.scenarios[1].events[0].availabilty']);
  });

  it('a destination no licence driver approves', () => {
    const raw = generated(400, 0.95);
    raw.destination = 'Japan';
    const [warning] = problemWarnings(raw);
    expect(warning.path).toBe('$.destination');
    expect(warning.message).toContain(
      'destination `Japan` is not named in the approval of licence driver `cn-licence`',
    );
    expect(warning.message).toContain('refused in every scenario');
    raw.destination = 'eu';
    expect(problemWarnings(raw)[0].message).toContain('did you mean `EU`?');
    raw.destination = 'JP';
    expect(problemWarnings(raw)).toEqual([]);
  });

  it('a supplier kind outside the known list', () => {
    const raw = sample();
    putUnknown(raw.suppliers![2], 'kind', 'recyled');
    expect(problemWarnings(raw)).toContainEqual({
      path: '$.suppliers[2].kind',
      message:
        'kind `recyled` is not one of the known kinds (`chinese_licensed`, `recycled`, `western_mine`, `other`); did you mean `recycled`?',
    });
  });

  it('a policy naming a country, kind or material that no supplier has', () => {
    const raw = sample();
    raw.policy!.maxShareByCountry = [
      { country: 'China', material: 'ndfeb', share: 0.6 },
      { country: 'GB', material: 'dy', share: 0.5 },
      { country: 'CN', material: 'tb', share: 0.5 },
    ];
    raw.policy!.minShareByKind = [{ kind: 'other', share: 0.1 }];
    const warnings = problemWarnings(raw);
    expect(warnings.map((w) => w.path)).toEqual([
      '$.policy.maxShareByCountry[0].country',
      '$.policy.maxShareByCountry[1].material',
      '$.policy.maxShareByCountry[2].material',
      '$.policy.minShareByKind[0].kind',
    ]);
    expect(warnings[0].message).toBe('no supplier is in country `China` (countries present: `CN`, `AU`, `GB`)');
    expect(warnings[1].message).toBe('no supplier in country `GB` offers material `dy`');
    expect(warnings[2].message).toBe('no supplier offers material `tb`');
    expect(warnings[3].message).toContain('no supplier is of kind `other`');
  });

  it('a generated scenario set too small for its risk level: count * (1 - alpha) < 20', () => {
    expect(problemWarnings(generated(400, 0.95))).toEqual([]);
    expect(problemWarnings(generated(200, 0.9))).toEqual([]);
    const [warning] = problemWarnings(generated(100, 0.95));
    expect(warning).toEqual({
      path: '$.scenarioModel.count',
      message:
        '100 scenarios leave 5 in the CVaR tail at alpha 0.95, fewer than 20: the risk figures rest on a few draws; use count >= 400',
    });
  });

  it('strict turns every warning into an error; without it the problem is prepared with its warnings', () => {
    const raw = sample();
    putUnknown(raw.suppliers![0].offers[0], 'leadtime', 1);
    raw.policy!.maxShareByCountry![0].country = 'China';
    const lenient = prepareProblem(raw);
    expect(lenient.ok).toBe(true);
    if (lenient.ok) expect(lenient.warnings).toHaveLength(2);
    const strict = prepareProblem(raw, undefined, { strict: true });
    expect(strict.ok).toBe(false);
    if (!strict.ok) {
      expect(strict.overLimit).toBe(false);
      expect(strict.errors.map((e) => e.path)).toEqual([
        '$.suppliers[0].offers[0].leadtime',
        '$.policy.maxShareByCountry[0].country',
      ]);
      expect(strict.errors[0].message).toMatch(/did you mean `leadTime`\?.*strict/);
    }
    expect(prepareProblem(sample(), undefined, { strict: true }).ok).toBe(true);
  });
});

describe('nearestName', () => {
  it('prefers case, then spelling, then meaning, and gives up when nothing is close', () => {
    expect(nearestName('LEADTIME', ['leadTime', 'unitCost'])).toBe('leadTime');
    expect(nearestName('unitCots', ['leadTime', 'unitCost'])).toBe('unitCost');
    expect(nearestName('toolingCost', [{ name: 'capacityCost', description: 'per unit of capacity (tooling)' }])).toBe(
      'capacityCost',
    );
    expect(nearestName('colour', ['leadTime', 'unitCost'])).toBeUndefined();
  });
});
