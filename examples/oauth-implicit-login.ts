// Logging in with a login and password through OK's web dialog (aiookru's ImplicitSession), for scripts and tests of
// your own account. Each way the login can fail is its own error.
// Run: OK_APP_ID=... OK_APP_KEY=... OK_LOGIN=... OK_PASSWORD=... npm run example examples/oauth-implicit-login.ts
import { API, CaptchaRequiredError, ImplicitClientSession, VerificationRequiredError, WrongCredentialsError } from 'okru';

const session = new ImplicitClientSession({
  appId: Number(process.env.OK_APP_ID),
  appKey: process.env.OK_APP_KEY!,
  login: process.env.OK_LOGIN!,
  password: process.env.OK_PASSWORD!,
  scope: ['VALUABLE_ACCESS', 'PHOTO_CONTENT'],
});
try {
  await session.authorize();
  console.log('granted:', session.permissionsGranted, 'expires in', session.expiresIn, 's');
  console.log(await new API(session).users.getCurrentUser());
} catch (err) {
  if (err instanceof WrongCredentialsError) console.error('Wrong login or password.');
  else if (err instanceof CaptchaRequiredError || err instanceof VerificationRequiredError) console.error(`${err.message}`);
  else throw err;
} finally {
  await session.close();
}
