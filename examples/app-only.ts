// Calls without a user session, signed with the application secret key: `prohibited` methods such as
// notifications.sendSimple, and `optional` ones given a uid.
// Run: OK_APP_ID=... OK_APP_KEY=... OK_APP_SECRET_KEY=... npm run example examples/app-only.ts
import { API, ServerSession } from 'okru';

const ok = new API(
  new ServerSession({ appId: Number(process.env.OK_APP_ID), appKey: process.env.OK_APP_KEY!, appSecretKey: process.env.OK_APP_SECRET_KEY! }),
  { httpMethod: 'POST' },
);

const sent = await ok.notifications.sendSimple({ uid: '575662066926', text: 'Your harvest is ready' });
const friends = await ok.friends.get({ uid: '575662066926' });
console.log({ sent, friends });
