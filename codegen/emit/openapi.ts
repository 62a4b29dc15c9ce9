// generated/openapi.yaml: an OpenAPI 3.1 document of the whole API, one operation per method at /api/<group>/<method>
// (the path form OK serves besides fb.do). Session rules and permissions become security requirements (permissions
// as OAuth scopes), result types response schemas, enums and models component schemas.
import type { EnumSpec, MethodSpec, ModelSpec, ParamSpec, Spec } from '../spec-model.js';
import { parseType } from '../type-language.js';
import { permissionsText, sessionText } from './jsdoc.js';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

/** A JSON Schema for a spec type; `wire` is the parameter form (what is sent), else the result form. */
function schemaOf(type: string, _spec: Spec, wire: boolean): Schema {
  const { base, list } = parseType(type);
  let item: Schema;
  switch (base) {
    case 'string':
      item = { type: 'string' };
      break;
    case 'id':
      item = { type: 'string', description: 'An OK id: a decimal number, as a string.', pattern: '^-?[0-9]+$' };
      break;
    case 'integer':
      item = { type: 'integer', format: 'int32' };
      break;
    case 'long':
      item = { type: 'integer', format: 'int64' };
      break;
    case 'number':
      item = { type: 'number' };
      break;
    case 'boolean':
      item = { type: 'boolean' };
      break;
    case 'json':
      item = wire ? { type: 'string', contentMediaType: 'application/json', description: 'A JSON-encoded value.' } : {};
      break;
    case 'unknown':
      item = {};
      break;
    default:
      item = ref(base);
  }
  return list ? { type: 'array', items: item } : item;
}

function enumSchema(e: EnumSpec): Schema {
  const values = e.anyCase
    ? [...e.values, ...e.values.map((v) => v.toUpperCase()).filter((v) => !e.values.includes(v))]
    : e.values;
  return {
    type: 'string',
    enum: values,
    description: e.summary + (e.anyCase ? ' Lower or upper case.' : ''),
    'x-okru-source': e.source,
  };
}

function modelSchema(m: ModelSpec, spec: Spec): Schema {
  if (m.oneOf) {
    return {
      description: m.summary,
      oneOf: m.oneOf.map(ref),
      // The mapping names each variant's constant; without it, readers take the schema's name as the value.
      ...(m.discriminator
        ? {
            discriminator: {
              propertyName: m.discriminator,
              mapping: Object.fromEntries(
                m.oneOf.map((v) => [
                  spec.models.find((x) => x.name === v)!.properties.find((p) => p.name === m.discriminator)!.const!,
                  `#/components/schemas/${v}`,
                ]),
              ),
            },
          }
        : {}),
      'x-okru-source': m.source,
    };
  }
  const required = m.properties.filter((p) => p.required).map((p) => p.name);
  return {
    type: 'object',
    description: m.summary,
    properties: Object.fromEntries(
      m.properties.map((p) => {
        const s = p.const !== undefined ? { type: 'string', const: p.const } : schemaOf(p.type, spec, false);
        return [p.name, p.description ? { ...s, description: p.description } : s];
      }),
    ),
    ...(required.length ? { required } : {}),
    'x-okru-source': m.source,
  };
}

function parameter(p: ParamSpec, spec: Spec, modelNames: Set<string>): Schema {
  const { base, list } = parseType(p.type);
  const common = {
    name: p.name,
    in: 'query',
    required: p.required,
    ...(p.description ? { description: p.description + (p.max ? ` At most ${p.max} items.` : '') } : {}),
    ...(p.deprecated ? { deprecated: true } : {}),
    'x-okru-source': p.source,
    ...(p.inferred ? { 'x-okru-inferred': true } : {}),
  };
  // Models and JSON lists travel JSON-encoded in one parameter.
  if (modelNames.has(base) || base === 'json' || p.encoding === 'json') {
    return { ...common, content: { 'application/json': { schema: schemaOf(p.type, spec, false) } } };
  }
  const schema = schemaOf(p.type, spec, true);
  if (list) {
    const items = { ...(p.min ? { minItems: p.min } : {}), ...(p.max ? { maxItems: p.max } : {}) };
    return { ...common, schema: { ...schema, ...items }, style: 'form', explode: false };
  }
  const limits = {
    ...(p.minLength !== undefined ? { minLength: p.minLength } : {}),
    ...(p.maxLength !== undefined ? { maxLength: p.maxLength } : {}),
    ...(p.minimum !== undefined ? { minimum: p.minimum } : {}),
    ...(p.maximum !== undefined ? { maximum: p.maximum } : {}),
  };
  return { ...common, schema: { ...schema, ...limits } };
}

