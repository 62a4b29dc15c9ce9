// A stored refresh token: get a fresh access token, call, and keep whatever new tokens OK sends.
// Run: OK_APP_ID=... OK_APP_KEY=... OK_APP_SECRET_KEY=... OK_REFRESH_TOKEN=... npm run example examples/oauth-refresh.ts
import { writeFileSync } from 'node:fs';
import { API, RefreshSession } from 'okru';

await using session = new RefreshSession({
  appId: Number(process.env.OK_APP_ID),
  appKey: process.env.OK_APP_KEY!,
  appSecretKey: process.env.OK_APP_SECRET_KEY!,
  refreshToken: process.env.OK_REFRESH_TOKEN!,
  // Called after the first refresh and after every later one (a call that meets 102 refreshes and retries).
  onTokens: (tokens) => writeFileSync('ok-tokens.json', JSON.stringify(tokens), { mode: 0o600 }),
});
const ok = new API(session);
console.log(await ok.users.getCurrentUser());
