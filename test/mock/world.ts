// The apps and users the HTTP conformance tests run the mock with: two apps (one with registered redirect URIs, one
// without), users with configured tokens, logins, and permissions with and without LONG_ACCESS_TOKEN.

export const WEB_APP = {
  appId: 512000000101,
  appKey: 'CBAWEBAPPKEY',
  appSecretKey: 'web-app-secret',
  redirectUris: ['https://app.example/callback', 'http://127.0.0.1:8123/cb'],
};
export const DEMO_APP = { appId: 512000000102, appKey: 'CBADEMOKEYTWO', appSecretKey: 'demo-two-secret' };

export const IVAN = {
  uid: '575662066926',
  name: 'Ivan Petrov',
  login: 'ivan@example.com',
  password: 'p@ss word+Ж',
  accessToken: 'ivan-configured-token',
  sessionSecretKey: 'ivan-session-secret',
  permissions: ['VALUABLE_ACCESS', 'PHOTO_CONTENT', 'LONG_ACCESS_TOKEN', 'GET_EMAIL'],
  friends: ['575662066927'],
};
export const MARIA = {
  uid: '575662066927',
  name: 'Maria Ivanova',
  login: 'maria@example.com',
  password: 'maria-password',
  accessToken: 'maria-configured-token',
  permissions: ['VALUABLE_ACCESS'],
  friends: ['575662066926'],
};
export const EXPIRED = {
  uid: '575662066929',
  name: 'Anna Expired',
  accessToken: 'expired-token',
  sessionSecretKey: 'expired-secret',
  permissions: ['VALUABLE_ACCESS'],
  expired: true,
};

export const WORLD = { apps: [WEB_APP, DEMO_APP], users: [IVAN, MARIA, EXPIRED] };

export const THIRTY_DAYS_S = 30 * 24 * 3600;
export const THIRTY_MINUTES_S = 1800;
