// A stored refresh token: get a fresh access token, call, and keep whatever new tokens OK sends.
// Run: OKRU_APP_ID=... OKRU_APP_KEY=... OKRU_APP_SECRET_KEY=... OKRU_REFRESH_TOKEN=... npm run example examples/oauth-refresh.ts
import { writeFileSync } from 'node:fs';
import { API, RefreshSession } from 'okru';

await using session = new RefreshSession({
  appId: Number(process.env.OKRU_APP_ID),
  appKey: process.env.OKRU_APP_KEY!,
  appSecretKey: process.env.OKRU_APP_SECRET_KEY!,
  refreshToken: process.env.OKRU_REFRESH_TOKEN!,
  oauthBaseUrl: process.env.OKRU_BASE_URL,
  // Called after the first refresh and after every later one (a call that meets 102 refreshes and retries).
  onTokens: (tokens) => writeFileSync('ok-tokens.json', JSON.stringify(tokens), { mode: 0o600 }),
});
const ok = new API(session, { baseUrl: process.env.OKRU_BASE_URL });
console.log(await ok.users.getCurrentUser());
