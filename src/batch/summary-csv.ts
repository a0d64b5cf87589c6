// The CSV summary of a batch (RFC 4180): one row per variation x frontier
// point, with the figures a planner compares across a sweep. The service's
// /v1/jobs/:id/results?format=csv and the CLI's summary.csv are this text.
//
// Columns: variation, point (0-based index into the result's frontier), kind,
// expectedCost, cvar, worstCaseCost, unmetDemand (expected units over the
// horizon, all products), then `share.<material>.<kind>` for every material
// and supplier kind that has expected deliveries anywhere in the batch. A
// share cell is empty where the point has no expected deliveries of that
// material at all, and 0 where it has some but none from that kind.
// Where the batch has them (MODEL.md sections 8 and 9): riskPrice, then
// topLimit and topLimitValue (the point's most valuable limit, see
// src/explain/explain-text.ts), then the variation's analysis figures
// (rp, ev, eev, vss, ws, evpi; empty where not asked for or null), repeated on
// each of its points so a sheet can filter by point.

import { SUPPLIER_KINDS } from '../domain/problem.js';
import { limitLines } from '../explain/explain-text.js';
import type { FrontierResult } from '../frontier/solve-frontier.js';

export interface SummaryRow {
  name: string;
  result: FrontierResult;
}

export const SUMMARY_COLUMNS = [
  'variation',
  'point',
  'kind',
  'expectedCost',
  'cvar',
  'worstCaseCost',
  'unmetDemand',
] as const;

export function summaryCsv(rows: SummaryRow[]): string {
  const materials: string[] = [];
  const kinds = new Set<string>();
  for (const { result } of rows) {
    for (const point of result.frontier) {
      for (const [material, shares] of Object.entries(point.sharesByKind)) {
        if (!materials.includes(material)) materials.push(material);
        for (const kind of Object.keys(shares)) kinds.add(kind);
      }
    }
  }
  // Known kinds in their usual order, then any other, alphabetically.
  const kindOrder = [
    ...SUPPLIER_KINDS.filter((k) => kinds.has(k)),
    ...[...kinds].filter((k) => !(SUPPLIER_KINDS as readonly string[]).includes(k)).sort(),
  ];
  const shareColumns = materials.flatMap((material) => kindOrder.map((kind) => ({ material, kind })));

  const explained = rows.some(({ result }) => result.frontier.some((p) => p.riskPrice !== undefined));
  const analysed = rows.some(({ result }) => result.analysis !== undefined);
  const explainColumns = explained ? ['riskPrice', 'topLimit', 'topLimitValue'] : [];
  const analysisKeys = ['rp', 'ev', 'eev', 'vss', 'ws', 'evpi'] as const;
  const analysisColumns = analysed ? analysisKeys.map((k) => `analysis.${k}`) : [];
  const lines = [
    [
      ...SUMMARY_COLUMNS,
      ...shareColumns.map(({ material, kind }) => `share.${material}.${kind}`),
      ...explainColumns,
      ...analysisColumns,
    ]
      .map(textCell)
      .join(','),
  ];
  for (const { name, result } of rows) {
    result.frontier.forEach((point, i) => {
      const unmet = Object.values(point.unmetDemand).reduce((sum, units) => sum + units, 0);
      const shares = shareColumns.map(({ material, kind }) => {
        const byKind = point.sharesByKind[material];
        return byKind === undefined ? '' : numberCell(byKind[kind] ?? 0);
      });
      lines.push(
        [
          textCell(name),
          String(i),
          textCell(point.kind),
          ...[point.expectedCost, point.cvar, point.worstCaseCost, unmet].map(numberCell),
          ...shares,
          ...(explained ? explainCells(point, result.currency) : []),
          ...(analysed
            ? analysisKeys.map((k) => {
                const v = result.analysis?.[k];
                return typeof v === 'number' ? numberCell(v) : '';
              })
            : []),
        ].join(','),
      );
    });
  }
  return `${lines.join('\r\n')}\r\n`;
}

function explainCells(point: FrontierResult['frontier'][number], currency: string): string[] {
  const top = limitLines(point, currency)[0];
  return [
    point.riskPrice === undefined ? '' : numberCell(point.riskPrice),
    top ? textCell(top.sentence) : '',
    top ? numberCell(top.value) : '',
  ];
}

/** Shortest text that reads back as the same double (what JSON.stringify writes). */
function numberCell(value: number): string {
  return Number.isFinite(value) ? String(value) : '';
}

/**
 * Quoted where RFC 4180 needs it; a text cell that a spreadsheet would take
 * for a formula (= + - @, tab, CR) gets a leading apostrophe, so opening the
 * summary cannot run anything a variation name smuggled in.
 */
function textCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