function security(m: MethodSpec): Record<string, string[]>[] {
  const user = { userSession: [...m.permissions] };
  const app = { appSignature: [] as string[] };
  switch (m.session) {
    case 'required':
      return [user];
    case 'prohibited':
      return [app];
    default:
      return [user, app];
  }
}

function operation(m: MethodSpec, spec: Spec, modelNames: Set<string>): Schema {
  const result = schemaOf(m.result.type, spec, false);
  return {
    operationId: m.name,
    tags: [m.group],
    summary: m.summary,
    description: [m.description, `Session: ${sessionText(m.session)}`, `Permissions: ${permissionsText(m)}`]
      .filter(Boolean)
      .join('\n\n'),
    externalDocs: { url: m.docs },
    ...(m.deprecated ? { deprecated: true } : {}),
    parameters: [
      { $ref: '#/components/parameters/application_key' },
      { $ref: '#/components/parameters/sig' },
      { $ref: '#/components/parameters/format' },
      ...m.params.map((p) => parameter(p, spec, modelNames)),
    ],
    security: security(m),
    responses: {
      '200': {
        description: `The result${m.result.description ? `: ${m.result.description}` : ''}, or OK's error object (OK answers errors with HTTP 200 too).`,
        content: {
          'application/json': {
            schema: {
              oneOf: [
                Object.keys(result).length ? result : { description: 'Not described by any source.' },
                ref('OkError'),
              ],
            },
          },
        },
      },
    },
    'x-okru-session': m.session,
    'x-okru-idempotent': m.idempotent,
    'x-okru-source': m.source,
  };
}

export function openApiDocument(spec: Spec): Schema {
  const modelNames = new Set(spec.models.map((m) => m.name));
  const scopes = Object.fromEntries(spec.permissions.map((p) => [p.name, p.summary]));
  const paths: Record<string, Schema> = {};
  for (const g of spec.groups)
    for (const m of g.methods) paths[`/api/${g.name}/${m.method}`] = { get: operation(m, spec, modelNames) };
  const schemas: Record<string, Schema> = {
    OkError: {
      type: 'object',
      description: "OK's error object. `error_msg` starts with the code's name: `PARAM : ...`.",
      properties: {
        error_code: {
          type: 'integer',
          description: 'The code; see OkErrorCode.',
          enum: spec.errors.map((e) => e.code),
        },
        error_msg: { type: 'string' },
        error_data: {},
      },
      required: ['error_code'],
    },
  };
  for (const e of spec.enums) schemas[e.name] = enumSchema(e);
  for (const m of spec.models) schemas[m.name] = modelSchema(m, spec);
  return {
    openapi: '3.1.0',
    info: {
      title: 'OK (ok.ru) REST API',
      version: '2026.11',
      summary: 'Every method of the OK REST API, as described by the okru spec.',
      description:
        'Generated from the okru spec (spec/). Every call is also reachable as `fb.do?method=<group.method>`. Calls are signed: `sig` is the MD5 of the sorted `key=value` parameters (without `sig` and `access_token`) followed by the secret of the circuit (the session secret key; md5(access_token + application secret key); or the application secret key for calls without a user session).',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'https://api.ok.ru' }],
    externalDocs: { url: 'https://apiok.ru/dev/methods/rest/' },
    tags: spec.groups.map((g) => ({ name: g.name, ...(g.summary ? { description: g.summary } : {}) })),
    paths,
    components: {
      schemas,
      parameters: {
        application_key: {
          name: 'application_key',
          in: 'query',
          required: true,
          description: "The application's public key.",
          schema: { type: 'string' },
        },
        sig: {
          name: 'sig',
          in: 'query',
          required: true,
          description: 'The request signature, lower-case hex MD5.',
          schema: { type: 'string', pattern: '^[0-9a-f]{32}$' },
        },
        format: {
          name: 'format',
          in: 'query',
          required: false,
          description: 'Only json is supported.',
          schema: { type: 'string', enum: ['json'] },
        },
      },
      securitySchemes: {
        userSession: {
          type: 'oauth2',
          description: "A user's session: `access_token` (not signed) with the call signed by the session's secret.",
          flows: {
            authorizationCode: {
              authorizationUrl: 'https://connect.ok.ru/oauth/authorize',
              tokenUrl: 'https://api.ok.ru/oauth/token.do',
              refreshUrl: 'https://api.ok.ru/oauth/token.do',
              scopes,
            },
            implicit: { authorizationUrl: 'https://connect.ok.ru/oauth/authorize', scopes },
          },
        },
        appSignature: {
          type: 'apiKey',
          in: 'query',
          name: 'application_key',
          description: 'A call without a user session: signed with the application secret key.',
        },
      },
    },
  };
}
