// generated/shapes.ts: what only the mock server needs of the spec, as data: the values of each enum, the shape of each
// model, and each method's result type. Imported by src/mock/ alone, so client bundles never carry it.
import { StructureKind, VariableDeclarationKind, type SourceFileStructure } from 'ts-morph';
import type { Spec } from '../spec-model.js';
import { header } from './header.js';

const json = (value: unknown) => JSON.stringify(value);

export function shapesFileStructure(spec: Spec): SourceFileStructure {
  const constant = (name: string, docs: string, initializer: string) => ({
    kind: StructureKind.VariableStatement as const,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [docs],
    declarations: [{ name, initializer }],
  });
  const enums = Object.fromEntries(
    spec.enums.map((e) => [e.name, { values: e.values, ...(e.anyCase ? { anyCase: true } : {}) }]),
  );
  const models = Object.fromEntries(
    spec.models.map((m) => [
      m.name,
      m.oneOf
        ? { oneOf: m.oneOf, ...(m.discriminator ? { discriminator: m.discriminator } : {}) }
        : {
            properties: Object.fromEntries(
              m.properties.map((p) => [
                p.name,
                {
                  type: p.type,
                  ...(p.required ? { required: true } : {}),
                  ...(p.const ? { const: p.const } : {}),
                  ...(p.permissions ? { permissions: p.permissions } : {}),
                },
              ]),
            ),
          },
    ]),
  );
  const results = Object.fromEntries(
    spec.groups.flatMap((g) =>
      g.methods.map((m) => [
        m.name,
        { type: m.result.type, ...(m.result.selectedBy ? { selectedBy: m.result.selectedBy } : {}) },
      ]),
    ),
  );
  const lines = (value: Record<string, unknown>) =>
    `{\n${Object.entries(value)
      .map(([k, v]) => `  ${json(k)}: ${json(v)},`)
      .join('\n')}\n}`;
  return {
    kind: StructureKind.SourceFile,
    leadingTrivia: header('spec/enums, spec/models and spec/methods'),
    statements: [
      {
        kind: StructureKind.ImportDeclaration,
        moduleSpecifier: '../src/spec-shapes.js',
        isTypeOnly: true,
        namedImports: ['EnumShape', 'ModelShape', 'ResultShape'],
      },
      constant(
        'ENUM_VALUES',
        'The values of each enum.',
        `${lines(enums)} as const satisfies Record<string, EnumShape>`,
      ),
      constant(
        'MODEL_SHAPES',
        'The properties of each model (spec types), or the models a union is one of.',
        `${lines(models)} as Record<string, ModelShape>`,
      ),
      constant(
        'METHOD_RESULTS',
        "Each method's result type, and the parameter choosing its fields.",
        `${lines(results)} as Record<string, ResultShape>`,
      ),
    ],
  };
}
