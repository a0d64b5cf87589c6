// The frontier card's downloads: the active result as JSON, the selected plan as CSV.

import { download } from './dom.js';
import { activeEntry, kindsOf, state } from './explorer-state.js';
import { planCsv, slug } from './plan-data.js';

export function downloadResult(): void {
  const entry = activeEntry();
  if (!entry) return;
  const name = `${slug(entry.result.name)}${entry.origin === 'job' ? `-${slug(entry.label)}` : ''}-frontier.json`;
  download(name, 'application/json', `${JSON.stringify(entry.result, null, 2)}\n`);
}

export function downloadPlan(): void {
  const entry = activeEntry();
  if (!entry || state.selected === undefined) return;
  const point = entry.result.frontier[state.selected];
  const name = `${slug(entry.result.name)}${entry.origin === 'job' ? `-${slug(entry.label)}` : ''}-point-${state.selected + 1}-plan.csv`;
  download(name, 'text/csv', planCsv(point, kindsOf(entry)));
}
