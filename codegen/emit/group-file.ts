// generated/groups/<group>.ts: per method a params interface, a result type, its run-time row (made by its function in
// generated/rows.ts) and a tree-shakeable function (one line handing the row to the client it is given: nothing of
// src/ is imported at run time), and the group's interface, whose members carry the hover docs, once per method.
import {
  StructureKind,
  VariableDeclarationKind,
  type InterfaceDeclarationStructure,
  type OptionalKind,
  type MethodSignatureStructure,
  type SourceFileStructure,
  type StatementStructures,
} from 'ts-morph';
import type { GroupSpec, MethodSpec, Spec } from '../spec-model.js';
import { rowName } from './method-row.js';
import { rowFactoryName, rowType } from './rows-file.js';
import { header } from './header.js';
import { gateRule, methodDoc, paramDoc } from './jsdoc.js';
import { groupInterfaceName, methodFunctionName, methodTypeStem, pascal, propertyName } from './naming.js';
import { paramTsType, referencedNames, resultTsType, type TypeContext } from './ts-types.js';
import { parseType } from '../type-language.js';

export function paramsRequired(method: MethodSpec): boolean {
  return method.params.some((p) => p.required);
}

/** True when the permissions a call needs depend on its parameters. */
export function hasParamPermissions(method: MethodSpec): boolean {
  return method.params.some((p) => p.permissions || p.permissionsByValue);
}

/** For a method whose result's properties are chosen by a field list: the names the generic form needs. */
export interface FieldSelection {
  /** The parameter holding the field names, e.g. `fields`. */
  param: string;
  /** The TS type of one field name, e.g. `UserFieldName`. */
  fieldType: string;
  /** The result's model, and whether the result is a list of it. */
  model: string;
  list: boolean;
  /** Properties always present (the model's required ones), e.g. `'uid'`. */
  always: string;
  /** Fields that OK returns only with a permission: field name → permissions, e.g. email → GET_EMAIL. */
  fieldPermissions: [string, string[]][];
}

export function fieldSelection(method: MethodSpec, spec: Spec, ctx: TypeContext): FieldSelection | undefined {
  const param = method.result.selectedBy;
  if (!param) return undefined;
  const selector = method.params.find((p) => p.name === param)!;
  const fieldType = paramTsType(parseType(selector.type).base, ctx);
  const { base, list } = parseType(method.result.type);
  const model = spec.models.find((m) => m.name === base)!;
  const always =
    model.properties
      .filter((p) => p.required)
      .map((p) => `'${p.name}'`)
      .join(' | ') || 'never';
  const fieldPermissions = model.properties
    .filter((p) => p.permissions?.length)
    .map((p): [string, string[]] => [p.name, p.permissions!]);
  return { param, fieldType, model: base, list, always, fieldPermissions };
}

/**
 * The `this` part for fields that need a permission: per such field, when F (the fields asked for) names it in either
 * case, the verdict of its permissions in the client's table. A non-distributive check of a small intersection: far
 * cheaper for the checker than mapping F (bench/typecheck.ts). With no fields given, F is never (its default): OK
 * then answers its default fields, and nothing is needed.
 */
function fieldGateType(selection: FieldSelection): string | undefined {
  if (!selection.fieldPermissions.length) return undefined;
  return selection.fieldPermissions
    .map(([name, perms]) => {
      const spellings = [...new Set([name, name.toUpperCase()])].map((n) => `'${n}'`).join(' | ');
      // `F & (...) extends never`: an intersection, so not distributive, and no tuple to instantiate.
      return `(F & (${spellings}) extends never ? unknown : ${needs(perms)})`;
    })
    .join(' & ');
}

/** The permissions of a method as a union of string literals (`never` for none). */
export function permissionUnion(permissions: readonly string[]): string {
  return permissions.length ? permissions.map((p) => `'${p}'`).join(' | ') : 'never';
}

/** What a method needs of its client, each need looked up in the generated table (`Needs['GROUP_CONTENT']`). */
function needs(names: readonly string[]): string {
  return names.map((n) => `Needs['${n}']`).join(' & ');
}

/**
 * The `this` of a stub: what its session rule and permissions need of the client's grants (`Needs[...]` of
 * generated/permissions.ts), plus `extra` (needs that depend on the params). Undefined when it needs nothing: the stub
 * then has no `this`. The needs are plain object types, not tables indexed by the client's context, so a group's
 * interface does not depend on the client: its signatures are not instantiated anew for each client type.
 */
