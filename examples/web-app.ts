// A WEB (iframe) app's server: check the launch parameters OK passes, then call with the user's session.
// Run: OKRU_APP_ID=... OKRU_APP_SECRET_KEY=... npm run example examples/web-app.ts
import { createServer } from 'node:http';
import { API, WebSession, apiServerFromLaunchParams, verifyLaunchParams } from 'okru';

const appId = Number(process.env.OKRU_APP_ID);
const appSecretKey = process.env.OKRU_APP_SECRET_KEY!;
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

createServer(async (req, res) => {
  const query = new URL(req.url!, 'http://localhost').searchParams;
  if (!verifyLaunchParams(query, appSecretKey)) {
    res.writeHead(403).end('bad launch parameters');
    return;
  }
  const ok = new API(WebSession.fromLaunchParams(query, { appId }), { baseUrl: apiServerFromLaunchParams(query) });
  const [me] = await ok.users.getInfo({ uids: [query.get('logged_user_id')!], fields: ['first_name'] });
  res
    .writeHead(200, { 'content-type': 'text/html;charset=utf-8' })
    .end(`<h1>Hello, ${escapeHtml(me?.first_name ?? 'friend')}</h1>`);
}).listen(Number(process.env.PORT ?? 8080));
