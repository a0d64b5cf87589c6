// What the panels share about frontiers, without ECharts: main.ts loads the
// chart modules (and ECharts with them) after the page is up.

import type { FrontierResult } from './types.js';

export interface FrontierEntry {
  id: string;
  /** the legend name: "This run" or the variation's name */
  label: string;
  result: FrontierResult;
  /** shown on the chart */
  visible: boolean;
}

export interface ChartState {
  entries: FrontierEntry[];
  activeId?: string;
  selected?: number;
  compare?: { a?: number; b?: number };
}

/** "#1"..: points never share a name with periods ("t1".. or their own labels, see period-labels.ts). */
export const pointLabel = (i: number): string => `#${i + 1}`;

/** "CVaR95" for alpha 0.95. */
export function riskName(result: FrontierResult | undefined): string {
  const alpha = result?.risk?.alpha ?? 0.95;
  return `CVaR${Math.round(alpha * 1000) / 10}`;
}
