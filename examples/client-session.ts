// A client (mobile, desktop, browser) with the token and session secret key of the implicit flow: the client-server
// circuit. No application secret key here: it must never ship in client code.
// Run: OKRU_APP_ID=... OKRU_APP_KEY=... OKRU_ACCESS_TOKEN=... OKRU_SESSION_SECRET_KEY=... npm run example examples/client-session.ts
import { API, ClientSession, OkApiError } from 'okru';

const ok = new API(
  new ClientSession({
    appId: Number(process.env.OKRU_APP_ID),
    appKey: process.env.OKRU_APP_KEY!,
    accessToken: process.env.OKRU_ACCESS_TOKEN!,
    sessionSecretKey: process.env.OKRU_SESSION_SECRET_KEY!,
  }),
  { baseUrl: process.env.OKRU_BASE_URL },
);

try {
  console.log(await ok.events.get());
} catch (err) {
  if (err instanceof OkApiError) console.error(err.code, err.codeName, err.msg);
  else throw err;
}

// passError: OK's error object comes back as the result instead of being thrown (aiookru's pass_error).
const raw = new API(ok.session, { passError: true, baseUrl: process.env.OKRU_BASE_URL });
console.log(await raw.call('friends.get'));
