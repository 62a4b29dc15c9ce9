// A session built from credentials already at hand. The circuit is inferred as aiookru documents it, or set.
import { OkConfigError } from '../errors.js';
import { serverSecret } from '../signature.js';
import { checkAppId, checkOptionalText, checkRequiredText } from './options.js';
import { Session, type CallAuth, type Circuit } from './session.js';
import type { SESSION_KIND, SessionKind } from '../markers.js';

export interface TokenSessionOptions {
  /** The application id. */
  appId: number | string;
  /** The application's public key. */
  appKey: string;
  /** The application's secret key: server-server calls, and calls without a user session. Keep it on servers. */
  appSecretKey?: string;
  /** The user's access token (or session key). */
  accessToken?: string;
  /** The session secret key of the client-server circuit (implicit OAuth, WEB apps). */
  sessionSecretKey?: string;
  /**
   * The signature circuit. Inferred when omitted: application secret key and access token → `server`; else session
   * secret key and access token → `client`; application secret key alone → `app`.
   */
  circuit?: Circuit;
}

/**
 * The class behind TokenSession. K is the kind of session the types know it is; the exported TokenSession constructor
 * picks it from the options by overload (cheap for the type checker, unlike inferring it from the options' type).
 */
export class TokenSessionClass<K extends SessionKind = SessionKind> extends Session {
  /** The name used in error messages (class names do not survive minification). */
  static readonly label: string = 'TokenSession';
  declare readonly [SESSION_KIND]?: K;
  readonly circuit: Circuit;
  #appSecretKey: string | undefined;
  #accessToken: string | undefined;
  #sessionSecretKey: string | undefined;
  #serverSecret: string | undefined;
  #secrets: string[] | undefined;
  /** What calls are signed with, as the user: kept until the credentials change (it is asked for on every call). */
  #userAuth: CallAuth | undefined;
  #closed = false;

  constructor(options: TokenSessionOptions) {
    const owner = (new.target as typeof TokenSessionClass).label;
    if (!options || typeof options !== 'object')
      throw new OkConfigError(`${owner}: options are required: { appId, appKey, ... }`);
    super(
      checkAppId(owner, options.appId),
      checkRequiredText(owner, 'appKey', options.appKey, "the application's public key"),
    );
    this.#appSecretKey = checkOptionalText(owner, 'appSecretKey', options.appSecretKey);
    this.#accessToken = checkOptionalText(owner, 'accessToken', options.accessToken);
    this.#sessionSecretKey = checkOptionalText(owner, 'sessionSecretKey', options.sessionSecretKey);
    this.circuit = options.circuit ?? this.inferCircuit(owner);
    this.checkCredentials(owner);
  }

