// generated/ is exactly what the spec gives, and the generator is deterministic.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../codegen/generate.js';
import { loadSpec } from '../codegen/load-spec.js';

const root = join(import.meta.dirname, '..');

describe('generated/', () => {
  const spec = loadSpec(root);
  let files: Map<string, string>;
  beforeAll(async () => {
    files = await generate(spec);
  });

  it('is in sync with spec/ (run `npm run generate` when this fails)', () => {
    for (const [path, text] of files) expect(readFileSync(join(root, 'generated', path), 'utf8'), path).toBe(text);
  });

  it('is byte-identical from one run to the next', async () => {
    const again = await generate(loadSpec(root));
    expect([...again.keys()]).toEqual([...files.keys()]);
    for (const [path, text] of again) expect(text).toBe(files.get(path));
  });

  it('has a file per group and the shared files', () => {
    expect([...files.keys()].filter((f) => !f.startsWith('groups/'))).toEqual([
      'README.md',
      'api-groups.ts',
      'enums.ts',
      'errors.ts',
      'functions.ts',
      'index.ts',
      'methods.ts',
      'models.ts',
      'openapi.yaml',
      'permissions.ts',
      'rows.ts',
      'shapes.ts',
      'summaries.ts',
    ]);
    expect([...files.keys()].filter((f) => f.startsWith('groups/'))).toHaveLength(spec.groups.length);
  });

  it('every method stub carries summary, session rule, permissions, parameters and the doc link in its JSDoc', () => {
    const users = files.get('groups/users.ts')!;
    const doc = users.slice(users.indexOf('export interface UsersMethods'));
    const getInfo = doc.slice(
      0,
      doc.indexOf(
        "getInfo<const F extends UserFieldName>(this: Needs['VALUABLE_ACCESS'] & (F & ('email' | 'EMAIL') extends never",
      ),
    );
    const block = getInfo.slice(getInfo.lastIndexOf('/**'));
    expect(block).toContain('Reads up to 100 user profiles with the fields asked for.');
    expect(block).toContain('Session: optional (a user session, or the app alone');
    expect(block).toContain('Permissions: VALUABLE_ACCESS');
    expect(block).toContain('Parameters: `uids` (required), `fields` (required), `emptyPictures`.');
    expect(block).toContain(
      '@see {@link https://apiok.ru/dev/methods/rest/users/users.getInfo | users.getInfo on apiok.ru}',
    );
  });
});
