// The authorization-code flow on a server: send the user to OK's dialog, take the code on return, exchange it, call.
// Run: OKRU_APP_ID=... OKRU_APP_KEY=... OKRU_APP_SECRET_KEY=... npm run example examples/oauth-code-flow.ts
// then open http://localhost:8080/ (register http://localhost:8080/callback as a redirect URI of the app).
import { createServer } from 'node:http';
import { API, CodeSession, OAuthError, authorizeUrl, parseRedirect, randomState } from 'okru';

const app = {
  appId: Number(process.env.OKRU_APP_ID),
  appKey: process.env.OKRU_APP_KEY!,
  appSecretKey: process.env.OKRU_APP_SECRET_KEY!,
};
const port = Number(process.env.PORT ?? 8080);
const redirectUri = `http://localhost:${port}/callback`;
const okBaseUrl = process.env.OKRU_BASE_URL; // unset: OK itself; set: the mock server (npm run okru -- mock)
const pending = new Set<string>(); // states sent and not yet back (per user session in a real app)

createServer(async (req, res) => {
  const url = new URL(req.url!, `http://localhost:${port}`);
  if (url.pathname === '/') {
    const state = randomState();
    pending.add(state);
    res
      .writeHead(302, {
        location: authorizeUrl({
          appId: app.appId,
          scope: ['VALUABLE_ACCESS', 'GET_EMAIL'],
          responseType: 'code',
          redirectUri,
          state,
          connectBaseUrl: okBaseUrl,
        }),
      })
      .end();
    return;
  }
  if (url.pathname === '/callback') {
    try {
      const state = url.searchParams.get('state') ?? '';
      const redirect = parseRedirect(url, { expectedState: pending.has(state) ? state : '\0' });
      pending.delete(state);
      if (redirect.type !== 'code') throw new OAuthError('invalid_response', 'expected a code');
      const session = new CodeSession({ ...app, code: redirect.code, redirectUri, oauthBaseUrl: okBaseUrl });
      const me = await new API(session, { baseUrl: okBaseUrl }).users.getCurrentUser();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(me));
    } catch (err) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(String(err));
    }
    return;
  }
  res.writeHead(404).end();
}).listen(port, () => console.log(`open http://localhost:${port}/`));
