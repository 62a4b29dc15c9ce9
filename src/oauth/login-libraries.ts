// The HTML parser and cookie jar of the login-dialog flows (okru/login): optional peer dependencies, loaded on first
// use only, so that installing okru does not bring them to apps that never log in with a password. When they are
// missing, the error says which packages to install.
import { OkConfigError } from '../errors.js';

export interface LoginLibraries {
  CookieJar: typeof import('tough-cookie').CookieJar;
  parse: typeof import('parse5').parse;
}

let loading: Promise<LoginLibraries> | undefined;

/** `importer` stands in for the dynamic imports in tests. */
export function loadLoginLibraries(
  importer: (name: 'tough-cookie' | 'parse5') => Promise<unknown> = (name) => import(name),
): Promise<LoginLibraries> {
  loading ??= Promise.all([importer('tough-cookie'), importer('parse5')]).then(
    ([cookies, html]) => ({
      CookieJar: (cookies as typeof import('tough-cookie')).CookieJar,
      parse: (html as typeof import('parse5')).parse,
    }),
    (err: unknown) => {
      loading = undefined;
      const code = (err as { code?: string }).code;
      if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
        throw new OkConfigError(
          'logging in through the login dialog (okru/login) needs the packages tough-cookie and parse5, which okru lists as optional peer dependencies: npm install tough-cookie parse5',
        );
      }
      throw err;
    },
  );
  return loading;
}
