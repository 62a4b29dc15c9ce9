// Parameters that satisfy a method's required ones, for calls of every method of a kind against the mock (every paged
// method, every batch read): ids, numbers and strings of the right kind, an enum's first value.
import { ENUM_VALUES } from '../../generated/shapes.js';
import type { MethodInfo, ParamInfo } from '../../src/method-info.js';

export function requiredParams(info: MethodInfo): Record<string, unknown> {
  const value = (p: ParamInfo): unknown => {
    const one =
      p.kind === 'id'
        ? '575662066926'
        : p.kind === 'integer' || p.kind === 'number'
          ? 1
          : p.kind === 'boolean'
            ? true
            : 'x';
    return p.list ? [one] : one;
  };
  return Object.fromEntries(
    Object.entries(info.params)
      .filter(([, p]) => p.required)
      .map(([name, p]) => [name, p.enum ? enumValue(p) : value(p)]),
  );
}

/** An enum parameter: its enum's first value. */
function enumValue(p: ParamInfo): unknown {
  const first = (ENUM_VALUES as unknown as Record<string, { values: readonly string[] }>)[p.enum!]!.values[0]!;
  return p.list ? [first] : first;
}
