// Every problem in a raw input at once (MODEL.md section 2), each as a JSON
// path and a sentence. Two passes whose results are merged:
// - the zod schema, for what a field can say about itself (types, signs,
//   integers, [0, 1] ranges), with zod's issues rewritten in plain English;
// - semantic checks over the raw value, for what needs context (ids and
//   references, lengths against `periods`, probability sums, limits). They
//   read the raw value defensively and skip whatever is malformed (zod has
//   already said so), so a negative number and an unknown material id in one
//   file are both reported.
// This file runs both passes, merges and caps their errors, and checks the
// top-level fields; the parts of the problem are checked in schema-errors.ts
// (the zod pass), validate-sourcing.ts, validate-scenarios.ts and
// validate-scenario-model.ts, on the helpers of semantic-findings.ts.

import { DEFAULT_LIMITS, MAX_REPORTED_ERRORS, type ProblemLimits } from './limits.js';
import type { InputError } from './problem.js';
import { has, isIntAtLeast, isObject, objectEntries } from './raw-value.js';
import { schemaErrors } from './schema-errors.js';
import { definedIds, Findings, type Context } from './semantic-findings.js';
import { checkScenarioModel } from './validate-scenario-model.js';
import { checkScenarios } from './validate-scenarios.js';
import { checkMaterialEntries, checkPolicy, checkProducts, checkSuppliers } from './validate-sourcing.js';

export function validateProblemInput(raw: unknown, limits: ProblemLimits = DEFAULT_LIMITS): InputError[] {
  const structural = schemaErrors(raw);
  const reported = new Set(structural.map((e) => e.path));
  // A path zod already rejected is not reported twice in other words.
  const semantic = semanticErrors(raw, limits).filter((e) => !reported.has(e.path));
  const seen = new Set<string>();
  const all = [...structural, ...semantic].filter((e) => {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return capErrors(all);
}

/**
 * The first MAX_REPORTED_ERRORS errors and a count of the rest: 130k invalid
 * entries had made a reply too large to build (issue 11), and nobody reads
 * past the first hundred.
 */
function capErrors(errors: InputError[]): InputError[] {
  if (errors.length <= MAX_REPORTED_ERRORS) return errors;
  const rest = errors.length - MAX_REPORTED_ERRORS;
  return [
    ...errors.slice(0, MAX_REPORTED_ERRORS),
    {
      path: '$',
      message: `and ${rest} more error${rest === 1 ? '' : 's'} (only the first ${MAX_REPORTED_ERRORS} are listed)`,
    },
  ];
}

function semanticErrors(raw: unknown, limits: ProblemLimits): InputError[] {
  if (!isObject(raw)) return [];
  const found = new Findings();
  const ctx: Context = {
    T: isIntAtLeast(raw.periods, 1) ? raw.periods : undefined,
    materials: definedIds(raw.materials, false),
    suppliers: definedIds(raw.suppliers, true),
  };
  if (ctx.T !== undefined && ctx.T > limits.maxPeriods) {
    found.add('$.periods', `is ${ctx.T}, above the limit of ${limits.maxPeriods} periods`, 'over_limit');
  }
  found.perPeriod(raw.periodLabels, ctx.T, '$.periodLabels');
  found.uniqueIds(objectEntries(raw.materials), '$.materials');
  checkProducts(raw.products, ctx, found);
  checkSuppliers(raw.suppliers, ctx, found);
  checkMaterialEntries(raw.inventory, '$.inventory', ctx, found);
  checkMaterialEntries(raw.spot, '$.spot', ctx, found);
  checkPolicy(raw.policy, ctx, found);
  if (has(raw, 'scenarios') && has(raw, 'scenarioModel')) {
    found.add(
      '$.scenarioModel',
      'cannot be given together with scenarios; give explicit scenarios or a scenarioModel, not both',
    );
  }
  checkScenarios(raw.scenarios, ctx, limits, found);
  checkScenarioModel(raw.scenarioModel, ctx, limits, found);
  const points = isObject(raw.frontier) ? raw.frontier.points : undefined;
  if (isIntAtLeast(points, 2) && points > limits.maxPoints) {
    found.add('$.frontier.points', `is ${points}, above the limit of ${limits.maxPoints} points`, 'over_limit');
  }
  return found.errors;
}
