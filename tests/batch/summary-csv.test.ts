// The CSV summary's columns, number text and quoting (src/batch/summary-csv.ts).
// That its values equal a real job's JSON results is tested over HTTP (tests/http/jobs.test.ts).

import { describe, expect, it } from 'vitest';
import { summaryCsv } from '../../src/batch/summary-csv.js';
import type { FrontierResult, ReportedPoint } from '../../src/frontier/solve-frontier.js';

function point(
  kind: ReportedPoint['kind'],
  expectedCost: number,
  sharesByKind: ReportedPoint['sharesByKind'],
  unmetDemand: Record<string, number> = {},
): ReportedPoint {
  return {
    kind,
    expectedCost,
    cvar: expectedCost * 2,
    worstCaseCost: expectedCost * 3,
    unmetDemand,
    sharesByKind,
  } as ReportedPoint;
}

function result(...frontier: ReportedPoint[]): FrontierResult {
  return { frontier } as FrontierResult;
}

describe('summaryCsv', () => {
  it('has one row per variation x point, with share columns for every material and kind seen', () => {
    const csv = summaryCsv([
      {
        name: 'EU',
        result: result(
          point('cheapest', 0.1, { ndfeb: { chinese_licensed: 0.75, recycled: 0.25 } }, { motor: 1.5, drive: 2 }),
          point('safest', 1e21, {}),
        ),
      },
      { name: 'IN', result: result(point('cheapest', -3, { ndfeb: { western_mine: 1 }, dy: { other: 1 } })) },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'variation,point,kind,expectedCost,cvar,worstCaseCost,unmetDemand,share.ndfeb.chinese_licensed,share.ndfeb.recycled,share.ndfeb.western_mine,share.ndfeb.other,share.dy.chinese_licensed,share.dy.recycled,share.dy.western_mine,share.dy.other',
      'EU,0,cheapest,0.1,0.2,0.30000000000000004,3.5,0.75,0.25,0,0,,,,',
      'EU,1,safest,1e+21,2e+21,3e+21,0,,,,,,,,',
      'IN,0,cheapest,-3,-6,-9,0,0,0,1,0,0,0,0,1',
      '',
    ]);
  });

  it('quotes names as RFC 4180 says, and defuses names a spreadsheet would run as formulas', () => {
    const rows = summaryCsv([
      { name: 'IN, "worst" case', result: result(point('cheapest', 1, {})) },
      { name: '=HYPERLINK("http://x")', result: result(point('cheapest', 1, {})) },
    ]).split('\r\n');
    expect(rows[1].startsWith('"IN, ""worst"" case",0,')).toBe(true);
    expect(rows[2].startsWith(`"'=HYPERLINK(""http://x"")",0,`)).toBe(true);
  });
});

describe('summaryCsv explanations and analysis (MODEL.md sections 8 and 9)', () => {
  it('adds riskPrice, the top limit and the analysis figures where the batch has them', () => {
    const explained = {
      ...point('cheapest', 100, { ndfeb: { recycled: 1 } }),
      riskPrice: 0.25,
      marginalValues: {
        offers: [
          { supplier: 'au', material: 'ndfeb', period: 2, value: 12 },
          { supplier: 'au', material: 'ndfeb', period: 3, value: 12 },
        ],
        spot: [],
        inventory: [{ material: 'ndfeb', value: 3 }],
        designs: [],
        policy: [],
      },
    } as ReportedPoint;
    const withAnalysis = {
      currency: 'EUR',
      frontier: [explained],
      analysis: { rp: 100, ev: 80, eev: null, vss: null, ws: 90, evpi: 10, notes: [] },
    } as unknown as FrontierResult;
    const csv = summaryCsv([
      { name: 'a', result: withAnalysis },
      { name: 'b', result: result(point('cheapest', 50, { ndfeb: { recycled: 1 } })) },
    ]);
    const [header, a, b] = csv.trim().split('\r\n');
    expect(
      header.endsWith(
        ',riskPrice,topLimit,topLimitValue,analysis.rp,analysis.ev,analysis.eev,analysis.vss,analysis.ws,analysis.evpi',
      ),
    ).toBe(true);
    expect(
      a.endsWith(',0.25,one more unit/period of au ndfeb in periods 2-3 saves 12 EUR each,12,100,80,,,90,10'),
    ).toBe(true);
    expect(b.endsWith(',,,,,,,,,')).toBe(true);
  });

  it('leaves the columns out when nothing in the batch has them', () => {
    const csv = summaryCsv([{ name: 'a', result: result(point('cheapest', 100, {})) }]);
    expect(csv).not.toContain('riskPrice');
    expect(csv).not.toContain('analysis.');
  });
});
