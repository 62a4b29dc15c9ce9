// Credentials used across tests: the two doc vectors of OK-API.md, and distinct fakes for leak checks.
import { ServerSession } from '../../src/index.js';

export const DOC_APP_KEY = 'ABCDEFGHIGKLMNOPK';

export const CLIENT_VECTOR = {
  appId: 123456,
  appKey: DOC_APP_KEY,
  accessToken: '-s-2GUXOAvQYI7-RfxsZtV1wezsdtVPv92xfuaSQ8.SAIV1O2ywYra2-3ywes5St2yvcuZSr9UUWN2TtbWtWKVTuAy8',
  sessionSecretKey: 'ae5362b5b588cc7294c2414d71b74d5d',
  sig: '03a41413523ea8092507949d6e711963',
} as const;

export const SERVER_VECTOR = {
  appId: 123456,
  appKey: DOC_APP_KEY,
  appSecretKey: 'ABC123DEF456GHI789JKL123',
  accessToken: '-s-84W-s3egarWUsbkq-IWTucuedzTKT8VUXIA.s4Xx8IW7',
  secret: 'b1a2b89707a94624c43afae67d59274c',
  sig: '232c8eb921951c4dba9b72606f9ddb4c',
} as const;

/** Distinctive secrets, easy to search for in anything okru reports. */
export const LEAKY = {
  appId: 777,
  appKey: 'PUBLICKEY777',
  appSecretKey: 'APPSECRET-zz9-Plural-Z-Alpha',
  accessToken: 'TOKEN-qq7-very+secret/value=',
  sessionSecretKey: 'SESSIONSECRET-kk3',
  /** A space, quotes and a backslash: its URL-encoded, form-encoded and JSON-escaped forms all differ from it. */
  password: 'PASSWORD-ww2 "quoted" back\\slash',
} as const;

/** A server-server session holding the LEAKY secrets (its session secret key is the server circuit's own). */
export const leakyServerSession = () =>
  new ServerSession({
    appId: LEAKY.appId,
    appKey: LEAKY.appKey,
    appSecretKey: LEAKY.appSecretKey,
    accessToken: LEAKY.accessToken,
  });
