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

export interface SpecSummary {
  groups: Coverage[];
  total: Coverage;
  provenance: Provenance;
}

export function summarize(spec: Spec): SpecSummary {
  const groups = spec.groups.map((g) => coverage(g.name, g.methods));
  const total = coverage('total', spec.groups.flatMap((g) => g.methods));
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
