// The login dialog's pages (/dk?st.cmd=...), as OK's: the login form, which sets the login cookie; the permissions
// form, whose approval OK remembers per user and app; then the redirect back to the app. A login whose scope the
// user approved before skips the permissions page, as on OK.
import type { IncomingMessage } from 'node:http';
import { FLOW_COOKIE, LOGIN_COOKIE, readCookie, setCookie } from './cookies.js';
import { grantRedirect } from './grant.js';
import { errorPage, loginPage, permissionsPage } from './pages.js';
import { errorRedirect } from './redirect-uri.js';
import { htmlReply, redirectReply, type Reply } from './reply.js';
import type { RequestTarget } from './routes.js';
import type { MockState } from './state.js';

export function dialog(
  state: MockState,
  req: IncomingMessage,
  target: RequestTarget,
  form: Record<string, string>,
): Reply {
  const flowId = readCookie(req, FLOW_COOKIE);
  const flow = flowId ? state.flows.get(flowId) : undefined;
  if (!flowId || !flow)
    return htmlReply(
      errorPage('The authorization dialog was not opened from the authorize URL, or it expired (no flow cookie).'),
    );
  const finish = (uid: string, cookies: string[] = []) => {
    state.flows.delete(flowId);
    return grantRedirect(state, flow, uid, cookies);
  };
  const cmd = new URLSearchParams(target.query).get('st.cmd');

  if (cmd === 'OAuth2Login' && req.method === 'GET') return htmlReply(loginPage());
  if (cmd === 'OAuth2Login' && req.method === 'POST') {
    const user = state.config.users.find(
      (u) => u.login && u.login === form['fr.email'] && u.password === form['fr.password'],
    );
    if (form['fr.posted'] !== 'set' || !user) return htmlReply(loginPage('Неправильно указан логин и/или пароль'));
    flow.uid = user.uid;
    const login = setCookie(LOGIN_COOKIE, state.logIn(user.uid));
    if (state.hasApproved(user.uid, flow.appId, flow.scope)) return finish(user.uid, [login]);
    return redirectReply('/dk?st.cmd=OAuth2Permissions', [login]);
  }
  if (cmd === 'OAuth2Permissions') {
    // The permissions page belongs to the user who logged in for this flow, in this browser.
    if (!flow.uid || state.loggedIn(readCookie(req, LOGIN_COOKIE)) !== flow.uid) return htmlReply(loginPage());
    if (req.method === 'GET')
      return htmlReply(
        permissionsPage(`App ${flow.appId}`, flow.scope, flow.formToken, errorRedirect(flow, 'access_denied')),
      );
    if (form['fr.token'] !== flow.formToken || !('button_accept_request' in form))
      return htmlReply(errorPage('The permissions form came back altered.'), 400);
    state.approve(flow.uid, flow.appId, flow.scope);
    return finish(flow.uid);
  }
  return htmlReply(errorPage(`No such page: ${cmd ?? '(none)'}`), 404);
}
