// OK's real login dialog, which the mock cannot give: the pages of test/fixtures/ok-login with their real form actions
// and fields, OK's cookies (FLOW for the dialog, bci, AUTHCODE for the logged-in user), and the pages OK shows instead
// of a token (captcha, verification, blocked account, an app error, a page nobody expects). What the dialog keeps and
// hands out is the mock's: the flow in its flow store, the approval in its approvals, and the final redirect from its
// grantRedirect, so that the code or token is issued in the mock's state and passes its checks.
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { scopeOf } from '../../src/mock/authorize.js';
import { readCookie } from '../../src/mock/cookies.js';
import { grantRedirect } from '../../src/mock/grant.js';
import { htmlReply, redirectReply, type Reply } from '../../src/mock/reply.js';
import type { DialogFlow, MockState } from '../../src/mock/state.js';

const PAGES = join(import.meta.dirname, '../fixtures/ok-login');
const page = (name: string) => htmlReply(readFileSync(join(PAGES, name), 'utf8'));

/** The permissions page carries this form token (fr.token); the server checks it comes back. */
export const PERMISSIONS_FORM_TOKEN = 'o176W4DYRip1ge0wQtgFmxsIDnUxkwFj';

export type LoginScenario =
  | 'ok'
  | 'remembered'
  | 'captcha'
  | 'verification'
  | 'blocked'
  | 'unexpected'
  | 'app-error-page';

export interface DialogUser {
  login: string;
  password: string;
  uid: string;
  scenario?: LoginScenario;
}

/** The page OK shows after the login form, instead of going on, for these users. */
const SCENARIO_PAGES: Partial<Record<LoginScenario, string>> = {
  captcha: 'oauth2-captcha.html',
  verification: 'oauth2-verification.html',
  blocked: 'oauth2-blocked.html',
  unexpected: 'unexpected.html',
  'app-error-page': 'oauth2-error.html',
};
const SHOWN_PAGES = new Set(Object.values(SCENARIO_PAGES));

const FLOW = 'FLOW';
const AUTH = 'AUTHCODE';

/**
 * Answers /oauth/authorize and /dk; undefined for an authorize request with an unknown client_id, which the mock
 * answers itself (its JSON invalid_client, as OK's).
 */
export function loginDialog(state: MockState, users: readonly DialogUser[]) {
  const finish = (flowId: string, flow: DialogFlow, uid: string, cookies: string[] = []) => {
    state.flows.delete(flowId);
    return grantRedirect(state, flow, uid, cookies);
  };

  function authorize(req: IncomingMessage, q: URLSearchParams, search: string): Reply | undefined {
    const app = state.appById(q.get('client_id') ?? undefined);
    if (!app) return undefined;
    const flowId = state.newSecret(8);
    const uid = users.find((u) => u.uid === readCookie(req, AUTH))?.uid;
    state.flows.set(
      flowId,
      {
        appId: app.appId,
        redirectUri: q.get('redirect_uri') ?? '',
        // Any other response_type is taken as the implicit flow's, as this fake always did.
        responseType: q.get('response_type') === 'code' ? 'code' : 'token',
        scope: scopeOf(q.get('scope')),
        state: q.get('state') ?? undefined,
        uid,
        formToken: PERMISSIONS_FORM_TOKEN,
      },
      state.lifetimes.dialogS * 1000,
    );
    const flowCookie = `${FLOW}=${flowId}; Path=/; HttpOnly`;
    if (uid) return redirectReply(`/dk?st.cmd=OAuth2Permissions&st.flow=${flowId}`, [flowCookie]);
    return redirectReply(`/dk?st.cmd=OAuth2Login&st.layout=w&st.redirect=${encodeURIComponent(search)}`, [
      flowCookie,
      'bci=-123; Path=/',
    ]);
  }

  function dk(req: IncomingMessage, q: URLSearchParams, form: Record<string, string>): Reply {
    const flowId = readCookie(req, FLOW);
    const flow = flowId ? state.flows.get(flowId) : undefined;
    if (!flowId || !flow) return page('unexpected.html');
    const cmd = q.get('st.cmd');
    if (cmd === 'OAuth2Login' && req.method === 'GET') return page('oauth2-login.html');
    if (cmd === 'OAuth2Login' && req.method === 'POST') {
      // The real form's fields must all come back, as a browser sends them.
      if (q.get('cmd') !== 'OAuth2Login' || form['fr.posted'] !== 'set' || form['fr.remember'] !== 'on')
        return htmlReply('bad form', 400);
      const user = users.find((u) => u.login === form['fr.email'] && u.password === form['fr.password']);
      if (!user) return page('oauth2-login.html');
      flow.uid = user.uid;
      const shown = SCENARIO_PAGES[user.scenario ?? 'ok'];
      if (shown) return redirectReply(`/dk?st.cmd=page&st.page=${shown}`);
      const auth = [`${AUTH}=${user.uid}; Path=/; HttpOnly`];
      if (user.scenario === 'remembered' || state.hasApproved(user.uid, flow.appId, flow.scope))
        return finish(flowId, flow, user.uid, auth);
      return redirectReply('/dk?st.cmd=OAuth2Permissions&st.layout=w', auth);
    }
    if (cmd === 'page') {
      const name = q.get('st.page') ?? '';
      return page(SHOWN_PAGES.has(name) ? name : 'unexpected.html');
    }
    if (cmd === 'OAuth2Permissions' && req.method === 'GET') {
      if (!flow.uid || readCookie(req, AUTH) !== flow.uid) return page('unexpected.html');
      return page('oauth2-permissions.html');
    }
    if (cmd === 'OAuth2Permissions' && req.method === 'POST') {
      if (
        !flow.uid ||
        form['fr.token'] !== flow.formToken ||
        form['fr.posted'] !== 'set' ||
        !('button_accept_request' in form)
      )
        return htmlReply('bad form', 400);
      state.approve(flow.uid, flow.appId, flow.scope);
      return finish(flowId, flow, flow.uid);
    }
    return page('unexpected.html');
  }

  return (req: IncomingMessage, url: URL, form: Record<string, string>): Reply | undefined =>
    url.pathname === '/oauth/authorize'
      ? authorize(req, url.searchParams, url.search)
      : dk(req, url.searchParams, form);
}
