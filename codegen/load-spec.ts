// Reads spec/*.yaml, checks every file against codegen/spec.schema.json and the cross-file rules, and returns the
// spec model. Every problem is reported with its file, the path inside the file, the line, and what is wrong.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { ErrorObject, ValidateFunction } from 'ajv';
import {
  canonicalDocsUrl,
  type EnumSpec,
  type ErrorSpec,
  type GroupSpec,
  type MethodSpec,
  type ModelSpec,
  type ParamSpec,
  type PermissionSpec,
  type Spec,
} from './spec-model.js';
import { isPrimitive, parseType } from './type-language.js';
import { pascal } from './emit/naming.js';

const require = createRequire(import.meta.url);
// ajv ships CommonJS; its 2020-12 build is the one that understands this schema's dialect.
const Ajv2020 = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js').default;
const schema = require('./spec.schema.json') as object;

export interface SpecProblem {
  file: string;
  /** Path inside the file, dotted: `methods.getInfo.params.uids.type`. */
  path: string;
  line?: number;
  message: string;
}

export class SpecError extends Error {
  constructor(readonly problems: SpecProblem[]) {
    super(
      `The spec has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map(formatProblem).join('\n')}`,
    );
    this.name = 'SpecError';
  }
}

export function formatProblem(p: SpecProblem): string {
  return `  ${p.file}${p.line ? `:${p.line}` : ''}: ${p.path || '(top)'}: ${p.message}`;
}

interface LoadedFile {
  file: string;
  doc: Document;
  lines: LineCounter;
  data: unknown;
}

type FileKind = 'groupFile' | 'permissionsFile' | 'enumsFile' | 'modelsFile' | 'errorsFile';

