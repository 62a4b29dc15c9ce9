// The code generator's emitters, unit by unit: the run-time rows round-trip the spec exactly (every method, every
// parameter), and each emitter writes what it should for a small spec built here (rows, models, the hover docs).
import { join } from 'node:path';
import { IndentationText, Project, QuoteKind, VariableDeclarationKind } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../codegen/load-spec.js';
import { gateType } from '../codegen/emit/group-file.js';
import { methodDoc, paramDoc } from '../codegen/emit/jsdoc.js';
import { rowName, writeMethodRow } from '../codegen/emit/method-row.js';
import { modelsFileStructure } from '../codegen/emit/models-file.js';
import type { MethodSpec, ModelSpec, ParamSpec, Spec } from '../codegen/spec-model.js';
import { paramKind, parseType } from '../codegen/type-language.js';
import { METHODS } from '../src/method-table.js';
import { ENUM_VALUES, METHOD_RESULTS, MODEL_SHAPES } from '../generated/shapes.js';
import type { MethodInfo } from '../src/method-info.js';

const spec = loadSpec(join(import.meta.dirname, '..'));
const rows = METHODS as Record<string, MethodInfo>;

describe('the METHODS rows round-trip the spec', () => {
  const methods = spec.groups.flatMap((g) => g.methods);
  const isEnum = (n: string) => spec.enums.some((e) => e.name === n);

  it('one row per method, under its name', () => {
    expect(Object.keys(rows).sort()).toEqual(methods.map((m) => m.name).sort());
  });

  it.each(methods.map((m) => [m.name, m] as const))('%s', (_name, m) => {
    const row = rows[m.name]!;
    expect(row).toMatchObject({
      name: m.name,
      session: m.session,
      permissions: m.permissions,
      idempotent: m.idempotent,
    });
    expect(row.unsigned ?? false).toBe(m.unsigned ?? false);
    expect(Object.keys(row.params)).toEqual(m.params.map((p) => p.name));
    for (const p of m.params) {
      const info = row.params[p.name]!;
      const kind = paramKind(p.type, isEnum);
      const { base, list } = parseType(p.type);
      expect(info.kind, p.name).toBe(kind);
      expect(info.list ?? false, p.name).toBe(list && kind !== 'json');
      expect(info.required ?? false, p.name).toBe(p.required);
      expect(info.min, p.name).toBe(p.min ?? p.minLength ?? p.minimum);
      expect(info.max, p.name).toBe(p.max ?? p.maxLength ?? p.maximum);
      expect(info.enum, p.name).toBe(isEnum(base) ? base : undefined);
      expect(info.model, p.name).toBe(kind === 'json' && base !== 'json' ? p.type : undefined);
    }
    const byParam = m.params.flatMap((p) => [
      ...(p.permissions ? [{ param: p.name, permissions: p.permissions }] : []),
      ...Object.entries(p.permissionsByValue ?? {}).map(([value, permissions]) => ({
        param: p.name,
        value,
        permissions,
      })),
    ]);
    const model = spec.models.find((x) => x.name === parseType(m.result.type).base);
    const byField = m.result.selectedBy
      ? (model?.properties ?? [])
          .filter((p) => p.permissions?.length)
          .map((p) => ({ param: m.result.selectedBy!, value: p.name, field: true, permissions: p.permissions! }))
      : [];
    expect(row.rules ?? []).toEqual([...byParam, ...byField]);
    expect(METHOD_RESULTS[m.name]).toEqual({
      type: m.result.type,
      ...(m.result.selectedBy ? { selectedBy: m.result.selectedBy } : {}),
    });
  });

  it('the mock data holds every enum and model of the spec', () => {
    expect(Object.keys(ENUM_VALUES).sort()).toEqual(spec.enums.map((e) => e.name).sort());
    for (const e of spec.enums)
      expect((ENUM_VALUES as Record<string, { values: readonly string[] }>)[e.name]!.values).toEqual(e.values);
    expect(Object.keys(MODEL_SHAPES).sort()).toEqual(spec.models.map((m) => m.name).sort());
  });
});

// A small spec for the emitters that write text.
const param = (p: Partial<ParamSpec> & Pick<ParamSpec, 'name' | 'type'>): ParamSpec => ({
  required: false,
  source: 'apiok',
  inferred: false,
  ...p,
});
const sample: MethodSpec = {
  name: 'demo.getThings',
  group: 'demo',
  method: 'getThings',
  summary: 'Reads things.',
  session: 'optional',
  permissions: ['VALUABLE_ACCESS'],
  permissionsUnknown: false,
  source: 'apiok',
  idempotent: true,
  docs: 'https://apiok.ru/dev/methods/rest/demo/demo.getThings',
  params: [
    param({ name: 'ids', type: 'id[]', required: true, max: 100, description: 'The things.' }),
    param({ name: 'title', type: 'string', minLength: 2, maxLength: 50 }),
    param({ name: 'gid', type: 'id', permissions: ['GROUP_CONTENT'] }),
    param({ name: 'payload', type: 'Thing[]', encoding: 'json' }),
  ],
  result: { type: 'Thing[]', source: 'apiok' },
  file: 'spec/methods/demo.yaml',
};
const thing: ModelSpec = {
  name: 'Thing',
  summary: 'A thing.',
  source: 'apiok',
  properties: [
    { name: 'id', type: 'string', required: true, description: 'Its id.' },
    { name: 'secret', type: 'string', required: false, permissions: ['GET_EMAIL'] },
    { name: 'kind', type: 'string', required: true, const: 'thing' },
  ],
};
const demoSpec: Spec = {
  groups: [{ name: 'demo', file: sample.file, methods: [sample] }],
  permissions: [],
  enums: [],
  models: [thing],
  errors: [],
};

