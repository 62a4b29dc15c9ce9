// A server holding a user's OAuth access token: the server-server circuit.
// Run: OKRU_APP_ID=... OKRU_APP_KEY=... OKRU_APP_SECRET_KEY=... OKRU_ACCESS_TOKEN=... npm run example examples/server-session.ts
import { API, ServerSession, isSessionExpired } from 'okru';

const ok = new API(
  new ServerSession({
    appId: Number(process.env.OKRU_APP_ID),
    appKey: process.env.OKRU_APP_KEY!,
    appSecretKey: process.env.OKRU_APP_SECRET_KEY!,
    accessToken: process.env.OKRU_ACCESS_TOKEN!,
  }),
  { baseUrl: process.env.OKRU_BASE_URL }, // optional: another API server
);

try {
  const me = await ok.users.getCurrentUser();
  const [user] = await ok.users.getInfo({ uids: ['575662066926'], fields: ['first_name', 'pic_1'] });
  const friends = await ok.call('friends.get', { fid: '575662066926' });
  console.log({ me, user, friends });
} catch (err) {
  if (isSessionExpired(err)) console.error('The access token has expired: get a new one.');
  else throw err;
}
