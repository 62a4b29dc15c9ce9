// Every method of the spec, called on the mock with valid parameters, answers with a result that validates against
// that method's result schema in generated/openapi.yaml (checked by ajv, not by the mock's own code).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PERMISSIONS } from '../src/index.js';
import { createMockServer, type MockServer } from '../src/mock/index.js';
import { md5, referenceSig } from './reference/sign.js';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js').default;

interface Operation {
  operationId: string;
  'x-okru-session': string;
  parameters: (
    | { $ref: string }
    | { name: string; required: boolean; schema?: Schema; content?: { 'application/json': { schema: Schema } } }
  )[];
  responses: { '200': { content: { 'application/json': { schema: { oneOf: [Schema, Schema] } } } } };
}
type Schema = Record<string, unknown>;

const doc = parse(readFileSync(join(import.meta.dirname, '../generated/openapi.yaml'), 'utf8')) as {
  paths: Record<string, { get: Operation }>;
  components: { schemas: Record<string, Schema> };
};

const APP = { appId: 1, appKey: 'CONFORMKEY', appSecretKey: 'conform-secret' };
const USER = {
  uid: '575662066926',
  name: 'All Permissions',
  accessToken: 'conform-token',
  permissions: [...PERMISSIONS],
  friends: ['575662066927'],
};
let mock: MockServer;
beforeAll(async () => {
  mock = await createMockServer({ config: { apps: [APP], users: [USER, { uid: '575662066927', name: 'Friend' }] } });
});
afterAll(() => mock.close());

/** A valid example of a schema, for a parameter. */
function example(schema: Schema | undefined, name: string): unknown {
  if (!schema) return 'x';
  if (schema.$ref) return example(doc.components.schemas[(schema.$ref as string).split('/').pop()!], name);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return (schema.enum as unknown[])[0];
  if (schema.oneOf) return example((schema.oneOf as Schema[])[0], name);
  switch (schema.type) {
    case 'array':
      return [example(schema.items as Schema, name)];
    case 'object': {
      const required = (schema.required as string[] | undefined) ?? [];
      const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
      return Object.fromEntries(required.map((p) => [p, example(properties[p], p)]));
    }
    case 'integer':
    case 'number':
      return Math.min(
        Math.max(1, (schema.minimum as number | undefined) ?? 1),
        (schema.maximum as number | undefined) ?? 1,
      );
    case 'boolean':
      return true;
    case 'string':
      if (schema.contentMediaType) return '{}';
      if (schema.pattern) return '575662066926';
      if (name === 'url') return 'https://ok.ru/group/1';
      // Within the parameter's length limits, as a caller must be.
      return 'text'
        .padEnd((schema.minLength as number | undefined) ?? 0, 'x')
        .slice(0, (schema.maxLength as number | undefined) ?? 1000);
    default:
      return {};
  }
}

function wire(value: unknown): string {
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) return value.join(',');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });
ajv.addSchema({ $id: 'oas', components: doc.components });
const rebase = (schema: unknown): unknown =>
  JSON.parse(JSON.stringify(schema).replace(/"#\/components\/schemas\//g, '"oas#/components/schemas/'));

/** Signs a call as USER (or as the app for a method that must go without a session), as OK wants it. */
function sign(params: Record<string, string>, asUser: boolean): Record<string, string> {
  const signed = {
    ...params,
    sig: referenceSig(params, asUser ? md5(USER.accessToken + APP.appSecretKey) : APP.appSecretKey),
  };
  return asUser ? { ...signed, access_token: USER.accessToken } : signed;
}

/**
 * Methods whose valid parameters name something an earlier step made: made here first. video.update finishes a video
 * whose file was uploaded (OK and the mock refuse a made-up id), so a 10-byte file goes to a new upload URL.
 */
const PREPARE: Record<string, (params: Record<string, string>) => Promise<void>> = {
  'video.update': async (params) => {
    const call = { application_key: APP.appKey, format: 'json', method: 'video.getUploadUrl', file_size: '10' };
    const target = (await (await fetch(`${mock.url}fb.do?${new URLSearchParams(sign(call, true))}`)).json()) as {
      upload_url: string;
      video_id: number;
    };
    await fetch(target.upload_url, {
      method: 'POST',
      body: 'ten bytes!',
      headers: { 'content-range': 'bytes 0-9/10' },
    });
    params.vid = String(target.video_id);
  },
};

describe('every method answers in the shape of its result type', () => {
  const operations = Object.values(doc.paths).map((p) => p.get);
  it('covers every method', () => {
    expect(operations.length).toBeGreaterThanOrEqual(178);
  });
  for (const op of operations) {
    it(op.operationId, async () => {
      const params: Record<string, string> = { application_key: APP.appKey, format: 'json', method: op.operationId };
      for (const p of op.parameters) {
        if ('$ref' in p || !p.required) continue;
        params[p.name] = wire(example(p.schema ?? p.content?.['application/json'].schema, p.name));
      }
      await PREPARE[op.operationId]?.(params);
      const asUser = op['x-okru-session'] !== 'prohibited';
      const res = await fetch(`${mock.url}fb.do?${new URLSearchParams(sign(params, asUser))}`);
      const body = (await res.json()) as unknown;
      expect(body, JSON.stringify(body)).not.toHaveProperty('error_code');
      const validate = ajv.compile(rebase(op.responses['200'].content['application/json'].schema.oneOf[0]) as object);
      expect(validate(body), `${JSON.stringify(body).slice(0, 300)}\n${ajv.errorsText(validate.errors)}`).toBe(true);
    });
  }
});
