// Everything the mock server remembers: tokens and codes, login flows, and what calls create (albums, photos,
// topics), so that real flows work end to end (upload, commit, then see the photo in photos.getPhotos).
import type { Permission } from '../../generated/permissions.js';
import type { MockApp, MockConfig, MockUser } from './config.js';
import { randomDigits, randomHex, seededRandom } from './random.js';

export interface TokenGrant {
  uid: string;
  appId: number;
  /** Set for tokens of the implicit flow and auth.login (client-server circuit). */
  sessionSecretKey?: string;
  permissions: Permission[];
  expiresAt: number;
}

export interface PhotoRecord {
  id: string;
  ownerId: string;
  albumId?: string;
  groupId?: string;
  /** Present until photosV2.commit: the upload token. */
  uploadToken?: string;
  committed: boolean;
  created: number;
  comment?: string;
}

export interface AlbumRecord {
  aid: string;
  ownerId: string;
  groupId?: string;
  title: string;
  description?: string;
  created: number;
}

export interface TopicRecord {
  id: string;
  ownerId: string;
  groupId?: string;
  type: string;
  attachment: unknown;
  created: number;
}

export interface UploadSlot {
  uid: string;
  appId: number;
  photoIds: string[];
  albumId?: string;
  groupId?: string;
  expiresAt: number;
}

/** Seconds new access tokens live. */
export const TOKEN_LIFETIME_S = 1800;

export class MockState {
  readonly next: () => number;
  readonly tokens = new Map<string, TokenGrant>();
  readonly codes = new Map<string, { appId: number; uid: string; redirectUri: string; permissions: Permission[]; expiresAt: number }>();
  readonly refreshTokens = new Map<string, { appId: number; uid: string; permissions: Permission[] }>();
  readonly photos = new Map<string, PhotoRecord>();
  readonly albums = new Map<string, AlbumRecord>();
  readonly topics = new Map<string, TopicRecord>();
  readonly uploads = new Map<string, UploadSlot>();
  /** Login-dialog flows, by the cookie the dialog sets. */
  readonly flows = new Map<string, { appId: number; redirectUri: string; responseType: string; scope: Permission[]; state?: string; uid?: string; formToken: string }>();
  #clock = 0;

  constructor(
    readonly config: MockConfig,
    seed: number,
  ) {
    this.next = seededRandom(seed);
    for (const user of config.users) {
      if (!user.accessToken) continue;
      for (const app of config.apps) {
        this.tokens.set(user.accessToken, {
          uid: user.uid,
          appId: app.appId,
          sessionSecretKey: user.sessionSecretKey,
          permissions: [...(user.permissions ?? ['VALUABLE_ACCESS'])],
          expiresAt: user.expired ? 0 : Number.MAX_SAFE_INTEGER,
        });
      }
    }
  }

  /** A strictly increasing time in ms: object creation times that sort well even within one millisecond. */
  now(): number {
    this.#clock = Math.max(this.#clock + 1, Date.now());
    return this.#clock;
  }

  app(appKeyOrId: string | number): MockApp | undefined {
    return this.config.apps.find((a) => a.appKey === appKeyOrId || String(a.appId) === String(appKeyOrId));
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

  issueToken(grant: Omit<TokenGrant, 'expiresAt'>, lifetimeS = TOKEN_LIFETIME_S): string {
    const token = `mock-${this.newSecret(12)}`;
    this.tokens.set(token, { ...grant, expiresAt: Date.now() + lifetimeS * 1000 });
    return token;
  }
}
