// generated/index.ts: one entry for everything generated.
import { StructureKind, type SourceFileStructure } from 'ts-morph';
import type { Spec } from '../spec-model.js';
import { header } from './header.js';

export function indexFileStructure(spec: Spec): SourceFileStructure {
  return {
    kind: StructureKind.SourceFile,
    leadingTrivia: header('spec/'),
    statements: [
      ...['enums', 'models', 'permissions', 'errors', 'methods'].map((f) => ({
        kind: StructureKind.ExportDeclaration as const,
        moduleSpecifier: `./${f}.js`,
      })),
      ...spec.groups.map((g) => ({ kind: StructureKind.ExportDeclaration as const, moduleSpecifier: `./groups/${g.name}.js` })),
    ],
  };
}
