// generated/permissions.ts: the OAuth permissions, as a type and as data.
import { StructureKind, VariableDeclarationKind, type SourceFileStructure } from 'ts-morph';
import type { Spec } from '../spec-model.js';
import { header } from './header.js';
import { docText } from './naming.js';

export function permissionsFileStructure(spec: Spec): SourceFileStructure {
  return {
    kind: StructureKind.SourceFile,
    leadingTrivia: header('spec/permissions.yaml'),
    statements: [
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: ['Every OAuth permission (scope) the spec knows.'],
        declarations: [
          { name: 'PERMISSIONS', initializer: `[${spec.permissions.map((p) => `'${p.name}'`).join(', ')}] as const` },
        ],
      },
      {
        kind: StructureKind.Interface,
        name: 'AllPermitted',
        isExported: true,
        docs: [
          'Every permission allowed: the table of a client that declared none (written out: free for the type checker).',
        ],
        properties: spec.permissions.map((p) => ({ name: p.name, type: 'unknown', isReadonly: true })),
      },
      {
        kind: StructureKind.TypeAlias,
        name: 'Permission',
        isExported: true,
        docs: [
          docText(
            ['An OAuth permission (scope):', ...spec.permissions.map((p) => `- ${p.name}: ${p.summary}`)].join('\n'),
          ),
        ],
        // The literal union written out rather than `(typeof PERMISSIONS)[number]`: an indexed access is instantiated
        // anew wherever a client's permissions default to every one (bench/typecheck.ts: 14 per program).
        type: spec.permissions.map((p) => `'${p.name}'`).join(' | '),
      },
    ],
  };
}
