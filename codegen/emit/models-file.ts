// generated/models.ts: the objects results are made of, as openapi-typescript derives them from the OpenAPI
// document (generated/openapi.ts); named aliases so that users and the method stubs can say `User`.
import { StructureKind, type SourceFileStructure } from 'ts-morph';
import type { Spec } from '../spec-model.js';
import { header } from './header.js';
import { docText } from './naming.js';

export function modelsFileStructure(spec: Spec): SourceFileStructure {
  return {
    kind: StructureKind.SourceFile,
    leadingTrivia: header('spec/models/*.yaml, through generated/openapi.yaml and openapi-typescript'),
    statements: [
      { kind: StructureKind.ImportDeclaration, moduleSpecifier: './openapi.js', isTypeOnly: true, namedImports: ['components'] },
      ...spec.models.map((m) => ({
        kind: StructureKind.TypeAlias as const,
        name: m.name,
        isExported: true,
        docs: [docText(m.summary)],
        type: `components['schemas']['${m.name}']`,
      })),
    ],
  };
}
