/**
 * The entry `okru/login`: logging in with a login and password through OK's web login dialog (ImplicitSession, and
 * authorizeWithPassword for a code or token), for scripts and tests. It reads HTML and keeps cookies with parse5 and
 * tough-cookie, optional peer dependencies loaded only here: install them to use it (`npm i parse5 tough-cookie`).
 *
 * @module okru/login
 */
export {
  ImplicitSession,
  ImplicitClientSession,
  DEFAULT_REDIRECT_URI,
  type ImplicitSessionOptions,
  type ImplicitClientSessionOptions,
} from './oauth/implicit-session.js';
export { authorizeWithPassword, type DialogLoginOptions } from './oauth/dialog-login.js';