  private inferCircuit(owner: string): Circuit {
    if (this.#appSecretKey && this.#accessToken) return 'server';
    if (this.#sessionSecretKey && this.#accessToken) return 'client';
    if (this.#appSecretKey) return 'app';
    throw new OkConfigError(
      `${owner}: cannot sign calls: give appSecretKey (with accessToken for the server-server circuit, alone for calls without a user session), or accessToken with sessionSecretKey (client-server circuit)`,
    );
  }

  /** Checks that the circuit's credentials are all there; sessions that obtain a token later check less. */
  protected checkCredentials(owner: string): void {
    const need = (ok: unknown, what: string) => {
      if (!ok) throw new OkConfigError(`${owner}: the ${this.circuit} circuit needs ${what}`);
    };
    switch (this.circuit) {
      case 'server':
        need(this.#appSecretKey && this.#accessToken, 'appSecretKey and accessToken');
        break;
      case 'client':
        need(this.#sessionSecretKey && this.#accessToken, 'sessionSecretKey and accessToken');
        break;
      case 'app':
        need(this.#appSecretKey, 'appSecretKey');
        break;
      default:
        throw new OkConfigError(`${owner}: circuit must be 'client', 'server' or 'app'`);
    }
  }

  /** The user's access token, when the session has one. */
  override get accessToken(): string | undefined {
    return this.#accessToken;
  }

  /** The session secret key, when the session has one. */
  get sessionSecretKey(): string | undefined {
    return this.#sessionSecretKey;
  }

  get hasUser(): boolean {
    return this.circuit !== 'app';
  }

  get canCallAsApp(): boolean {
    return this.#appSecretKey !== undefined;
  }

  /** The application secret key, for the token endpoint of OAuth flows; never shown. */
  protected get appSecretKey(): string | undefined {
    return this.#appSecretKey;
  }

  get closed(): boolean {
    return this.#closed;
  }

  auth(asUser: boolean): CallAuth {
    if (this.#closed) throw new OkConfigError('this session is closed');
    if (!asUser) {
      if (!this.#appSecretKey) throw new OkConfigError('calls without a user session need appSecretKey');
      return { secret: this.#appSecretKey };
    }
    if (this.#userAuth) return this.#userAuth;
    const unsigned = { access_token: this.#accessToken! };
    if (this.circuit === 'client') {
      this.#userAuth = { unsigned, secret: this.#sessionSecretKey! };
    } else {
      this.#serverSecret = serverSecret(this.#accessToken!, this.#appSecretKey!);
      this.#secrets = undefined;
      this.#userAuth = { unsigned, secret: this.#serverSecret };
    }
    return this.#userAuth;
  }

  protected override describe(): Record<string, unknown> {
    return { ...super.describe(), circuit: this.circuit };
  }

  secrets(): string[] {
    // Asked for on every call (to redact reports): kept until the credentials change.
    this.#secrets ??= [this.#accessToken, this.#sessionSecretKey, this.#appSecretKey, this.#serverSecret].filter(
      (s): s is string => !!s,
    );
    return this.#secrets;
  }

  override close(): Promise<void> {
    this.#closed = true;
    this.#accessToken = this.#sessionSecretKey = this.#appSecretKey = this.#serverSecret = undefined;
    this.#secrets = undefined;
    this.#userAuth = undefined;
    return Promise.resolve();
  }

  /** Replaces the credentials (after an OAuth flow or a token refresh). */
  protected setCredentials(credentials: { accessToken?: string; sessionSecretKey?: string }): void {
    if (credentials.accessToken !== undefined) {
      this.#accessToken = credentials.accessToken;
      this.#serverSecret = undefined;
    }
    if (credentials.sessionSecretKey !== undefined) this.#sessionSecretKey = credentials.sessionSecretKey;
    this.#secrets = undefined;
    this.#userAuth = undefined;
  }
}

export interface ClientSessionOptions {
  appId: number | string;
  appKey: string;
  accessToken: string;
  sessionSecretKey: string;
}

/** The client-server circuit, for tokens from the implicit flow: signed with the session secret key. */
export class ClientSession extends TokenSessionClass<'user'> {
  static override readonly label: string = 'ClientSession';
  constructor(options: ClientSessionOptions) {
    const owner = (new.target as typeof TokenSessionClass).label;
    checkRequiredText(owner, 'accessToken', options?.accessToken, "the user's access token");
    checkRequiredText(owner, 'sessionSecretKey', options?.sessionSecretKey, 'the session secret key');
    super({
      appId: options.appId,
      appKey: options.appKey,
      accessToken: options.accessToken,
      sessionSecretKey: options.sessionSecretKey,
      circuit: 'client',
    });
  }
}

export interface ServerSessionOptions {
  appId: number | string;
  appKey: string;
  appSecretKey: string;
  /** Omit for calls without a user session. */
  accessToken?: string;
}

/** The class behind ServerSession (see TokenSessionClass for K). */
export class ServerSessionClass<K extends SessionKind = SessionKind> extends TokenSessionClass<K> {
  static override readonly label: string = 'ServerSession';
  constructor(options: ServerSessionOptions) {
    const owner = (new.target as typeof TokenSessionClass).label;
    checkRequiredText(owner, 'appSecretKey', options?.appSecretKey, "the application's secret key");
    const accessToken = checkOptionalText(owner, 'accessToken', options.accessToken);
    super({
      appId: options.appId,
      appKey: options.appKey,
      appSecretKey: options.appSecretKey,
      accessToken,
      circuit: accessToken ? 'server' : 'app',
    });
  }
}

/** A session from credentials at hand; `K` is what the types know of it: a user's session, the app's alone, or either. */
export type TokenSession<K extends SessionKind = SessionKind> = TokenSessionClass<K>;

/** The type of the TokenSession constructor: its overloads type the session from the options it is given. */
export interface TokenSessionConstructor {
  /** `circuit: 'app'`: calls without a user session. */
  new (options: TokenSessionOptions & { circuit: 'app' }): TokenSession<'app'>;
  /** With an access token: a user's session. */
  new (options: TokenSessionOptions & { accessToken: string }): TokenSession<'user'>;
  /** Without an access token: the application alone. */
  new (options: TokenSessionOptions & { accessToken?: undefined }): TokenSession<'app'>;
  /** The token may or may not be there: the types restrict nothing. */
  new (options: TokenSessionOptions): TokenSession;
  readonly prototype: TokenSession;
  readonly label: string;
}

/**
 * A session built from credentials already at hand. The circuit is inferred as aiookru documents it (application
 * secret key and access token → server-server; else session secret key and access token → client-server; application
 * secret key alone → no user session), or set with `circuit`.
 */
export const TokenSession = TokenSessionClass as TokenSessionConstructor;

/**
 * The server-server circuit (with an access token), or calls without a user session (without one). The type knows
 * which: `new ServerSession({ appId, appKey, appSecretKey })` cannot call methods that need a user session.
 */
export type ServerSession<K extends SessionKind = SessionKind> = ServerSessionClass<K>;

/** The type of the ServerSession constructor: with an access token a user's session, without one the app's alone. */
export interface ServerSessionConstructor {
  /** With an access token: a user's session on the server-server circuit. */
  new (options: ServerSessionOptions & { accessToken: string }): ServerSession<'user'>;
  /** Without one: calls without a user session, signed with the application secret key. */
  new (options: ServerSessionOptions & { accessToken?: undefined }): ServerSession<'app'>;
  /** The token may or may not be there: the types restrict nothing. */
  new (options: ServerSessionOptions): ServerSession;
  readonly prototype: ServerSession;
  readonly label: string;
}

export const ServerSession = ServerSessionClass as ServerSessionConstructor;
