// How complete the spec is, per group and in total, and where its facts come from. spec:lint prints this after the
// problems, so each change to the spec shows whether it made the spec better known or only bigger.
import type { MethodSpec, Spec } from '../spec-model.js';
import { parseType } from '../type-language.js';

export interface Coverage {
  /** A group name, or `total`. */
  group: string;
  methods: number;
  deprecated: number;
  params: number;
  /** Parameters whose type some source gives (not `inferred`). */
  typedParams: number;
  describedParams: number;
  /** Methods whose result type is not `unknown`. */
  knownResults: number;
  sessionUnknown: number;
  /** Methods with an apiok.ru page recorded (`pages`). */
  withPage: number;
  /** Parameters whose type or required flag this project chose (`inferred`). */
  inferredParams: number;
  /** Methods where apiok.ru departs from the seed table (`seed` recorded). */
  departures: number;
  /** The same three as whole percentages; null when there is nothing to count. */
  typedParamsPct: number | null;
  describedParamsPct: number | null;
  knownResultsPct: number | null;
}

export interface Provenance {
  /** Where each method's session rule and permissions come from (its `source`). */
  methods: Record<string, number>;
  /** Where each parameter comes from (its `source`). */
  params: Record<string, number>;
  /** Where each parameter's type comes from (`typeSource`, else `source`); inferred types are counted apart. */
  paramTypes: Record<string, number>;
  inferredParams: number;
  /** Where each known result type comes from; `unstated` when the spec does not say. */
  results: Record<string, number>;
}

/** One row per source, whatever column it appears in (methods, params, param types, results), then the inferred. */
export function provenanceRows(p: Provenance): (string | number)[][] {
  const sources = [
    ...new Set([
      ...Object.keys(p.methods),
      ...Object.keys(p.params),
      ...Object.keys(p.paramTypes),
      ...Object.keys(p.results),
    ]),
  ].sort();
  const rows: (string | number)[][] = sources.map((s) => [
    s,
    p.methods[s] ?? 0,
    p.params[s] ?? 0,
    p.paramTypes[s] ?? 0,
    p.results[s] ?? 0,
  ]);
  rows.push(['(inferred)', 0, 0, p.inferredParams, 0]);
  return rows;
}

export interface SpecSummary {
  groups: Coverage[];
  total: Coverage;
  provenance: Provenance;
}

export function summarize(spec: Spec): SpecSummary {
  const groups = spec.groups.map((g) => coverage(g.name, g.methods));
  const total = coverage(
    'total',
    spec.groups.flatMap((g) => g.methods),
  );
  return { groups, total, provenance: provenance(spec.groups.flatMap((g) => g.methods)) };
}

function coverage(group: string, methods: MethodSpec[]): Coverage {
  const params = methods.flatMap((m) => m.params);
  const typedParams = params.filter((p) => !p.inferred).length;
  const describedParams = params.filter((p) => p.description?.trim()).length;
  const knownResults = methods.filter((m) => parseType(m.result.type).base !== 'unknown').length;
  return {
    group,
    methods: methods.length,
    deprecated: methods.filter((m) => m.deprecated !== undefined).length,
    params: params.length,
    typedParams,
    describedParams,
    knownResults,
    sessionUnknown: methods.filter((m) => m.session === 'unknown').length,
    withPage: methods.filter((m) => m.pages?.length).length,
    inferredParams: params.filter((p) => p.inferred).length,
    departures: methods.filter((m) => m.seed).length,
    typedParamsPct: pct(typedParams, params.length),
    describedParamsPct: pct(describedParams, params.length),
    knownResultsPct: pct(knownResults, methods.length),
  };
}

function provenance(methods: MethodSpec[]): Provenance {
  const count = (into: Record<string, number>, key: string) => {
    into[key] = (into[key] ?? 0) + 1;
  };
  const out: Provenance = { methods: {}, params: {}, paramTypes: {}, inferredParams: 0, results: {} };
  for (const m of methods) {
    count(out.methods, m.source);
    if (parseType(m.result.type).base !== 'unknown') count(out.results, m.result.source ?? 'unstated');
    for (const p of m.params) {
      count(out.params, p.source);
      if (p.inferred) out.inferredParams++;
      else count(out.paramTypes, p.typeSource ?? p.source);
    }
  }
  return out;
}

function pct(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((100 * part) / whole);
}

/**
 * What the coverage check holds a method to: whether its result is modelled, and the facts this project chose itself
 * rather than read somewhere (`param:<name>` for an inferred parameter, `result` and `authorization` for ones sourced
 * to `okru`, `paging` for inferred paging).
 */
export interface MethodCoverage {
  result: boolean;
  unsourced: string[];
}

export function methodCoverage(spec: Spec): Record<string, MethodCoverage> {
  const out: Record<string, MethodCoverage> = {};
  const methods = spec.groups
    .flatMap((g) => g.methods)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const m of methods) {
    const unsourced = [
      ...(m.source === 'okru' ? ['authorization'] : []),
      ...m.params.filter((p) => p.inferred).map((p) => `param:${p.name}`),
      ...(parseType(m.result.type).base !== 'unknown' && m.result.source === 'okru' ? ['result'] : []),
      ...(m.paging?.inferred ? ['paging'] : []),
    ];
    out[m.name] = { result: parseType(m.result.type).base !== 'unknown', unsourced };
  }
  return out;
}

/** What got worse against a baseline: results no longer modelled, facts newly unsourced, methods gone. */
export function coverageRegressions(
  baseline: Record<string, MethodCoverage>,
  now: Record<string, MethodCoverage>,
): string[] {
  const problems: string[] = [];
  for (const [name, before] of Object.entries(baseline)) {
    const after = now[name];
    if (!after) {
      problems.push(`${name}: no longer in the spec`);
      continue;
    }
    if (before.result && !after.result) problems.push(`${name}: its result is no longer modelled`);
    for (const fact of after.unsourced)
      if (!before.unsourced.includes(fact)) problems.push(`${name}: ${fact} has no source (inferred or okru)`);
  }
  for (const [name, after] of Object.entries(now)) {
    if (!baseline[name] && after.unsourced.length)
      problems.push(`${name}: a new method with unsourced facts: ${after.unsourced.join(', ')}`);
  }
  return problems;
}
