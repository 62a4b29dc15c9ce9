// A WEB (iframe) app's session: the `session_key` and `session_secret_key` OK passes at launch. Calls use the
// client-server circuit as OK's JS SDK makes them for WEB apps: `session_key` is sent and signed, the secret is the
// session secret key, and there is no access token.
import { OkConfigError } from '../errors.js';
import { checkAppId, checkRequiredText } from '../sessions/options.js';
import { Session, type CallAuth, type Circuit } from '../sessions/session.js';
import type { SESSION_KIND } from '../markers.js';
import { quoteName, readQuery, type QueryInput } from './query.js';

export interface WebSessionOptions {
  /** The application id. */
  appId: number | string;
  /** The application's public key (launch parameter `application_key`). */
  appKey: string;
  /** The user's session key (launch parameter `session_key`). */
  sessionKey: string;
  /** The session secret key (launch parameter `session_secret_key`). */
  sessionSecretKey: string;
}

export class WebSession extends Session {
  /** The name used in error messages (class names do not survive minification). */
  static readonly label: string = 'WebSession';
  declare readonly [SESSION_KIND]?: 'user';
  /** Always the client-server circuit: signed with the session secret key. */
  readonly circuit: Circuit = 'client';
  #sessionKey: string | undefined;
  #sessionSecretKey: string | undefined;

  constructor(options: WebSessionOptions) {
    const owner = (new.target as typeof WebSession).label;
    if (!options || typeof options !== 'object')
      throw new OkConfigError(`${owner}: options are required: { appId, appKey, sessionKey, sessionSecretKey }`);
    super(
      checkAppId(owner, options.appId),
      checkRequiredText(owner, 'appKey', options.appKey, "the application's public key"),
    );
    this.#sessionKey = checkRequiredText(
      owner,
      'sessionKey',
      options.sessionKey,
      'the session key (launch parameter session_key)',
    );
    this.#sessionSecretKey = checkRequiredText(
      owner,
      'sessionSecretKey',
      options.sessionSecretKey,
      'the session secret key (launch parameter session_secret_key)',
    );
  }

  /**
   * A session from the launch parameters (`application_key`, `session_key`, `session_secret_key`); the application
   * id is not among them, so it comes in `options`. On a server, check the parameters with `verifyLaunchParams`
   * first: anybody can make up a query string.
   *
   * @throws OkConfigError naming the launch parameter that is missing or repeated, or the bad option.
   */
  static fromLaunchParams(query: QueryInput, options: { appId: number | string }): WebSession {
    const owner = `${WebSession.label}.fromLaunchParams`;
    const { params, problem } = readQuery(query);
    if (problem !== undefined) throw new OkConfigError(`${owner}: launch parameters unusable: ${problem}`);
    const get = (name: string): string => {
      const value = params[name];
      if (!value) throw new OkConfigError(`${owner}: launch parameter ${quoteName(name)} is missing`);
      return value;
    };
    return new WebSession({
      appId: options?.appId,
      appKey: get('application_key'),
      sessionKey: get('session_key'),
      sessionSecretKey: get('session_secret_key'),
    });
  }

  /** The user's session key (sent with every call, and signed). */
  get sessionKey(): string | undefined {
    return this.#sessionKey;
  }

  /** The session secret key (what calls are signed with). */
  get sessionSecretKey(): string | undefined {
    return this.#sessionSecretKey;
  }

  /** The session key, which plays the access token's part. */
  override get accessToken(): string | undefined {
    return this.#sessionKey;
  }

  get hasUser(): boolean {
    return true;
  }

  /** False: a WEB session has no application secret key (it must never reach the browser). */
  get canCallAsApp(): boolean {
    return false;
  }

  auth(asUser: boolean): CallAuth {
    if (!this.#sessionKey || !this.#sessionSecretKey) throw new OkConfigError('this session is closed');
    if (!asUser) {
      throw new OkConfigError(
        `${(this.constructor as typeof WebSession).label}: calls without a user session need the application secret key, which a WEB session does not hold; make them from your server with a ServerSession`,
      );
    }
    return { signed: { session_key: this.#sessionKey }, secret: this.#sessionSecretKey };
  }

  secrets(): string[] {
    return [this.#sessionKey, this.#sessionSecretKey].filter((s): s is string => !!s);
  }

  override close(): Promise<void> {
    this.#sessionKey = this.#sessionSecretKey = undefined;
    return Promise.resolve();
  }

  protected override describe(): Record<string, unknown> {
    return { ...super.describe(), circuit: this.circuit };
  }
}
