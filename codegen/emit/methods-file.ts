// generated/methods.ts: the one type map of every method (OkMethods: params, result, session rule, permissions) from
// which `call` and the per-method functions take their types. Types only: the rows are made by generated/rows.ts, and
// the METHODS table of them by name is built on first use (src/method-table.ts).
import { StructureKind, type SourceFileStructure, type StatementStructures } from 'ts-morph';
import type { Spec } from '../spec-model.js';
import { paramsRequired, permissionUnion } from './group-file.js';
import { header } from './header.js';
import { gateRule } from './jsdoc.js';
import { groupInterfaceName, methodTypeStem } from './naming.js';

export function methodsFileStructure(spec: Spec): SourceFileStructure {
  const methods = spec.groups.flatMap((g) => g.methods);
  const statements: StatementStructures[] = [];

  for (const g of spec.groups) {
    statements.push({
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: `./groups/${g.name}.js`,
      // The whole import is type-only, so that it leaves nothing behind at run time (verbatimModuleSyntax).
      isTypeOnly: true,
      namedImports: g.methods.flatMap((m) => [`${methodTypeStem(m.name)}Params`, `${methodTypeStem(m.name)}Result`]),
    });
  }

  statements.push({
    kind: StructureKind.Interface,
    name: 'OkMethods',
    isExported: true,
    docs: [
      "Every method the spec knows, by its OK name: its parameters, its result, whether `params` may be omitted, the session rule the compiler checks and the permissions it needs, as plain literal types (cheap for the checker to look up). Each method's docs are on its group member, e.g. {@link UsersMethods.getInfo}.",
    ],
    properties: methods.map((m) => ({
      name: `'${m.name}'`,
      docs: [`{@link ${groupInterfaceName(m.group)}.${m.method}}`],
      type: `{ params: ${methodTypeStem(m.name)}Params; result: ${methodTypeStem(m.name)}Result; paramsOptional: ${!paramsRequired(m)}; session: '${gateRule(m)}'; needs: ${permissionUnion(m.permissions)} }`,
    })),
  });
  statements.push({
    kind: StructureKind.TypeAlias,
    name: 'MethodName',
    isExported: true,
    docs: ['The name of a method the spec knows.'],
    type: 'keyof OkMethods',
  });

  const itemKeys = [...new Set(methods.flatMap((m) => (m.paging ? [m.paging.items] : [])))].sort();
  statements.push({
    kind: StructureKind.TypeAlias,
    name: 'PageItemsKey',
    isExported: true,
    docs: [
      "The result properties that hold a page's items, in the methods that page: paginate() finds a page's item type by them.",
    ],
    type: itemKeys.map((k) => `'${k}'`).join(' | ') || 'never',
  });

  return { kind: StructureKind.SourceFile, leadingTrivia: header('spec/methods/*.yaml'), statements };
}
