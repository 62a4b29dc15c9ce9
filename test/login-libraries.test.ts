// okru/login's HTML parser and cookie jar are optional peer dependencies: when they are missing, logging in through
// the dialog fails with an error that says what to install; nothing else of okru needs them.
import { describe, expect, it } from 'vitest';
import { OkConfigError } from '../src/index.js';
import { loadLoginLibraries } from '../src/oauth/login-libraries.js';

describe('the login libraries', () => {
  it('missing: an OkConfigError naming the packages to install', async () => {
    const missing = async (name: string) => {
      throw Object.assign(new Error(`Cannot find package '${name}'`), { code: 'ERR_MODULE_NOT_FOUND' });
    };
    await expect(loadLoginLibraries(missing)).rejects.toThrow(
      new OkConfigError(
        'logging in through the login dialog (okru/login) needs the packages tough-cookie and parse5, which okru lists as optional peer dependencies: npm install tough-cookie parse5',
      ),
    );
  });

  it('present: loaded once and kept', async () => {
    const loaded = await loadLoginLibraries();
    expect(typeof loaded.CookieJar).toBe('function');
    expect(typeof loaded.parse).toBe('function');
    expect(await loadLoginLibraries()).toBe(loaded);
  });
});
