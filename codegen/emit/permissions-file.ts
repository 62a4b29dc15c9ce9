// generated/permissions.ts: the OAuth permissions, as a type and as data.
import { StructureKind, VariableDeclarationKind, type SourceFileStructure } from 'ts-morph';
import type { Spec } from '../spec-model.js';
import { header } from './header.js';
import { docText, pascal } from './naming.js';

/**
 * The key that stands for a permission in a client's grants. Its text is what the compiler shows when a client lacks
 * it (`Property '"Missing permission: GROUP_CONTENT"' is missing`), the same as a refusal of `ok.call`; in double
 * quotes, since messages quote a key as it is written.
 */
function grantKey(permission: string): string {
  return `"Missing permission: ${permission}"`;
}

/** The name of the interface a method's `this` requires for a permission: NeedsValuableAccess for VALUABLE_ACCESS. */
function needsName(permission: string): string {
  return `Needs${pascal(permission.toLowerCase())}`;
}

export function permissionsFileStructure(spec: Spec): SourceFileStructure {
  return {
    kind: StructureKind.SourceFile,
    leadingTrivia: header('spec/permissions.yaml'),
    statements: [
      {
        kind: StructureKind.ImportDeclaration,
        moduleSpecifier: '../src/markers.js',
        isTypeOnly: true,
        namedImports: ['PERMISSION_GRANTS'],
      },
      {
        kind: StructureKind.ImportDeclaration,
        moduleSpecifier: '../src/permissions.js',
        isTypeOnly: true,
        namedImports: ['NeedsNoUserSession', 'NeedsUserSession'],
      },
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: ['Every OAuth permission (scope) the spec knows.'],
        declarations: [
          { name: 'PERMISSIONS', initializer: `[${spec.permissions.map((p) => `'${p.name}'`).join(', ')}] as const` },
        ],
      },
      // One interface per permission, so that compiler messages name what a method needs (`NeedsGroupContent`).
      ...spec.permissions.map((p) => ({
        kind: StructureKind.Interface as const,
        name: needsName(p.name),
        isExported: true,
        docs: [`What a method that needs ${p.name} needs of its client's grants.`],
        properties: [
          {
            name: '[PERMISSION_GRANTS]',
            type: `{ readonly ${grantKey(p.name)}: unknown }`,
            isReadonly: true,
          },
        ],
      })),
      {
        kind: StructureKind.Interface,
        name: 'Needs',
        isExported: true,
        docs: [
          docText(
            [
              'What a method needs of its client, by session rule and permission: the type its `this` must match, which',
              "requires a key of the client's grants (src/permissions.ts). Written out, so that a stub's `this` costs",
              'the checker a lookup.',
            ].join(' '),
          ),
        ],
        properties: [
          { name: 'required', type: 'NeedsUserSession', isReadonly: true },
          { name: 'prohibited', type: 'NeedsNoUserSession', isReadonly: true },
          ...spec.permissions.map((p) => ({ name: p.name, type: needsName(p.name), isReadonly: true })),
        ],
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
