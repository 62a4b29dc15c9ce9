// generated/api-groups.ts: the method groups of `API` as a type (OkGroups: one member per group, typed by the client's
// context) and as data (which property holds which group), from which src/api.ts builds them.
import { StructureKind, VariableDeclarationKind, type SourceFileStructure, type StatementStructures } from 'ts-morph';
import type { GroupSpec, Spec } from '../spec-model.js';
import { header } from './header.js';
import { groupInterfaceName, groupPropertyName } from './naming.js';

/**
 * A group's type on a client: its methods (an interface that does not depend on the client, so that the checker does
 * not instantiate its signatures for each client type) and the client's grants, which the methods' `this` requires.
 * A paged method carries the grants on itself too, so that `paginate(ok.group.getMembers, ...)`, which is given the
 * method without its group, refuses it as a call would (src/paginate.ts). Written as a mapped type over the paged
 * methods' names: the cheapest form for the checker of those measured (bench/typecheck.ts).
 */
function groupType(group: GroupSpec): string {
  const paged = group.methods.filter((m) => m.paging).map((m) => `'${m.method}'`);
  const own = `${groupInterfaceName(group.name)} & Grants<C>`;
  return paged.length ? `${own} & { readonly [M in ${paged.join(' | ')}]: Grants<C> }` : own;
}

export function apiGroupsFileStructure(spec: Spec): SourceFileStructure {
  const statements: StatementStructures[] = [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../src/permissions.js',
      isTypeOnly: true,
      namedImports: ['ClientContext', 'Grants', 'OpenContext'],
    },
    ...spec.groups.map((g) => ({
      kind: StructureKind.ImportDeclaration as const,
      moduleSpecifier: `./groups/${g.name}.js`,
      isTypeOnly: true,
      namedImports: [groupInterfaceName(g.name)],
    })),
    {
      kind: StructureKind.Interface,
      name: 'OkGroups',
      isExported: true,
      typeParameters: [{ name: 'C', constraint: 'ClientContext', default: 'OpenContext' }],
      docs: [
        "The method groups of `API`: `ok.users`, `ok.photos`, ... C is what the client's type knows of its session and permissions.",
      ],
      properties: spec.groups.map((g) => ({
        name: groupPropertyName(g.name),
        isReadonly: true,
        type: groupType(g),
        docs: [`The ${g.name}.* methods${g.summary ? `: ${g.summary}` : '.'}`],
      })),
    },
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: ["Which property of `API` holds which group (OK's name): `vkNotifications` holds `vk.notifications`."],
      declarations: [
        {
          name: 'GROUP_PROPERTIES',
          initializer: (w) => {
            w.inlineBlock(() => {
              for (const g of spec.groups) w.writeLine(`${groupPropertyName(g.name)}: '${g.name}',`);
            });
            w.write(' as const');
          },
        },
      ],
    },
  ];
  return { kind: StructureKind.SourceFile, leadingTrivia: header('spec/methods/*.yaml'), statements };
}
