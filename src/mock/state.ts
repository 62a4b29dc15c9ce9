// Everything the mock server remembers: tokens and codes, login flows and login cookies, what users approved, and
// what calls create (albums, photos, topics), so that real flows work end to end (upload, commit, then see the photo
// in photos.getPhotos). What requests create and nobody finishes expires, and each kind is capped (limits.ts).
import type { Permission } from '../../generated/permissions.js';
import type { MockApp, MockConfig, MockUser } from './config.js';
import { ExpiringMap } from './expiring-map.js';
import { EXPIRED_TOKEN_MEMORY_S, type MockLifetimes, type MockLimits } from './limits.js';
import { randomDigits, randomHex, seededRandom } from './random.js';
import { CallLimiter } from './call-limits.js';

/** What an access token the mock knows stands for: its user, its app, the permissions granted, its expiry. */
export interface TokenGrant {
  uid: string;
  appId: number;
  /** Set for tokens of the implicit flow and auth.login (client-server circuit). */
  sessionSecretKey?: string;
  permissions: Permission[];
  /** When the token expires, in ms since the epoch. */
  expiresAt: number;
}

/** What an authorization code stands for, until the token endpoint exchanges it (once) for tokens. */
export interface CodeGrant {
  appId: number;
  uid: string;
  redirectUri: string;
  permissions: Permission[];
}

/** What a refresh token stands for: the grant it renews. */
export interface RefreshGrant {
  appId: number;
  uid: string;
  permissions: Permission[];
}

/** What an authorize URL asked for, checked. */
export interface AuthorizeRequest {
  appId: number;
  redirectUri: string;
  responseType: 'code' | 'token';
  scope: Permission[];
  state?: string;
}

/** A login dialog in progress, found by the cookie the authorize endpoint sets. */
export interface DialogFlow extends AuthorizeRequest {
  /** Set once the user is known (logged in before, or through the login form). */
  uid?: string;
  /** The permissions form must send this back (fr.token). */
  formToken: string;
}

/** A photo uploaded to the mock: uncommitted until photosV2.commit. */
export interface PhotoRecord {
  id: string;
  ownerId: string;
  albumId?: string;
  groupId?: string;
  /** Present until photosV2.commit: the upload token. */
  uploadToken?: string;
  /** Until when an uploaded photo may be committed; after it, an uncommitted photo is dropped. */
  commitBy?: number;
  committed: boolean;
  created: number;
  comment?: string;
  /** Bytes received. */
  size?: number;
  /** A moment's picture: it waits for the step that adds the moment, and photosV2.commit does not save it. */
  moment?: boolean;
}

/** A photo album made with photos.createAlbum. */
export interface AlbumRecord {
  aid: string;
  ownerId: string;
  groupId?: string;
  title: string;
  description?: string;
  created: number;
}

/** A topic posted with mediatopic.post. */
export interface TopicRecord {
  id: string;
  ownerId: string;
  groupId?: string;
  type: string;
  attachment: unknown;
  created: number;
}

/** An upload URL from photosV2.getUploadUrl or moments.getUploadUrl: the photo ids it is for, until it expires. */
export interface UploadSlot {
  /** Which reserved it: its URL is `/upload/<media>/<slot>`. */
  media: 'photo' | 'moment';
  uid: string;
  appId: number;
  photoIds: string[];
  albumId?: string;
  groupId?: string;
  expiresAt: number;
}

/** A token configured for a user: valid with every configured app (see ARCHITECTURE.md, "The mock server"). */
type ConfiguredGrant = Omit<TokenGrant, 'appId'>;

/**
 * Everything the mock server remembers (MockServer's `state`): the tokens and codes it issued, login flows and
 * cookies, what users approved, and the albums, photos and topics that calls made. What requests create expires and
 * is capped (MockLimits).
 */
export class MockState {
  readonly next: () => number;
  /** Tokens the mock issued (flows, auth.login): each for one app and one user, as OK's. */
  readonly tokens: ExpiringMap<string, TokenGrant>;
  readonly codes: ExpiringMap<string, CodeGrant>;
  readonly refreshTokens: ExpiringMap<string, RefreshGrant>;
  readonly uploads: ExpiringMap<string, UploadSlot>;
  /** Login-dialog flows, by the cookie the dialog sets. */
  readonly flows: ExpiringMap<string, DialogFlow>;
  /** Login cookies the dialog set, to the uid logged in. */
  readonly logins: ExpiringMap<string, string>;
  /** What each user approved for each app in the permissions dialog; bounded by users × apps of the config. */
  readonly approvals = new Map<string, Set<Permission>>();
  readonly photos = new Map<string, PhotoRecord>();
  readonly albums = new Map<string, AlbumRecord>();
  readonly topics = new Map<string, TopicRecord>();
  readonly #configuredTokens = new Map<string, ConfiguredGrant>();
  /** The config's calls-a-second limits, counted per app and per method. */
  readonly callLimiter: CallLimiter;
  #clock = 0;

