// generated/api-groups.ts: the base class of `API`, with one getter per method group, so that the groups exist as
// real members (for the IDE) without any code that runs at import.
import { StructureKind, type SourceFileStructure, type StatementStructures } from 'ts-morph';
import type { Spec } from '../spec-model.js';
import { header } from './header.js';
import { groupInterfaceName, groupPropertyName } from './naming.js';

export function apiGroupsFileStructure(spec: Spec): SourceFileStructure {
  const statements: StatementStructures[] = [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: '../src/client.js', namedImports: ['Client'] },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: '../src/group-methods.js', namedImports: ['groupMethods'] },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: '../src/sessions/session.js', isTypeOnly: true, namedImports: ['Session', 'SessionLike'] },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: '../src/permissions.js', isTypeOnly: true, namedImports: ['ContextOf'] },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: './permissions.js', isTypeOnly: true, namedImports: ['Permission'] },
    ...spec.groups.map((g) => ({
      kind: StructureKind.ImportDeclaration as const,
      moduleSpecifier: `./groups/${g.name}.js`,
      isTypeOnly: true,
      namedImports: [groupInterfaceName(g.name)],
    })),
    {
      kind: StructureKind.Class,
      name: 'ApiGroups',
      isExported: true,
      typeParameters: [
        { name: 'S', constraint: 'SessionLike', default: 'Session' },
        { name: 'P', constraint: 'readonly Permission[]', default: 'readonly Permission[]' },
      ],
      extends: 'Client<S, P>',
      docs: ['The method groups of `API`; each is built on first use.'],
      getAccessors: spec.groups.map((g) => ({
        name: groupPropertyName(g.name),
        returnType: `${groupInterfaceName(g.name)}<ContextOf<S, P>>`,
        docs: [`The ${g.name}.* methods${g.summary ? `: ${g.summary}` : '.'}`],
        statements: [`return groupMethods(this, '${g.name}', '${groupPropertyName(g.name)}') as ${groupInterfaceName(g.name)}<ContextOf<S, P>>;`],
      })),
    },
  ];
  return { kind: StructureKind.SourceFile, leadingTrivia: header('spec/methods/*.yaml'), statements };
}
