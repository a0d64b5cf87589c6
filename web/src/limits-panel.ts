// "What limits this plan": the selected point's explanations (MODEL.md
// sections 8 and 9) in plain words, in the same sentences as `lodestone
// explain` (src/explain/explain-text.ts): the binding limits ranked by what one
// more unit saves, the price of risk along the frontier and its knee, the
// shortfall in each scenario with its events, and VSS/EVPI with a sentence each.

import type { AnalysisResult } from '../../src/analysis/analysis-types.js';
import {
  analysisLines,
  limitLines,
  riskAlongFrontier,
  safestBuildsLess,
  shortfallLines,
  type ExplainableResult,
} from '../../src/explain/explain-text.js';
import { byId, fill, h } from './dom.js';
import { activeEntry, state } from './explorer-state.js';
import { periodLabels } from './period-labels.js';

/** How many limits the panel lists (the CLI's --limits shows more). */
const SHOWN_LIMITS = 10;

export function renderLimits(): void {
  const body = byId('limits-body');
  const empty = byId('limits-empty');
  const entry = activeEntry();
  const index = state.selected;
  const point = index === undefined ? undefined : entry?.result.frontier[index];
  if (!entry || index === undefined || !point) {
    body.hidden = true;
    empty.hidden = false;
    return;
  }
  body.hidden = false;
  empty.hidden = true;
  const currency = entry.result.currency ?? '';
  const result: ExplainableResult = {
    currency,
    frontier: entry.result.frontier,
    scenarios: entry.result.scenarios.map((s) => ({ ...s, events: s.events ?? [] })),
    analysis: (entry.result as { analysis?: AnalysisResult }).analysis,
  };
  const problem = entry.problem ?? state.problem?.input;
  const labelled = Boolean(problem?.periodLabels || problem?.startMonth);
  const T = problem?.periods ?? 0;
  const labels = labelled && T > 0 ? periodLabels(problem, T) : undefined;
  const lines = limitLines(point, currency, {
    unitOf: (material) => problem?.materials?.find((m) => m.id === material)?.unit || 'unit',
    ...(labels ? { periodName: (t: number) => labels[t - 1] ?? `period ${t}` } : {}),
  });

  const risk = riskAlongFrontier(result);
  const less = safestBuildsLess(result);
  const shortfall = shortfallLines(result, point);
  const analysis = analysisLines(result);
  const atB = point.kind === 'safest' && entry.result.frontier.length > 1;

  fill(
    body,
    h('h3', {}, `Point #${index + 1}: what one more unit of each limit saves`),
    point.marginalValues
      ? lines.length
        ? h(
            'ol',
            { id: 'limits-list', className: 'limits' },
            lines.slice(0, SHOWN_LIMITS).map((l) => h('li', { className: `limit ${l.kind}` }, l.sentence)),
          )
        : h('p', {}, 'Nothing binds: no limit is worth raising at this point.')
      : h(
          'p',
          { className: 'hint' },
          'No marginal values: this back-end gives no duals (solve with highs, benders or auto).',
        ),
    lines.length > SHOWN_LIMITS
      ? h('p', { className: 'hint' }, `${lines.length - SHOWN_LIMITS} smaller limits are not listed.`)
      : [],
    atB
      ? h(
          'p',
          { className: 'hint' },
          'At the safest point these are the prices of the last, steepest step of the frontier: they depend on how tightly its CVaR is held.',
        )
      : [],
    h('h3', {}, 'The price of risk along the frontier'),
    h(
      'table',
      { id: 'limits-risk' },
      h(
        'thead',
        {},
        h('tr', {}, h('th', {}, 'Point'), h('th', {}, `Expected cost saved per ${currency} of CVaR allowed`)),
      ),
      h(
        'tbody',
        {},
        risk.steps.map((s) =>
          h(
            'tr',
            { className: s.point === index ? 'selected' : undefined },
            h('td', {}, `#${s.point + 1}${s.point === risk.knee ? ' (knee)' : ''}`),
            h('td', {}, Number.isNaN(s.riskPrice) ? '-' : s.riskPrice.toFixed(4)),
          ),
        ),
      ),
    ),
    h('p', {}, risk.sentence),
    less ? h('p', { className: 'verdict' }, less) : [],
    h('h3', {}, 'Shortfall by scenario'),
    shortfall.length
      ? h(
          'ul',
          { id: 'limits-shortfall' },
          shortfall.map((s) => h('li', {}, s)),
        )
      : h('p', {}, 'Every scenario builds all its demand at this point.'),
    h('h3', {}, 'The value of the stochastic model'),
    analysis.length
      ? h(
          'ul',
          {},
          analysis.map((s) => h('li', {}, s)),
        )
      : h(
          'p',
          { className: 'hint' },
          'Add "analysis": ["vss", "evpi"] to the problem to see what planning for the scenarios (VSS) and knowing the outcome in advance (EVPI) are worth.',
        ),
  );
}