export function gateType(method: MethodSpec, extra?: string): string | undefined {
  const rule = gateRule(method);
  const parts = [
    ...(rule === 'required' || rule === 'prohibited' ? [needs([rule])] : []),
    ...(method.permissions.length ? [needs(method.permissions)] : []),
    ...(extra ? [extra] : []),
  ];
  return parts.length ? parts.join(' & ') : undefined;
}

/**
 * The permissions a params type T needs through its values, as a union of conditional types, e.g.
 * `(T extends { readonly type: 'USER_STATUS' } ? 'SET_STATUS' : never) | (T extends { readonly gid: {} } ? ...)`.
 * Exported for users who check a params object ahead of a call; the stub itself checks each parameter on its own
 * (valueGates below), which costs the checker far less than inferring and testing the whole params object.
 */
function paramNeedsType(method: MethodSpec): string {
  const parts = method.params.flatMap((p) => [
    ...(p.permissions ? [`(T extends { readonly ${p.name}: {} } ? ${permissionUnion(p.permissions)} : never)`] : []),
    ...Object.entries(p.permissionsByValue ?? {}).map(([value, perms]) => {
      const literal = p.type === 'boolean' ? value : `'${value}'`;
      return `(T extends { readonly ${p.name}: ${literal} } ? ${permissionUnion(perms)} : never)`;
    }),
  ]);
  return parts.join('\n  | ');
}

/**
 * A parameter whose presence or value needs a permission: the stub is generic in that parameter's type alone (the
 * rest of the params type stays fixed, so an object literal is checked as for any other method), and its `this`
 * looks the permission up when the type says so.
 */
interface ValueGate {
  param: string;
  /** The type parameter, e.g. `SetStatus` for `set_status`. */
  name: string;
  /** The parameter's TS type, e.g. `MediaTopicType`. */
  type: string;
  /** The stub's default when the parameter is not given: `never` for a presence check, else the whole type. */
  absent: string;
  /** The `this` part, e.g. `([Type] extends ['USER_STATUS'] ? Needs['SET_STATUS'] : unknown)`. */
  gate: string;
}

function valueGates(method: MethodSpec, ctx: TypeContext): ValueGate[] {
  return method.params
    .filter((p) => p.permissions || p.permissionsByValue)
    .map((p) => {
      if (parseType(p.type).list)
        throw new Error(`${method.name}: a list parameter (${p.name}) cannot gate permissions`);
      const name = pascal(p.name);
      // Given at all: the type parameter is then more than its default, never.
      const presence = p.permissions ? `([${name}] extends [never] ? unknown : ${needs(p.permissions)})` : '';
      // A value: only a type within the values that need the same permissions (not a wider one, as from a variable
      // of the enum's type). Values are grouped by their permissions: one test per set, not per value.
      const byPerms = new Map<string, string[]>();
      for (const [value, perms] of Object.entries(p.permissionsByValue ?? {})) {
        const key = needs(perms);
        byPerms.set(key, [...(byPerms.get(key) ?? []), p.type === 'boolean' ? value : `'${value}'`]);
      }
      const values = [...byPerms].map(([verdict, literals]) => {
        const test = `[${name}] extends [${literals.join(' | ')}] ? ${verdict} : unknown`;
        return p.permissions ? `([${name}] extends [never] ? unknown : ${test})` : `(${test})`;
      });
      const type = paramTsType(p.type, ctx);
      return {
        param: p.name,
        name,
        type,
        absent: p.permissions ? 'never' : type,
        gate: [presence, ...values].filter(Boolean).join(' & '),
      };
    });
}

