// What the page calls each period: the problem's own `periodLabels`, else the
// months from its `startMonth` ("2026-01": period t is that month + t-1),
// else "t1".."tT". Periods never share a name with frontier points ("#1"..).

import type { ProblemInput } from './types.js';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The month `offset` months after `start` (YYYY-MM), as YYYY-MM. */
export function addMonths(start: string, offset: number): string | undefined {
  const match = MONTH.exec(start);
  if (!match) return undefined;
  const index = Number(match[1]) * 12 + Number(match[2]) - 1 + offset;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** T labels for periods 1..T. */
export function periodLabels(problem: ProblemInput | undefined, T: number): string[] {
  const own = problem?.periodLabels;
  if (Array.isArray(own) && own.length === T && own.every((l) => typeof l === 'string' && l !== '')) return own;
  const start = problem?.startMonth;
  return Array.from({ length: T }, (_, t) => (start && addMonths(start, t)) || `t${t + 1}`);
}
