// Colours and patterns that colour-blind readers can tell apart: the
// Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"), and on top
// of colour a second cue everywhere: a decal pattern on every bar, a symbol
// shape and a line dash on every frontier series.

import type { SourceKind } from './plan-data.js';

export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** ECharts decal (pattern) objects; white marks on the colour, so both cues show. */
export interface Decal {
  symbol?: string;
  symbolSize?: number;
  dashArrayX?: number | (number | number[])[];
  dashArrayY?: number | number[];
  rotation?: number;
  color?: string;
}

const MARK = 'rgba(255, 255, 255, 0.6)';
const stripes = (rotation: number): Decal => ({
  symbol: 'rect',
  symbolSize: 1,
  dashArrayX: [1, 0],
  dashArrayY: [3, 4],
  rotation,
  color: MARK,
});
const dots = (symbol: string): Decal => ({
  symbol,
  symbolSize: 0.7,
  dashArrayX: [
    [6, 6],
    [0, 6, 6, 0],
  ],
  dashArrayY: [6, 0],
  color: MARK,
});
export const NO_DECAL: Decal = { symbol: 'none' };

export const KIND_STYLE: Record<SourceKind, { color: string; decal: Decal }> = {
  chinese_licensed: { color: OKABE_ITO.vermillion, decal: stripes(-Math.PI / 4) },
  recycled: { color: OKABE_ITO.bluishGreen, decal: dots('circle') },
  western_mine: { color: OKABE_ITO.blue, decal: stripes(0) },
  other: { color: OKABE_ITO.reddishPurple, decal: dots('triangle') },
  // a kind of the planner's own: neutral, so it never passes for a known kind
  custom: { color: '#A8A8A8', decal: stripes(Math.PI / 2) },
  spot: { color: OKABE_ITO.orange, decal: stripes(Math.PI / 4) },
  unknown: { color: '#767676', decal: dots('rect') },
};

/** For series that are not kinds (designs, bins): colour and pattern by position. */
const SERIES_COLORS = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.vermillion,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.black,
  OKABE_ITO.yellow,
];
const SERIES_DECALS = [
  NO_DECAL,
  stripes(-Math.PI / 4),
  dots('circle'),
  stripes(0),
  dots('triangle'),
  stripes(Math.PI / 4),
  dots('rect'),
  stripes(Math.PI / 2),
];
export const seriesStyle = (i: number): { color: string; decal: Decal } => ({
  color: SERIES_COLORS[i % SERIES_COLORS.length],
  decal: SERIES_DECALS[i % SERIES_DECALS.length],
});

/** Frontier i of an overlay: colour, marker shape and dash all differ, so any one of them tells the series apart. */
const FRONTIER_SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'roundRect', 'pin', 'arrow'];
const FRONTIER_DASHES = ['solid', 'dashed', 'dotted'] as const;
export function frontierStyle(i: number): {
  color: string;
  symbol: string;
  lineType: (typeof FRONTIER_DASHES)[number];
} {
  return {
    color: SERIES_COLORS[i % SERIES_COLORS.length],
    symbol: FRONTIER_SYMBOLS[i % FRONTIER_SYMBOLS.length],
    lineType: FRONTIER_DASHES[i % FRONTIER_DASHES.length],
  };
}
