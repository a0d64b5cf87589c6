// An independent, deliberately naive transcription of MODEL.md section 3,
// written out as CPLEX LP text and solved by HiGHS's one-shot text API: every
// variable of the text (u included, x in lead-time periods pinned to 0), one
// named row per constraint, one Cost_k variable per scenario. It shares no
// code with src/model, src/domain's scenario effects or solver/ (HiGHS is only
// its text reader), so agreement is evidence both are right. Version 2 (MODEL.md
// 6.1, 6.2): availability per offer from material-scoped targets, the market
// factor g on spot prices and on index-linked offers, read from the events here.

import { loadHighsRuntime } from '../../solver/highs/runtime.js';
import type { Problem } from '../../src/domain/problem.js';

/** The scenario data of MODEL.md 3 and 6, straight from each scenario's event list. */
function scenarioData(problem: Problem) {
  const T = problem.periods;
  const periods = (e: { fromPeriod: number; toPeriod: number }) =>
    Array.from({ length: T }, (_, i) => i + 1).filter((t) => t >= e.fromPeriod && t <= e.toPeriod);
  return problem.scenarios.map((scenario) => {
    // a[o][t], and per material id: spot price factor, spot capacity factor, market factor g, by period t
    const a = problem.offers.map(() => new Array<number>(T + 1).fill(1));
    const pf: Record<string, number[]> = {};
    const cf: Record<string, number[]> = {};
    const g: Record<string, number[]> = {};
    for (const m of problem.materials) {
      pf[m.id] = new Array<number>(T + 1).fill(1);
      cf[m.id] = new Array<number>(T + 1).fill(1);
      g[m.id] = new Array<number>(T + 1).fill(1);
    }
    for (const e of scenario.events) {
      if ('market' in e) {
        for (const t of periods(e)) g[e.market][t] *= e.priceFactor;
      } else if ('spot' in e) {
        for (const t of periods(e)) {
          pf[e.spot][t] *= e.priceFactor;
          cf[e.spot][t] *= e.capacityFactor;
        }
      } else {
        problem.offers.forEach((offer, o) => {
          const supplier = problem.suppliers[offer.supplier];
          const tg = e.target;
          const hit =
            (tg.suppliers === undefined || tg.suppliers.includes(supplier.id)) &&
            (tg.kind === undefined || tg.kind === supplier.kind) &&
            (tg.country === undefined || tg.country === supplier.country) &&
            (tg.materials === undefined || tg.materials.includes(problem.materials[offer.material].id));
          if (hit) for (const t of periods(e)) a[o][t] *= e.availability;
        });
      }
    }
    return { a, pf, cf, g };
  });
}

type Row = Record<string, number>;

export interface ReferenceQuery {
  minimise: 'E' | 'CVaR';
  maxE?: number;
  maxCVaR?: number;
}