  constructor(
    readonly config: MockConfig,
    seed: number,
    readonly limits: Required<MockLimits>,
    readonly lifetimes: Required<MockLifetimes>,
  ) {
    this.next = seededRandom(seed);
    this.callLimiter = new CallLimiter(config.callLimits ?? {});
    this.tokens = new ExpiringMap(limits.maxTokens);
    this.refreshTokens = new ExpiringMap(limits.maxTokens);
    this.codes = new ExpiringMap(limits.maxPending);
    this.uploads = new ExpiringMap(limits.maxPending);
    this.flows = new ExpiringMap(limits.maxPending);
    this.logins = new ExpiringMap(limits.maxPending);
    for (const user of config.users) {
      if (!user.accessToken) continue;
      this.#configuredTokens.set(user.accessToken, {
        uid: user.uid,
        sessionSecretKey: user.sessionSecretKey,
        permissions: [...(user.permissions ?? ['VALUABLE_ACCESS'])],
        expiresAt: user.expired ? 0 : Number.MAX_SAFE_INTEGER,
      });
    }
  }

  /** The grant of a token for an app: a configured token works with every app, an issued one with its own. */
  grant(token: string, app: MockApp): TokenGrant | undefined {
    const configured = this.#configuredTokens.get(token);
    if (configured) return { ...configured, appId: app.appId };
    const issued = this.tokens.get(token);
    return issued?.appId === app.appId ? issued : undefined;
  }

  /** A strictly increasing time in ms: object creation times that sort well even within one millisecond. */
  now(): number {
    this.#clock = Math.max(this.#clock + 1, Date.now());
    return this.#clock;
  }

  /** The app by its public key, as `application_key` names it (never by its numeric id: OK answers 101). */
  appByKey(appKey: string | undefined): MockApp | undefined {
    return appKey ? this.config.apps.find((a) => a.appKey === appKey) : undefined;
  }

  /** The app by its numeric id, as `client_id` names it. */
  appById(appId: string | undefined): MockApp | undefined {
    return appId ? this.config.apps.find((a) => String(a.appId) === appId) : undefined;
  }

  user(uid: string): MockUser | undefined {
    return this.config.users.find((u) => u.uid === uid);
  }

  newId(length = 12): string {
    return randomDigits(this.next, length);
  }

  newSecret(bytes = 16): string {
    return randomHex(this.next, bytes);
  }

  /** OK's token lifetime for these permissions: 30 days with LONG_ACCESS_TOKEN, 30 minutes without. */
  tokenLifetimeS(permissions: readonly Permission[]): number {
    return permissions.includes('LONG_ACCESS_TOKEN') ? this.lifetimes.longAccessTokenS : this.lifetimes.accessTokenS;
  }

  /** A new access token and how many seconds it lives. */
  issueToken(grant: Omit<TokenGrant, 'expiresAt'>): { token: string; expiresIn: number } {
    const token = `mock-${this.newSecret(12)}`;
    const expiresIn = this.tokenLifetimeS(grant.permissions);
    // Kept a while past expiry, so that a late call learns that the token expired (102) rather than that it never
    // existed (103).
    this.tokens.set(
      token,
      { ...grant, expiresAt: Date.now() + expiresIn * 1000 },
      (expiresIn + EXPIRED_TOKEN_MEMORY_S) * 1000,
    );
    return { token, expiresIn };
  }

  issueRefreshToken(grant: RefreshGrant): string {
    const token = `mock-rt-${this.newSecret(12)}`;
    this.refreshTokens.set(token, grant, this.lifetimes.refreshTokenS * 1000);
    return token;
  }

  /** The uid a login cookie stands for, while it lives. */
  loggedIn(loginCookie: string | undefined): string | undefined {
    return loginCookie ? this.logins.get(loginCookie) : undefined;
  }

  logIn(uid: string): string {
    const cookie = this.newSecret(16);
    this.logins.set(cookie, uid, this.lifetimes.loginS * 1000);
    return cookie;
  }

  approve(uid: string, appId: number, scope: readonly Permission[]): void {
    const key = `${uid}:${appId}`;
    const approved = this.approvals.get(key) ?? new Set<Permission>();
    for (const p of scope) approved.add(p);
    this.approvals.set(key, approved);
  }

  /** The user approved this app before, for every permission of `scope`: OK then skips the permissions page. */
  hasApproved(uid: string, appId: number, scope: readonly Permission[]): boolean {
    const approved = this.approvals.get(`${uid}:${appId}`);
    return approved !== undefined && scope.every((p) => approved.has(p));
  }

  /** Drops what expired: flows, codes, login cookies, upload slots, tokens, and photos uploaded but never committed. */
  sweep(): void {
    for (const map of [this.tokens, this.refreshTokens, this.codes, this.uploads, this.flows, this.logins]) map.sweep();
    const now = Date.now();
    for (const [id, photo] of this.photos)
      if (!photo.committed && photo.commitBy !== undefined && now >= photo.commitBy) this.photos.delete(id);
  }
}