function print(write: (project: Project) => string): string {
  return write(
    new Project({
      useInMemoryFileSystem: true,
      manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Single },
    }),
  );
}

describe('the emitters', () => {
  it('rowName: the constant of a method', () => {
    expect(rowName('users.getInfo')).toBe('USERS_GET_INFO');
    expect(rowName('vk.notifications.sendMessage')).toBe('VK_NOTIFICATIONS_SEND_MESSAGE');
    expect(rowName('photosV2.getUploadUrl')).toBe('PHOTOS_V2_GET_UPLOAD_URL');
  });

  it("gateType: a stub's `this` needs the session rule's key and each permission's; nothing needed, no `this`", () => {
    expect(gateType(sample)).toBe("Needs['VALUABLE_ACCESS']");
    expect(gateType({ ...sample, session: 'required', permissions: ['VALUABLE_ACCESS', 'GROUP_CONTENT'] })).toBe(
      "Needs['required'] & Needs['VALUABLE_ACCESS'] & Needs['GROUP_CONTENT']",
    );
    expect(gateType({ ...sample, session: 'prohibited', permissions: [] })).toBe("Needs['prohibited']");
    // Unsigned methods are called without a session whatever their rule says.
    expect(gateType({ ...sample, session: 'required', unsigned: true, permissions: [] })).toBeUndefined();
    expect(gateType({ ...sample, session: 'optional', permissions: [] })).toBeUndefined();
    expect(gateType({ ...sample, session: 'unknown', permissions: [] }, '(X)')).toBe('(X)');
  });

  it('writeMethodRow: one fact a line, limits and models included, the permission rules last', () => {
    const text = print((project) => {
      const file = project.createSourceFile('/row.ts', '');
      file.addVariableStatement({
        declarationKind: VariableDeclarationKind.Const,
        declarations: [{ name: 'ROW', initializer: (w) => writeMethodRow(w, sample, demoSpec) }],
      });
      file.formatText({ indentSize: 2 });
      return file.getFullText();
    });
    expect(text).toBe(
      [
        'const ROW = {',
        "  name: 'demo.getThings',",
        "  session: 'optional',",
        "  permissions: ['VALUABLE_ACCESS'],",
        '  idempotent: true,',
        '  params: {',
        "    ids: { kind: 'id', list: true, required: true, max: 100 },",
        "    title: { kind: 'string', min: 2, max: 50 },",
        "    gid: { kind: 'id' },",
        "    payload: { kind: 'json', model: 'Thing[]' },",
        '  },',
        '  rules: [',
        "    { param: 'gid', permissions: ['GROUP_CONTENT'] },",
        '  ],',
        '};',
        '',
      ].join('\n'),
    );
  });

  it('models: named interfaces, required and optional properties, constants, field permissions in the docs', () => {
    const text = print((project) =>
      project.createSourceFile('/models.ts', modelsFileStructure(demoSpec)).getFullText(),
    );
    expect(text).toContain('/** A thing. */\nexport interface Thing {');
    expect(text).toContain('  /** Its id. */\n  id: string;');
    expect(text).toContain('  /** OK returns it only to a user who granted GET_EMAIL. */\n  secret?: string;');
    expect(text).toContain("  kind: 'thing';");
  });

  it('the hover docs: summary, session rule, permissions (by parameter too), parameters, result, link', () => {
    expect(methodDoc(sample)).toBe(
      [
        'Reads things.',
        '',
        'Session: optional (a user session, or the app alone: then pass `uid` where the method takes it).',
        '',
        'Permissions: VALUABLE_ACCESS; also GROUP_CONTENT when `gid` is given',
        '',
        'Parameters: `ids` (required), `title`, `gid`, `payload`.',
        '',
        'Result: Thing[]',
        '',
        '@see {@link https://apiok.ru/dev/methods/rest/demo/demo.getThings | demo.getThings on apiok.ru}',
      ].join('\n'),
    );
    expect(paramDoc(sample.params[0]!)).toBe('The things. At most 100 items.');
    expect(paramDoc(sample.params[1]!)).toBe('2 to 50 characters.');
  });
});
