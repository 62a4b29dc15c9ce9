// What the mock knows of the spec, from the generated data: each method's row (the same table the client
// uses), and the enum values, model shapes and result types that only the mock needs (generated/shapes.ts). Types
// are read with the one parser of the spec's type language (src/spec-type.ts), shared with the code generator.
import { ENUM_VALUES, METHOD_RESULTS, MODEL_SHAPES } from '../../generated/shapes.js';
import type { MethodInfo } from '../method-info.js';
import { rowNamed } from '../method-table.js';
import type { EnumShape, ModelShape, ResultShape } from '../spec-shapes.js';

export { parseType } from '../spec-type.js';

const ENUMS = ENUM_VALUES as Record<string, EnumShape | undefined>;

/** The row of a method the spec knows. */
export function methodRow(name: string): MethodInfo | undefined {
  return rowNamed(name);
}

export function modelShape(name: string): ModelShape | undefined {
  return Object.hasOwn(MODEL_SHAPES, name) ? MODEL_SHAPES[name] : undefined;
}

export function enumShape(name: string): EnumShape | undefined {
  return Object.hasOwn(ENUMS, name) ? ENUMS[name] : undefined;
}

export function resultShape(method: string): ResultShape | undefined {
  return Object.hasOwn(METHOD_RESULTS, method) ? METHOD_RESULTS[method] : undefined;
}
