// generated/methods.ts: the method-name map for `call`, the METHODS table for run-time use, and the groups of `API`.
import { StructureKind, VariableDeclarationKind, type SourceFileStructure, type StatementStructures } from 'ts-morph';
import type { Spec } from '../spec-model.js';
import { compactGroup } from './compact.js';
import { paramsRequired, permissionUnion } from './group-file.js';
import { header } from './header.js';
import { gateRule, permissionsText, sessionText } from './jsdoc.js';
import { docText, methodTypeStem } from './naming.js';

export function methodsFileStructure(spec: Spec): SourceFileStructure {
  const methods = spec.groups.flatMap((g) => g.methods);
  const statements: StatementStructures[] = [];

  for (const g of spec.groups) {
    statements.push({
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: `./groups/${g.name}.js`,
      isTypeOnly: true,
      namedImports: [...g.methods.flatMap((m) => [`${methodTypeStem(m.name)}Params`, `${methodTypeStem(m.name)}Result`])],
    });
  }
  statements.push(
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: '../src/method-info.js', namedImports: ['decodeMethods', { name: 'MethodInfo', isTypeOnly: true }] },
  );

  statements.push({
    kind: StructureKind.Interface,
    name: 'OkMethods',
    isExported: true,
    docs: [
      'Every method the spec knows, by its OK name: its parameters, its result, whether `params` may be omitted, its session rule and the permissions it needs (as plain literal types: cheap for the checker to look up).',
    ],
    properties: methods.map((m) => ({
      name: `'${m.name}'`,
      type: `{ params: ${methodTypeStem(m.name)}Params; result: ${methodTypeStem(m.name)}Result; paramsOptional: ${!paramsRequired(m)}; session: '${gateRule(m)}'; needs: ${permissionUnion(m.permissions)} }`,
    })),
  });
  statements.push({ kind: StructureKind.TypeAlias, name: 'MethodName', isExported: true, docs: ['The name of a method the spec knows.'], type: 'keyof OkMethods' });

  statements.push({
    kind: StructureKind.Interface,
    name: 'MethodsTable',
    isExported: true,
    docs: ['The type of {@link METHODS}: each method\'s session rule, permissions and idempotence as literal types.'],
    properties: methods.map((m) => ({
      name: `'${m.name}'`,
      isReadonly: true,
      docs: [docText(`${m.summary}\n\nSession: ${sessionText(m.session, m.unsigned)}\n\nPermissions: ${permissionsText(m)}`)],
      type: `MethodInfo<'${m.name}', '${m.session}', readonly [${m.permissions.map((p) => `'${p}'`).join(', ')}], ${m.idempotent}>`,
    })),
  });
  statements.push({
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [
      'Every method the spec knows, for run-time use: `METHODS[\'photos.deletePhoto\'].permissions`.\n\nEntries are decoded from compact descriptors (codegen/emit/compact.ts) when this module loads.',
    ],
    declarations: [
      {
        name: 'METHODS',
        type: 'MethodsTable',
        initializer: (w) => {
          w.write('/* @__PURE__ */ decodeMethods(').inlineBlock(() => {
            for (const g of spec.groups) w.writeLine(`${/^[A-Za-z_$][\w$]*$/.test(g.name) ? g.name : `'${g.name}'`}: '${compactGroup(g, spec)}',`);
          });
          w.write(') as unknown as MethodsTable');
        },
      },
    ],
  });

  statements.push({
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['The names of the method groups.'],
    declarations: [{ name: 'GROUP_NAMES', initializer: `[${spec.groups.map((g) => `'${g.name}'`).join(', ')}] as const` }],
  });

  return { kind: StructureKind.SourceFile, leadingTrivia: header('spec/methods/*.yaml'), statements };
}
