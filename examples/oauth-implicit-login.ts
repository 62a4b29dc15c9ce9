// Logging in with a login and password through OK's web dialog (aiookru's ImplicitSession), for scripts and tests of
// your own account. Each way the login can fail is its own error.
// Run: OKRU_APP_ID=... OKRU_APP_KEY=... OKRU_LOGIN=... OKRU_PASSWORD=... npm run example examples/oauth-implicit-login.ts
import { API, CaptchaRequiredError, VerificationRequiredError, WrongCredentialsError } from 'okru';
import { ImplicitClientSession } from 'okru/login';

const session = new ImplicitClientSession({
  appId: Number(process.env.OKRU_APP_ID),
  appKey: process.env.OKRU_APP_KEY!,
  login: process.env.OKRU_LOGIN!,
  password: process.env.OKRU_PASSWORD!,
  scope: ['VALUABLE_ACCESS', 'GET_EMAIL'],
  connectBaseUrl: process.env.OKRU_BASE_URL,
});
try {
  await session.authorize();
  console.log('granted:', session.permissionsGranted, 'expires in', session.expiresIn, 's');
  console.log(await new API(session, { baseUrl: process.env.OKRU_BASE_URL }).users.getCurrentUser());
} catch (err) {
  if (err instanceof WrongCredentialsError) console.error('Wrong login or password.');
  else if (err instanceof CaptchaRequiredError || err instanceof VerificationRequiredError)
    console.error(`${err.message}`);
  else throw err;
} finally {
  await session.close();
}