export function loadSpec(root: string): Spec {
  const specDir = join(root, 'spec');
  const problems: SpecProblem[] = [];
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addSchema(schema);
  const validators = new Map<FileKind, ValidateFunction>();
  const validatorFor = (kind: FileKind) => {
    let v = validators.get(kind);
    if (!v) {
      v = ajv.getSchema(`https://okru.dev/spec.schema.json#/$defs/${kind}`)!;
      validators.set(kind, v);
    }
    return v;
  };

  const read = (path: string, kind: FileKind): LoadedFile | undefined => {
    const file = relative(root, path).split('\\').join('/');
    const lines = new LineCounter();
    const text = readFileSync(path, 'utf8');
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
    if (doc.errors.length) {
      for (const e of doc.errors) {
        const line = lines.linePos(e.pos[0]).line;
        const dup = /Map keys must be unique/.test(e.message);
        problems.push({
          file,
          path: pathAt(doc, e.pos[0]),
          line,
          message: dup
            ? 'duplicate key: this name is defined twice (a method, parameter or entry may appear only once)'
            : e.message.split('\n')[0]!,
        });
      }
      return undefined;
    }
    const data = doc.toJS();
    const validate = validatorFor(kind);
    if (!validate(data)) {
      for (const err of validate.errors ?? []) problems.push(ajvProblem(file, doc, lines, err));
      return undefined;
    }
    return { file, doc, lines, data };
  };

  const at = (f: LoadedFile, segments: (string | number)[], message: string): SpecProblem => ({
    file: f.file,
    path: segments.join('.'),
    line: lineOf(f.doc, f.lines, segments),
    message,
  });

  const permissionsFile = read(join(specDir, 'permissions.yaml'), 'permissionsFile');
  // Enums and models may be split over several files: spec/enums.yaml plus spec/enums/*.yaml, and the same for models.
  const filesOf = (name: string) =>
    [
      join(specDir, `${name}.yaml`),
      ...(existsSync(join(specDir, name))
        ? readdirSync(join(specDir, name))
            .filter((f) => f.endsWith('.yaml'))
            .sort()
            .map((f) => join(specDir, name, f))
        : []),
    ].filter((f) => existsSync(f));
  const enumFiles = filesOf('enums').map((f) => read(f, 'enumsFile'));
  const modelFiles = filesOf('models').map((f) => read(f, 'modelsFile'));
  const enumsFile = enumFiles.every(Boolean) ? enumFiles[0] : undefined;
  const modelsFile = modelFiles.every(Boolean) ? modelFiles[0] : undefined;
  const errorsFile = read(join(specDir, 'errors.yaml'), 'errorsFile');

  const permissions: PermissionSpec[] = permissionsFile
    ? Object.entries(
        (permissionsFile.data as { permissions: Record<string, { summary: string; source: PermissionSpec['source'] }> })
          .permissions,
      ).map(([name, p]) => ({ name, summary: p.summary, source: p.source }))
    : [];
  const enums: EnumSpec[] = [];
  const enumOwner = new Map<string, LoadedFile>();
  for (const f of enumFiles) {
    if (!f) continue;
    for (const [name, e] of Object.entries(
      (f.data as { enums: Record<string, Omit<EnumSpec, 'name' | 'anyCase'> & { anyCase?: boolean }> }).enums,
    )) {
      const earlier = enumOwner.get(name);
      if (earlier)
        problems.push(at(f, ['enums', name], `duplicate enum '${name}': already defined in ${earlier.file}`));
      enumOwner.set(name, f);
      enums.push({ name, summary: e.summary, values: e.values, anyCase: e.anyCase ?? false, source: e.source });
    }
  }
  type RawModel = {
    summary: string;
    source: ModelSpec['source'];
    properties?: Record<
      string,
      {
        type: string;
        required?: boolean;
        description?: string;
        const?: string;
        permissions?: string[];
        source?: ModelSpec['source'];
        deprecated?: string;
      }
    >;
    oneOf?: string[];
    discriminator?: string;
  };
  const models: ModelSpec[] = [];
  const modelOwner = new Map<string, LoadedFile>();
  for (const f of modelFiles) {
    if (!f) continue;
    for (const [name, m] of Object.entries((f.data as { models: Record<string, RawModel> }).models)) {
      const earlier = modelOwner.get(name);
      if (earlier)
        problems.push(at(f, ['models', name], `duplicate model '${name}': already defined in ${earlier.file}`));
      modelOwner.set(name, f);
      if (!m.properties === !m.oneOf)
        problems.push(at(f, ['models', name], 'a model has either properties or oneOf (a union), and not both'));
      models.push({
        name,
        summary: m.summary,
        source: m.source,
        properties: Object.entries(m.properties ?? {}).map(([pn, p]) => ({
          name: pn,
          type: p.type,
          required: p.required ?? false,
          description: p.description,
          const: p.const,
          ...(p.permissions ? { permissions: p.permissions } : {}),
          ...(p.source ? { source: p.source } : {}),
          ...(p.deprecated ? { deprecated: p.deprecated } : {}),
        })),
        oneOf: m.oneOf,
        discriminator: m.discriminator,
      });
    }
  }
  const errors: ErrorSpec[] = errorsFile ? (errorsFile.data as { errors: ErrorSpec[] }).errors : [];

  const permissionNames = new Set(permissions.map((p) => p.name));
  const enumNames = new Set(enums.map((e) => e.name));
  const modelNames = new Set(models.map((m) => m.name));
  const typeProblem = (type: string, inResult: boolean): string | undefined => {
    const { base } = parseType(type);
    // A broken enums or models file is already reported; do not repeat it for every use of its names.
    if (!enumsFile || !modelsFile) return undefined;
    if (base === 'unknown' && !inResult) return `type 'unknown' is only for results`;
    if (isPrimitive(base) || enumNames.has(base) || modelNames.has(base)) return undefined;
    return `unknown type '${base}': not a primitive (string, id, integer, long, number, boolean, json${inResult ? ', unknown' : ''}), nor an enum in spec/enums/*.yaml, nor a model in spec/models/*.yaml`;
  };

  /** The values a scalar type can take, when it has a fixed set (enums, booleans). */
  const valuesOf = (type: string): string[] | undefined => {
    const { base, list } = parseType(type);
    if (list) return undefined;
    if (base === 'boolean') return ['true', 'false'];
    return enums.find((e) => e.name === base)?.values;
  };

  // Names shared by an enum and a model would make a type ambiguous.
  if (enumsFile && modelsFile) {
    for (const e of enums)
      if (modelNames.has(e.name))
        problems.push(at(modelOwner.get(e.name)!, ['models', e.name], `'${e.name}' is both an enum and a model`));
  }
  if (modelsFile) {
    for (const m of models) {
      for (const variant of m.oneOf ?? []) {
        if (!modelNames.has(variant))
          problems.push(
            at(modelOwner.get(m.name)!, ['models', m.name, 'oneOf'], `unknown model '${variant}' in oneOf`),
          );
        else if (
          m.discriminator &&
          !models
            .find((v) => v.name === variant)!
            .properties.some((p) => p.name === m.discriminator && p.const !== undefined)
        ) {
          problems.push(
            at(
              modelOwner.get(m.name)!,
              ['models', m.name, 'discriminator'],
              `variant '${variant}' has no constant '${m.discriminator}' property`,
            ),
          );
        }
      }
      for (const p of m.properties) {
        const msg = typeProblem(p.type, true);
        if (msg) problems.push(at(modelOwner.get(m.name)!, ['models', m.name, 'properties', p.name, 'type'], msg));
        (p.permissions ?? []).forEach((perm, i) => {
          if (permissionsFile && !permissionNames.has(perm))
            problems.push(
              at(
                modelOwner.get(m.name)!,
                ['models', m.name, 'properties', p.name, 'permissions', i],
                `unknown permission '${perm}': not in spec/permissions.yaml`,
              ),
            );
        });
      }
    }
  }
  if (errorsFile) {
    const codes = new Map<number, number>();
    const names = new Map<string, number>();
    errors.forEach((e, i) => {
      if (codes.has(e.code))
        problems.push(
          at(errorsFile, ['errors', i, 'code'], `duplicate error code ${e.code} (also at errors.${codes.get(e.code)})`),
        );
      else codes.set(e.code, i);
      if (names.has(e.name))
        problems.push(
          at(errorsFile, ['errors', i, 'name'], `duplicate error name ${e.name} (also at errors.${names.get(e.name)})`),
        );
      else names.set(e.name, i);
    });
  }

  const groups: GroupSpec[] = [];
  const groupFiles = new Map<string, string>();
  const methodsDir = join(specDir, 'methods');
  for (const entry of readdirSync(methodsDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const f = read(join(methodsDir, entry), 'groupFile');
    if (!f) continue;
    type RawParam = Omit<ParamSpec, 'name' | 'required' | 'inferred'> & { required?: boolean; inferred?: boolean };
    type RawMethod = Omit<MethodSpec, 'name' | 'group' | 'method' | 'params' | 'file' | 'permissionsUnknown'> & {
      params?: Record<string, RawParam>;
      permissionsUnknown?: boolean;
    };
    const raw = f.data as { group: string; summary?: string; methods: Record<string, RawMethod> };
    const expectedFile = `${raw.group}.yaml`;
    if (entry !== expectedFile)
      problems.push(at(f, ['group'], `group '${raw.group}' must live in spec/methods/${expectedFile}, not ${entry}`));
    const earlier = groupFiles.get(raw.group);
    if (earlier) problems.push(at(f, ['group'], `duplicate group '${raw.group}': already defined in ${earlier}`));
    groupFiles.set(raw.group, f.file);

    const methods: MethodSpec[] = [];
    for (const [method, m] of Object.entries(raw.methods)) {
      const name = `${raw.group}.${method}`;
      const here = (...rest: (string | number)[]) => ['methods', method, ...rest];
      const docs = canonicalDocsUrl(raw.group, name);
      if (m.docs !== docs) problems.push(at(f, here('docs'), `must be ${docs} (got ${m.docs})`));
      m.permissions.forEach((p, i) => {
        if (permissionsFile && !permissionNames.has(p))
          problems.push(at(f, here('permissions', i), `unknown permission '${p}': not in spec/permissions.yaml`));
      });
      if (m.permissionsUnknown && m.permissions.length)
        problems.push(at(f, here('permissionsUnknown'), 'permissionsUnknown is true but permissions are listed'));
      (m.seed?.permissions ?? []).forEach((p, i) => {
        if (permissionsFile && !permissionNames.has(p))
          problems.push(
            at(f, here('seed', 'permissions', i), `unknown permission '${p}': not in spec/permissions.yaml`),
          );
      });
      // A recorded seed value is a departure: it must differ from the effective one, or it says nothing.
      if (m.seed?.session !== undefined && m.seed.session === m.session)
        problems.push(
          at(
            f,
            here('seed', 'session'),
            `the seed's session rule is the effective one (${m.session}): record seed values only where apiok.ru departs from them`,
          ),
        );
      if (
        m.seed?.permissions !== undefined &&
        [...m.seed.permissions].sort().join() === [...m.permissions].sort().join()
      ) {
        problems.push(
          at(
            f,
            here('seed', 'permissions'),
            'the seed permissions are the effective ones: record seed values only where apiok.ru departs from them',
          ),
        );
      }
      // The result properties paging and batching name must be the result model's: paginate() and coalesce() read them.
      const resultModel = modelsFile ? models.find((x) => x.name === parseType(m.result.type).base) : undefined;
      const resultHas = (property: string) => !resultModel || resultModel.properties.some((p) => p.name === property);
      if (m.paging) {
        for (const key of ['cursor', 'direction', 'count'] as const) {
          const param = m.paging[key];
          if (param !== undefined && !m.params?.[param])
            problems.push(at(f, here('paging', key), `'${param}' is not a parameter of ${name}`));
        }
        for (const key of ['items', 'nextCursor', 'hasMore', 'total'] as const) {
          const property = m.paging[key];
          if (property !== undefined && !resultHas(property))
            problems.push(at(f, here('paging', key), `'${property}' is not a property of the result ${m.result.type}`));
        }
      }
      if (m.batch) {
        const param = m.params?.[m.batch.param];
        if (!param || !parseType(param.type).list || param.max === undefined)
          problems.push(
            at(f, here('batch', 'param'), `'${m.batch.param}' must be a list parameter of ${name} with a max`),
          );
        if (!m.idempotent)
          problems.push(at(f, here('batch'), 'only a read (idempotent: true) may be merged with other calls'));
        const itemsList = m.batch.items === undefined ? parseType(m.result.type).list : true;
        if (!itemsList)
          problems.push(at(f, here('batch', 'items'), `the result ${m.result.type} is not a list: name its items`));
        if (m.batch.items !== undefined && !resultHas(m.batch.items))
          problems.push(
            at(f, here('batch', 'items'), `'${m.batch.items}' is not a property of the result ${m.result.type}`),
          );
        const itemModel =
          m.batch.items === undefined
            ? resultModel
            : models.find(
                (x) =>
                  x.name === parseType(resultModel?.properties.find((p) => p.name === m.batch!.items)?.type ?? '').base,
              );
        if (itemModel && !itemModel.properties.some((p) => p.name === m.batch!.key))
          problems.push(at(f, here('batch', 'key'), `'${m.batch.key}' is not a property of ${itemModel.name}`));
      }
      const resultMsg = typeProblem(m.result.type, true);
      if (resultMsg) problems.push(at(f, here('result', 'type'), resultMsg));
      if (m.result.selectedBy !== undefined && enumsFile && modelsFile) {
        const selector = m.params?.[m.result.selectedBy];
        const model = models.find((x) => x.name === parseType(m.result.type).base);
        const fieldEnum = selector && enums.find((e) => e.name === parseType(selector.type).base);
        if (!selector || !parseType(selector.type).list || !fieldEnum) {
          problems.push(
            at(
              f,
              here('result', 'selectedBy'),
              `'${m.result.selectedBy}' must be a parameter of the method whose type is a list of an enum of field names`,
            ),
          );
        } else if (!model) {
          problems.push(
            at(
              f,
              here('result', 'selectedBy'),
              `the result type must be a model (or a list of one) for field selection`,
            ),
          );
        } else {
          const missing = fieldEnum.values
            .map((v) => v.toLowerCase())
            .filter((v) => !model.properties.some((p) => p.name === v));
          if (missing.length)
            problems.push(
              at(
                f,
                here('result', 'selectedBy'),
                `model ${model.name} lacks properties for fields of ${fieldEnum.name}: ${missing.join(', ')}`,
              ),
            );
        }
      }
      const params: ParamSpec[] = [];
      for (const [pn, p] of Object.entries(m.params ?? {})) {
        const msg = typeProblem(p.type, false);
        if (msg) problems.push(at(f, here('params', pn, 'type'), msg));
        const list = parseType(p.type).list;
        if (p.max !== undefined && !list)
          problems.push(at(f, here('params', pn, 'max'), `max applies to lists only, and ${pn} is ${p.type}`));
        if (p.min !== undefined && !list)
          problems.push(at(f, here('params', pn, 'min'), `min applies to lists only, and ${pn} is ${p.type}`));
        if (p.min !== undefined && p.max !== undefined && p.min > p.max)
          problems.push(at(f, here('params', pn, 'min'), `min ${p.min} is above max ${p.max}`));
        const base = parseType(p.type).base;
        for (const key of ['minLength', 'maxLength'] as const) {
          if (p[key] !== undefined && base !== 'string')
            problems.push(at(f, here('params', pn, key), `${key} applies to strings only, and ${pn} is ${p.type}`));
        }
        for (const key of ['minimum', 'maximum'] as const) {
          if (p[key] !== undefined && !['integer', 'long', 'number'].includes(base))
            problems.push(at(f, here('params', pn, key), `${key} applies to numbers only, and ${pn} is ${p.type}`));
        }
        if (p.seed?.type !== undefined) {
          const seedMsg = typeProblem(p.seed.type, false);
          if (seedMsg) problems.push(at(f, here('params', pn, 'seed', 'type'), seedMsg));
        }
        if (p.encoding !== undefined && !list)
          problems.push(
            at(f, here('params', pn, 'encoding'), `encoding applies to lists only, and ${pn} is ${p.type}`),
          );
        if (RESERVED_PARAMS.has(pn))
          problems.push(
            at(f, here('params', pn), `'${pn}' is added by the SDK to every call and cannot be a method parameter`),
          );
        (p.permissions ?? []).forEach((perm, i) => {
          if (permissionsFile && !permissionNames.has(perm))
            problems.push(
              at(f, here('params', pn, 'permissions', i), `unknown permission '${perm}': not in spec/permissions.yaml`),
            );
        });
        for (const [value, perms] of Object.entries(p.permissionsByValue ?? {})) {
          const allowed = valuesOf(p.type);
          if (allowed && !allowed.includes(value))
            problems.push(
              at(
                f,
                here('params', pn, 'permissionsByValue', value),
                `'${value}' is not a value of ${p.type} (${allowed.join(', ')})`,
              ),
            );
          perms.forEach((perm, i) => {
            if (permissionsFile && !permissionNames.has(perm))
              problems.push(
                at(
                  f,
                  here('params', pn, 'permissionsByValue', value, i),
                  `unknown permission '${perm}': not in spec/permissions.yaml`,
                ),
              );
          });
        }
        params.push({ ...p, name: pn, required: p.required ?? false, inferred: p.inferred ?? false });
      }
      methods.push({
        ...m,
        name,
        group: raw.group,
        method,
        permissionsUnknown: m.permissionsUnknown ?? false,
        params,
        file: f.file,
      });
    }
    methods.sort((a, b) => compare(a.method, b.method));
    groups.push({ name: raw.group, summary: raw.summary, file: f.file, methods });
  }

  // Generated declarations are named after methods and groups; a model or enum of the same name would clash.
  const generatedNames = new Map<string, string>();
  for (const g of groups) {
    generatedNames.set(`${pascal(g.name)}Methods`, `group ${g.name}`);
    for (const m of g.methods)
      for (const suffix of ['Params', 'Result', 'Needs'])
        generatedNames.set(`${pascal(m.name)}${suffix}`, `method ${m.name}`);
  }
  for (const [name, owner] of [...enumOwner, ...modelOwner]) {
    const clash = generatedNames.get(name);
    if (clash)
      problems.push(
        at(
          owner,
          [modelOwner.has(name) ? 'models' : 'enums', name],
          `the name '${name}' is taken by the generated types of ${clash}; choose another`,
        ),
      );
  }

  if (problems.length) throw new SpecError(problems);
  groups.sort((a, b) => compare(a.name, b.name));
  return { groups, permissions, enums, models, errors: [...errors].sort((a, b) => a.code - b.code) };
}

/** Parameters the transport itself sends; a method may not declare them. */
export const RESERVED_PARAMS = new Set(['application_key', 'method', 'format', 'sig', 'access_token', 'session_key']);

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function ajvProblem(file: string, doc: Document, lines: LineCounter, err: ErrorObject): SpecProblem {
  const segments = err.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const value = doc.getIn(segments);
  let message: string;
  switch (err.keyword) {
    case 'additionalProperties': {
      const key = (err.params as { additionalProperty: string }).additionalProperty;
      segments.push(key);
      message = `unknown key '${key}'`;
      break;
    }
    case 'enum':
      message = `must be one of ${(err.params as { allowedValues: unknown[] }).allowedValues.join(', ')} (got ${JSON.stringify(value)})`;
      break;
    case 'type':
      message = `must be ${(err.params as { type: string }).type} (got ${describe(value)})`;
      break;
    case 'required':
      message = `missing required key '${(err.params as { missingProperty: string }).missingProperty}'`;
      break;
    case 'propertyNames':
      message = `invalid name '${(err.params as { propertyName: string }).propertyName}'`;
      break;
    case 'pattern':
      message = `${JSON.stringify(value)} does not match the expected form ${(err.params as { pattern: string }).pattern}`;
      break;
    default:
      message = err.message ?? err.keyword;
  }
  return { file, path: segments.join('.'), line: lineOf(doc, lines, segments), message };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** The line of the node at a path (the key's line for map entries). Also used by spec-lint's SpecLines. */
export function lineOf(doc: Document, lines: LineCounter, segments: (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const seg of segments) {
    if (isMap(node)) {
      const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(seg));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0];
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0];
      node = item;
    } else break;
  }
  if (offset === undefined) offset = (doc.contents as Node | null)?.range?.[0];
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

/** A dotted path to the innermost map key that contains an offset (for YAML parse errors). */
function pathAt(doc: Document, offset: number): string {
  const path: string[] = [];
  let node: unknown = doc.contents;
  for (;;) {
    if (!isMap(node)) break;
    const pair = node.items.find((it) => {
      const r = (it.value as Node | null)?.range ?? (it.key as Node | null)?.range;
      const k = (it.key as Node | null)?.range;
      return k && r && offset >= k[0] && offset <= r[2];
    });
    if (!pair || !isScalar(pair.key)) break;
    path.push(String(pair.key.value));
    node = pair.value;
  }
  return path.join('.');
}
