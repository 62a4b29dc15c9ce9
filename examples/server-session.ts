// A server holding a user's OAuth access token: the server-server circuit.
// Run: OK_APP_ID=... OK_APP_KEY=... OK_APP_SECRET_KEY=... OK_ACCESS_TOKEN=... npm run example examples/server-session.ts
import { API, ServerSession, isSessionExpired } from 'okru';

const ok = new API(
  new ServerSession({
    appId: Number(process.env.OK_APP_ID),
    appKey: process.env.OK_APP_KEY!,
    appSecretKey: process.env.OK_APP_SECRET_KEY!,
    accessToken: process.env.OK_ACCESS_TOKEN!,
  }),
  { baseUrl: process.env.OK_API_URL }, // optional: another API server
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
