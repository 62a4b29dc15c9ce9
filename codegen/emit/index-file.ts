// generated/index.ts: what the `okru` entry re-exports of the generated files: the tables and every type (params,
// results, the permissions that parameter values add, group interfaces, models, enums), not the rows or the
// per-method functions (those are `okru/methods`). METHODS is built on first use, by src/method-table.ts.
// generated/functions.ts: the per-method functions and their rows (USERS_GET_INFO), for the `okru/methods` entry.
import { StructureKind, type SourceFileStructure } from 'ts-morph';
import type { Spec } from '../spec-model.js';
import { header } from './header.js';
import { rowName } from './method-row.js';
import { hasParamPermissions } from './group-file.js';
import { groupInterfaceName, methodFunctionName, methodTypeStem } from './naming.js';

export function indexFileStructure(spec: Spec): SourceFileStructure {
  return {
    kind: StructureKind.SourceFile,
    leadingTrivia: header('spec/'),
    statements: [
      ...['enums', 'models', 'permissions', 'errors'].map((f) => ({
        kind: StructureKind.ExportDeclaration as const,
        moduleSpecifier: `./${f}.js`,
      })),
      {
        kind: StructureKind.ExportDeclaration,
        moduleSpecifier: './methods.js',
        isTypeOnly: true,
        namedExports: ['MethodName', 'OkMethods', 'PageItemsKey'],
      },
      {
        kind: StructureKind.ExportDeclaration,
        moduleSpecifier: './api-groups.js',
        isTypeOnly: true,
        namedExports: ['OkGroups'],
      },
      ...spec.groups.map((g) => ({
        kind: StructureKind.ExportDeclaration as const,
        moduleSpecifier: `./groups/${g.name}.js`,
        isTypeOnly: true,
        namedExports: [
          groupInterfaceName(g.name),
          ...g.methods.flatMap((m) => {
            const stem = methodTypeStem(m.name);
            // `<Method>Needs`: what a params object of the method needs through its values, for checks of its own.
            return [`${stem}Params`, ...(hasParamPermissions(m) ? [`${stem}Needs`] : []), `${stem}Result`];
          }),
        ],
      })),
    ],
  };
}

export function functionsFileStructure(spec: Spec): SourceFileStructure {
  return {
    kind: StructureKind.SourceFile,
    leadingTrivia: header('spec/methods/*.yaml'),
    statements: spec.groups.map((g) => ({
      kind: StructureKind.ExportDeclaration as const,
      moduleSpecifier: `./groups/${g.name}.js`,
      namedExports: g.methods.flatMap((m) => [methodFunctionName(m.name), rowName(m.name)]),
    })),
  };
}
