// generated/openapi.yaml is a valid OpenAPI 3.1 document (checked by Redocly's validator, which openapi-typescript
// itself depends on), with one operation per method carrying its session rule and permissions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConfig, lint } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadSpec } from '../codegen/load-spec.js';

const root = join(import.meta.dirname, '..');
const file = join(root, 'generated/openapi.yaml');

describe('generated/openapi.yaml', () => {
  it('passes the OpenAPI 3.1 validator with no error', async () => {
    // The built-in 'spec' ruleset: structural validity against the OpenAPI 3.1 specification.
    const config = await createConfig({ extends: ['spec'] });
    const problems = await lint({ ref: file, config });
    const errors = problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(errors).toEqual([]);
  });

  it('has one GET operation per method, at /api/<group>/<method>', () => {
    const doc = parse(readFileSync(file, 'utf8')) as {
      openapi: string;
      paths: Record<string, { get: { operationId: string } }>;
    };
    const methods = loadSpec(root).groups.flatMap((g) => g.methods);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toHaveLength(methods.length);
    for (const m of methods) expect(doc.paths[`/api/${m.group}/${m.method}`]?.get.operationId).toBe(m.name);
  });

  it('turns session rules and permissions into security requirements, permissions as scopes', () => {
    const doc = parse(readFileSync(file, 'utf8')) as {
      paths: Record<
        string,
        {
          get: {
            security: Record<string, string[]>[];
            parameters: { name?: string; required?: boolean; content?: unknown }[];
          };
        }
      >;
      components: {
        securitySchemes: { userSession: { flows: { authorizationCode: { scopes: Record<string, string> } } } };
      };
    };
    expect(doc.paths['/api/photos/deletePhoto']!.get.security).toEqual([
      { userSession: ['VALUABLE_ACCESS', 'PHOTO_CONTENT'] },
    ]);
    expect(doc.paths['/api/users/getInfo']!.get.security).toEqual([
      { userSession: ['VALUABLE_ACCESS'] },
      { appSignature: [] },
    ]);
    expect(doc.paths['/api/notifications/sendSimple']!.get.security).toEqual([{ appSignature: [] }]);
    expect(Object.keys(doc.components.securitySchemes.userSession.flows.authorizationCode.scopes)).toContain(
      'GROUP_CONTENT',
    );
    const attachment = doc.paths['/api/mediatopic/post']!.get.parameters.find((p) => p.name === 'attachment')!;
    expect(attachment).toMatchObject({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/MediaTopicAttachment' } } },
    });
  });
});