export function groupFileStructure(group: GroupSpec, spec: Spec, ctx: TypeContext): SourceFileStructure {
  const statements: StatementStructures[] = [];
  const specNames = new Set<string>();
  const runtime = { OkId: false, JsonInput: false, JsonValue: false, AnyCase: false };
  const note = (text: string) => {
    if (text.includes('OkId')) runtime.OkId = true;
    if (text.includes('JsonInput')) runtime.JsonInput = true;
    if (text.includes('JsonValue')) runtime.JsonValue = true;
    if (text.includes('AnyCase<')) runtime.AnyCase = true;
    return text;
  };

  for (const method of group.methods) {
    const stem = methodTypeStem(method.name);
    const selection = fieldSelection(method, spec, ctx);
    const gates = valueGates(method, ctx);
    if (selection && gates.length) throw new Error(`${method.name}: field selection and value permissions together`);
    if (!method.params.length) {
      // An empty interface would accept any object; this rejects unknown keys like every other params type.
      statements.push({
        kind: StructureKind.TypeAlias,
        name: `${stem}Params`,
        isExported: true,
        docs: [`Parameters of {@link ${groupInterfaceName(group.name)}.${method.method} | ${method.name}}: none.`],
        type: 'Record<string, never>',
      });
    } else
      statements.push({
        kind: StructureKind.Interface,
        name: `${stem}Params`,
        isExported: true,
        docs: [`Parameters of {@link ${groupInterfaceName(group.name)}.${method.method} | ${method.name}}.`],
        typeParameters: selection
          ? [{ name: 'F', constraint: selection.fieldType, default: selection.fieldType }]
          : gates.map((g) => ({ name: g.name, constraint: g.type, default: g.type })),
        properties: method.params.map((p) => {
          for (const n of referencedNames(p.type, ctx)) specNames.add(n);
          const gate = gates.find((g) => g.param === p.name);
          return {
            name: propertyName(p.name),
            type:
              selection && p.name === selection.param ? 'readonly F[]' : (gate?.name ?? note(paramTsType(p.type, ctx))),
            hasQuestionToken: !p.required,
            isReadonly: true,
            docs: [paramDoc(p)],
          };
        }),
      } satisfies InterfaceDeclarationStructure);
    for (const n of referencedNames(method.result.type, ctx)) specNames.add(n);
    if (hasParamPermissions(method)) {
      statements.push({
        kind: StructureKind.TypeAlias,
        name: `${stem}Needs`,
        isExported: true,
        typeParameters: [{ name: 'T', constraint: `${stem}Params` }],
        docs: [`The permissions a call of ${method.name} needs through the values of its parameters.`],
        type: paramNeedsType(method),
      });
    }
    if (selection) {
      statements.push({
        kind: StructureKind.TypeAlias,
        name: `${stem}Result`,
        isExported: true,
        typeParameters: [{ name: 'F', constraint: selection.fieldType, default: selection.fieldType }],
        docs: [
          `Result of {@link ${groupInterfaceName(group.name)}.${method.method} | ${method.name}}: ${selection.model} objects with the fields asked for in \`${selection.param}\`.`,
        ],
        // Selected (src/types.ts) written out: a Pick of the model, so that hovers name it. No fields asked for (F never):
        // OK's default fields, which the spec does not list, so any of the model's. Lowercase<F> as the check type keeps
        // the test non-distributive without a tuple, and Pick's constraint checks that every field is a model property
        // (Selected's `& keyof M` did that for any model): 9 instantiations fewer per result type (bench/typecheck.ts).
        type: `Pick<${selection.model}, (Lowercase<F> extends never ? Lowercase<${selection.fieldType}> : Lowercase<F>) | ${selection.always}>${selection.list ? '[]' : ''}`,
      });
    } else {
      statements.push({
        kind: StructureKind.TypeAlias,
        name: `${stem}Result`,
        isExported: true,
        docs: [`Result of {@link ${groupInterfaceName(group.name)}.${method.method} | ${method.name}}.`],
        type: note(resultTsType(method.result.type, ctx)),
      });
    }
  }

  // The last argument of every method: the call's own signal and timeout.
  const OPTIONS_PARAM = { name: 'options', type: 'CallOptions', hasQuestionToken: true };
  // Each stub's `this` is what it needs of the client's grants (src/permissions.ts): a client whose grants lack a key
  // does not match it, and the compiler's message names the key (the missing permission or the session rule).
  const thisParam = (type: string | undefined) => (type ? [{ name: 'this', type }] : []);
  const members: OptionalKind<MethodSignatureStructure>[] = group.methods.map((method) => {
    const stem = methodTypeStem(method.name);
    const selection = fieldSelection(method, spec, ctx);
    if (selection) {
      // Generic in the field names, so that the result has exactly the fields asked for.
      return {
        name: method.method,
        docs: [methodDoc(method, selection.fieldPermissions)],
        typeParameters: [
          {
            name: 'F',
            constraint: selection.fieldType,
            isConst: true,
            ...(paramsRequired(method) ? {} : { default: 'never' }),
          },
        ],
        parameters: [
          ...thisParam(gateType(method, fieldGateType(selection))),
          { name: 'params', type: `${stem}Params<F>`, hasQuestionToken: !paramsRequired(method) },
          OPTIONS_PARAM,
        ],
        returnType: `Promise<${stem}Result<F>>`,
      };
    }
    if (hasParamPermissions(method)) {
      const gates = valueGates(method, ctx);
      return {
        name: method.method,
        docs: [methodDoc(method)],
        typeParameters: gates.map((g) => ({ name: g.name, constraint: g.type, default: g.absent })),
        parameters: [
          ...thisParam(gateType(method, gates.map((g) => g.gate).join(' & '))),
          {
            name: 'params',
            type: `${stem}Params<${gates.map((g) => g.name).join(', ')}>`,
            hasQuestionToken: !paramsRequired(method),
          },
          OPTIONS_PARAM,
        ],
        returnType: `Promise<${stem}Result>`,
      };
    }
    return {
      name: method.method,
      docs: [methodDoc(method)],
      parameters: [
        ...thisParam(gateType(method)),
        { name: 'params', type: `${stem}Params`, hasQuestionToken: !paramsRequired(method) },
        OPTIONS_PARAM,
      ],
      returnType: `Promise<${stem}Result>`,
    };
  });
  statements.push({
    kind: StructureKind.Interface,
    name: groupInterfaceName(group.name),
    isExported: true,
    docs: [
      `The ${group.name}.* methods: \`ok.${group.name}.<method>(params)\`.${group.summary ? ` ${group.summary}` : ''}\n\nA method the client may not call (its session or declared permissions do not fit) does not compile.`,
    ],
    methods: members,
  });

  for (const method of group.methods) {
    statements.push({
      kind: StructureKind.VariableStatement,
      isExported: true,
      docs: [`The row of {@link ${groupInterfaceName(group.name)}.${method.method} | ${method.name}}, as in METHODS.`],
      declarationKind: VariableDeclarationKind.Const,
      // Typed by its name, session rule and permissions only: the declarations stay small, and the literal types that
      // code may ask of a row (`PHOTOS_DELETE_PHOTO.permissions`) are there. Pure: a bundle drops the rows it does not use.
      declarations: [
        {
          name: rowName(method.name),
          type: rowType(method),
          initializer: `/* @__PURE__ */ ${rowFactoryName(method.name)}()`,
        },
      ],
    });
    statements.push({
      kind: StructureKind.VariableStatement,
      isExported: true,
      docs: [
        `{@link ${groupInterfaceName(group.name)}.${method.method} | ${method.name}} as a function of a client: \`${methodFunctionName(method.name)}(client, params)\`.`,
      ],
      declarationKind: VariableDeclarationKind.Const,
      declarations: [
        {
          name: methodFunctionName(method.name),
          initializer: `((client: Invoker, params?: object, options?: CallOptions) => client.invoke(${rowName(method.name)}.name, ${rowName(method.name)}, params, options)) as MethodFunction<'${method.name}'>`,
        },
      ],
    });
  }

  const typeImports = (Object.keys(runtime) as (keyof typeof runtime)[]).filter((k) => runtime[k]).sort();
  const imports: StatementStructures[] = [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../rows.js',
      namedImports: group.methods.map((m) => rowFactoryName(m.name)),
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../../src/method-function.js',
      isTypeOnly: true,
      namedImports: ['Invoker', 'MethodFunction'],
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../../src/method-info.js',
      isTypeOnly: true,
      namedImports: ['MethodRow'],
    },
  ];
  if (typeImports.length)
    imports.push({
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../../src/types.js',
      isTypeOnly: true,
      namedImports: typeImports,
    });
  imports.push({
    kind: StructureKind.ImportDeclaration,
    moduleSpecifier: '../../src/transport/call-options.js',
    isTypeOnly: true,
    namedImports: ['CallOptions'],
  });
  if (members.some((m) => m.parameters?.some((p) => p.name === 'this')))
    imports.push({
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../permissions.js',
      isTypeOnly: true,
      namedImports: ['Needs'],
    });
  const enumImports = [...specNames]
    .filter((n) => ctx.enums.has(n) || (n.endsWith('Name') && ctx.enums.get(n.slice(0, -4))?.anyCase))
    .sort();
  const modelImports = [...specNames].filter((n) => ctx.models.has(n)).sort();
  if (enumImports.length)
    imports.push({
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../enums.js',
      isTypeOnly: true,
      namedImports: enumImports,
    });
  if (modelImports.length)
    imports.push({
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../models.js',
      isTypeOnly: true,
      namedImports: modelImports,
    });

  return { kind: StructureKind.SourceFile, leadingTrivia: header(group.file), statements: [...imports, ...statements] };
}