export async function solveReference(
  problem: Problem,
  query: ReferenceQuery,
): Promise<{ value: number; E: number; CVaR: number }> {
  const T = problem.periods;
  const M = problem.materials.length;
  const data = scenarioData(problem);
  const variables: Record<string, Row> = {};
  const constraints: Record<string, { min?: number; max?: number; equal?: number }> = {};
  const add = (variable: string, row: string, coef: number) => {
    variables[variable] ??= {};
    variables[variable][row] = (variables[variable][row] ?? 0) + coef;
  };
  const pi = problem.scenarios.map((s) => s.probability);
  const alpha = problem.risk.alpha;

  // first stage
  problem.offers.forEach((offer, o) => {
    for (let t = 1; t <= T; t++) {
      const x = `x_${o}_${t}`;
      variables[x] = {};
      const cap = t <= offer.leadTime ? 0 : offer.capacity[t - 1];
      if (cap === Infinity) continue;
      constraints[`xcap_${o}_${t}`] = { max: cap };
      add(x, `xcap_${o}_${t}`, 1);
    }
  });
  const caps: Record<string, string> = {};
  problem.products.forEach((product, p) =>
    product.designs.forEach((design, d) => {
      if (design.capacityCost === null) return;
      const c = `c_${p}_${d}`;
      caps[`${p}_${d}`] = c;
      variables[c] = {};
      constraints[`ccap_${p}_${d}`] = { max: design.maxShare * Math.max(...product.demand) };
      add(c, `ccap_${p}_${d}`, 1);
    }),
  );

  problem.scenarios.forEach((_, k) => {
    const cost = `cost_${k}`;
    // Cost_k - (terms) = 0
    constraints[`defcost_${k}`] = { equal: 0 };
    add(cost, `defcost_${k}`, 1);
    problem.offers.forEach((offer, o) => {
      for (let t = 1; t <= T; t++) {
        const a = data[k].a[o][t];
        const price = offer.unitCost * (offer.priceIndexed ? data[k].g[problem.materials[offer.material].id][t] : 1);
        add(`x_${o}_${t}`, `defcost_${k}`, -(price * a + offer.reservationCost));
        add(`x_${o}_${t}`, `stock_${k}_${offer.material}_${t}`, a);
      }
    });
    Object.entries(caps).forEach(([key, c]) => {
      const [p, d] = key.split('_').map(Number);
      add(c, `defcost_${k}`, -problem.products[p].designs[d].capacityCost!);
    });
    problem.products.forEach((product, p) => {
      for (let t = 1; t <= T; t++) {
        const u = `u_${k}_${p}_${t}`;
        variables[u] = {};
        constraints[`demand_${k}_${p}_${t}`] = { equal: product.demand[t - 1] };
        add(u, `demand_${k}_${p}_${t}`, 1);
        add(u, `defcost_${k}`, -product.shortfallPenalty);
        product.designs.forEach((design, d) => {
          const q = `q_${k}_${p}_${d}_${t}`;
          variables[q] = {};
          constraints[`qcap_${k}_${p}_${d}_${t}`] = {
            max: t < design.availableFrom ? 0 : design.maxShare * product.demand[t - 1],
          };
          add(q, `qcap_${k}_${p}_${d}_${t}`, 1);
          add(q, `demand_${k}_${p}_${t}`, 1);
          add(q, `defcost_${k}`, -design.unitCost);
          for (const line of design.bom) add(q, `stock_${k}_${line.material}_${t}`, -line.perUnit);
          const c = caps[`${p}_${d}`];
          if (c) {
            constraints[`tool_${k}_${p}_${d}_${t}`] = { max: 0 };
            add(q, `tool_${k}_${p}_${d}_${t}`, 1);
            add(c, `tool_${k}_${p}_${d}_${t}`, -1);
          }
        });
      }
    });
    for (let m = 0; m < M; m++) {
      const inv = problem.inventory[m];
      for (let t = 1; t <= T; t++) {
        // I_t - I_{t-1} - deliveries - b + use = 0 (I_0 = initial)
        const row = `stock_${k}_${m}_${t}`;
        constraints[row] = { equal: t === 1 ? -inv.initial : 0 };
        const I = `I_${k}_${m}_${t}`;
        add(I, row, -1);
        if (t > 1) add(`I_${k}_${m}_${t - 1}`, row, 1);
        if (inv.max < Infinity) {
          constraints[`imax_${k}_${m}_${t}`] = { max: inv.max };
          add(I, `imax_${k}_${m}_${t}`, 1);
        }
        add(I, `defcost_${k}`, -inv.holdingCost);
        const market = problem.spot[m];
        if (market) {
          const b = `b_${k}_${m}_${t}`;
          const id = problem.materials[m].id;
          add(b, row, 1);
          if (market.capacity < Infinity) {
            constraints[`bcap_${k}_${m}_${t}`] = { max: market.capacity * data[k].cf[id][t] };
            add(b, `bcap_${k}_${m}_${t}`, 1);
          }
          add(b, `defcost_${k}`, -market.unitCost * data[k].pf[id][t] * data[k].g[id][t]);
        }
      }
    }
    // E and CVaR rows
    add(cost, 'E', pi[k]);
    constraints[`tail_${k}`] = { min: 0 };
    add(`v_${k}`, `tail_${k}`, 1);
    add(cost, `tail_${k}`, -1);
    add('eta', `tail_${k}`, 1);
    add(`v_${k}`, 'CVaR', pi[k] / (1 - alpha));
  });
  add('eta', 'CVaR', 1);

  const shareRow = (
    name: string,
    rule: Problem['policy']['maxShareByCountry'][number],
    member: (s: number) => boolean,
    sense: 'max' | 'min',
  ) => {
    constraints[name] = sense === 'max' ? { max: 0 } : { min: 0 };
    problem.offers.forEach((offer, o) => {
      if (offer.material !== rule.material) return;
      for (let t = 1; t <= T; t++) {
        const abar = problem.scenarios.reduce((s, _, k) => s + pi[k] * data[k].a[o][t], 0);
        add(`x_${o}_${t}`, name, ((member(offer.supplier) ? 1 : 0) - rule.share) * abar);
      }
    });
  };
  problem.policy.maxShareByCountry.forEach((r, i) =>
    shareRow(`pc_${i}`, r, (s) => problem.suppliers[s].country === r.group, 'max'),
  );
  problem.policy.minShareByKind.forEach((r, i) =>
    shareRow(`pk_${i}`, r, (s) => problem.suppliers[s].kind === r.group, 'min'),
  );

  if (query.maxE !== undefined) constraints.E = { max: query.maxE };
  if (query.maxCVaR !== undefined) constraints.CVaR = { max: query.maxCVaR };
  const unrestricted: Record<string, 1> = { eta: 1 };
  problem.scenarios.forEach((_, k) => (unrestricted[`cost_${k}`] = 1));
  // E and CVaR become columns too, so the objective can read them
  variables.Evar = { E: -1, objE: 1 };
  variables.CVaRvar = { CVaR: -1, objCVaR: 1 };
  for (const v of Object.values(variables)) {
    if (v.E !== undefined && v !== variables.Evar) v.Edef = v.E;
    if (v.CVaR !== undefined && v !== variables.CVaRvar) v.CVaRdef = v.CVaR;
  }
  variables.Evar.Edef = -1;
  variables.CVaRvar.CVaRdef = -1;
  constraints.Edef = { equal: 0 };
  constraints.CVaRdef = { equal: 0 };
  unrestricted.Evar = 1;
  unrestricted.CVaRvar = 1;
  if (query.maxE !== undefined) constraints.Ebound = { max: query.maxE };
  if (query.maxCVaR !== undefined) constraints.CVaRbound = { max: query.maxCVaR };
  variables.Evar.Ebound = 1;
  variables.CVaRvar.CVaRbound = 1;
  delete constraints.E;
  delete constraints.CVaR;

  const objective = query.minimise === 'E' ? 'objE' : 'objCVaR';
  const rows = new Map<string, string[]>();
  for (const [name, column] of Object.entries(variables)) {
    for (const [row, coef] of Object.entries(column)) {
      if (coef === 0) continue;
      if (!rows.has(row)) rows.set(row, []);
      rows.get(row)!.push(`${coef < 0 ? '-' : '+'} ${Math.abs(coef)} ${name}`);
    }
  }
  const lines = ['Minimize', ` obj: ${(rows.get(objective) ?? ['0 Evar']).join(' ')}`, 'Subject To'];
  for (const [name, c] of Object.entries(constraints)) {
    const terms = rows.get(name);
    if (!terms) continue;
    const lhs = terms.join(' ');
    if (c.equal !== undefined) lines.push(` ${name}: ${lhs} = ${c.equal}`);
    if (c.min !== undefined) lines.push(` ${name}_lo: ${lhs} >= ${c.min}`);
    if (c.max !== undefined) lines.push(` ${name}_hi: ${lhs} <= ${c.max}`);
  }
  lines.push('Bounds');
  for (const name of Object.keys(unrestricted)) lines.push(` ${name} free`);
  lines.push('End');
  const highs = await loadHighsRuntime();
  const result = highs.solve(lines.join('\n'), { output_flag: false });
  if (result.Status !== 'Optimal') throw new Error(`reference LP: ${result.Status}`);
  const col = (n: string) => (result.Columns as Record<string, { Primal: number }>)[n]?.Primal ?? 0;
  return { value: result.ObjectiveValue, E: col('Evar'), CVaR: col('CVaRvar') };
}
