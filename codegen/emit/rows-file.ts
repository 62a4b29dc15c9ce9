// generated/rows.ts: each method's run-time row, made by a function of its own (`usersGetInfoRow()`), and
// `methodRows()`, every row by name. Functions, not constants: a module's top-level object literals are compiled and
// built when it is imported, and the 178 rows cost about 2 ms of a cold `import 'okru'`, while a function's body is
// only skimmed until it runs. The client builds its table on first use (src/method-table.ts); `okru/methods` makes the
// rows of the functions it exports (generated/groups/<group>.ts), so that both entries share this one module and a
// bundle still carries only the rows it uses.
import { StructureKind, type SourceFileStructure, type StatementStructures } from 'ts-morph';
import type { MethodSpec, Spec } from '../spec-model.js';
import { header } from './header.js';
import { methodFunctionName } from './naming.js';
import { writeMethodRow } from './method-row.js';

/** `users.getInfo` → `usersGetInfoRow`: the function that makes the method's row. */
export function rowFactoryName(fullName: string): string {
  return `${methodFunctionName(fullName)}Row`;
}

/** The row's type: its name, session rule and permissions as literal types (what `METHODS['x'].permissions` gives). */
export function rowType(method: MethodSpec): string {
  const permissions = method.permissions.map((p) => `'${p}'`).join(', ');
  return `MethodRow<'${method.name}', '${method.session}', readonly [${permissions}]>`;
}

export function rowsFileStructure(spec: Spec): SourceFileStructure {
  const methods = spec.groups.flatMap((g) => g.methods);
  const statements: StatementStructures[] = [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../src/method-info.js',
      isTypeOnly: true,
      namedImports: ['MethodRow'],
    },
  ];
  for (const method of methods) {
    // A function declaration: V8 skims its body at import. An arrow function (`() => ({ ... })`) measured twice as
    // slow to import, its parenthesized body parsed in full.
    statements.push({
      kind: StructureKind.Function,
      isExported: true,
      name: rowFactoryName(method.name),
      docs: [`Makes the row of ${method.name}: a new object at each call.`],
      returnType: rowType(method),
      statements: (w) => {
        w.write('return ');
        writeMethodRow(w, method, spec);
        w.write(';');
      },
    });
  }
  statements.push({
    // A type alias, not an interface: as METHODS's type was, it can be read as a Record<string, MethodInfo>.
    kind: StructureKind.TypeAlias,
    name: 'MethodTable',
    isExported: true,
    docs: ["Every method's run-time row, by its OK name: the type of METHODS."],
    type: (w) => {
      w.inlineBlock(() => {
        for (const m of methods) w.writeLine(`'${m.name}': ${rowType(m)};`);
      });
    },
  });
  statements.push({
    kind: StructureKind.Function,
    isExported: true,
    name: 'methodRows',
    returnType: 'MethodTable',
    docs: ['Every row, by name, each made anew: the client calls it once, on first use.'],
    statements: (w) => {
      w.write('return ').inlineBlock(() => {
        for (const m of methods) w.writeLine(`'${m.name}': ${rowFactoryName(m.name)}(),`);
      });
      w.write(';');
    },
  });
  return { kind: StructureKind.SourceFile, leadingTrivia: header('spec/methods/*.yaml'), statements };
}
