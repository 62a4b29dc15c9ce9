// Calls without a user session, signed with the application secret key: `prohibited` methods such as
// notifications.sendSimple, and `optional` ones given a uid.
// Run: OKRU_APP_ID=... OKRU_APP_KEY=... OKRU_APP_SECRET_KEY=... npm run example examples/app-only.ts
import { API, ServerSession } from 'okru';

const ok = new API(
  new ServerSession({
    appId: Number(process.env.OKRU_APP_ID),
    appKey: process.env.OKRU_APP_KEY!,
    appSecretKey: process.env.OKRU_APP_SECRET_KEY!,
  }),
  { httpMethod: 'POST', baseUrl: process.env.OKRU_BASE_URL },
);

const sent = await ok.notifications.sendSimple({ uid: '575662066926', text: 'Your harvest is ready' });
const friends = await ok.friends.get({ uid: '575662066926' });
console.log({ sent, friends });
