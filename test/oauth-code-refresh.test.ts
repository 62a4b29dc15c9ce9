// The authorization-code and refresh grants against a local server that behaves like OK, checked field by field,
// and the calls made with the tokens they give.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  CodeServerSession,
  CodeSession,
  OAuthError,
  OkConfigError,
  RefreshServerSession,
  RefreshSession,
  type OAuthTokens,
} from '../src/index.js';
import { FAKE_APP, FAKE_USER, startFakeOk, type FakeOk } from './helpers/fake-ok.js';
import { md5, referenceSig } from './reference/sign.js';

const REDIRECT = 'https://app.example/callback';
let ok: FakeOk;
beforeAll(async () => {
  ok = await startFakeOk();
});
afterAll(() => ok.close());

const tokenRequests = () => ok.requests.filter((r) => r.path === '/oauth/token.do');

describe('authorization code', () => {
  it('exchanges the code with a POST form, then calls on the server-server circuit', async () => {
    const code = ok.issueCode(FAKE_USER.uid, REDIRECT);
    const seen: OAuthTokens[] = [];
    const session = new CodeSession({
      ...FAKE_APP,
      code,
      redirectUri: REDIRECT,
      oauthBaseUrl: ok.base,
      onTokens: (t) => void seen.push(t),
    });
    const before = tokenRequests().length;
    const started = Date.now();
    const api = new API(session, { baseUrl: ok.base });
    // The mock answers as the user the code was issued for, after its own signature, expiry and permission checks.
    await expect(api.users.getCurrentUser()).resolves.toMatchObject({ uid: FAKE_USER.uid });

    const [exchange] = tokenRequests().slice(before);
    expect(exchange!.method).toBe('POST');
    expect(exchange!.query).toEqual({});
    expect(exchange!.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(exchange!.form).toEqual({
      code,
      client_id: String(FAKE_APP.appId),
      client_secret: FAKE_APP.appSecretKey,
      redirect_uri: REDIRECT,
      grant_type: 'authorization_code',
    });

    expect(session.accessToken).toMatch(/^mock-[0-9a-f]{24}$/);
    expect(session.refreshToken).toMatch(/^mock-rt-[0-9a-f]{24}$/);
    expect(session.tokenType).toBe('session');
    expect(session.expiresIn).toBe(1800);
    expect(session.expiresAt).toBeGreaterThanOrEqual(started + 1800_000);
    expect(session.expiresAt).toBeLessThanOrEqual(Date.now() + 1800_000);
    expect(session.authorized).toBe(true);
    expect(seen).toEqual([
      {
        accessToken: session.accessToken,
        refreshToken: session.refreshToken,
        tokenType: 'session',
        expiresIn: 1800,
        expiresAt: session.expiresAt,
      },
    ]);

    const call = ok.requests.findLast((r) => r.path === '/fb.do')!;
    expect(call.query.method).toBe('users.getCurrentUser');
    expect(call.query.access_token).toBe(session.accessToken);
    expect(call.query.sig).toBe(referenceSig(call.query, md5(session.accessToken! + FAKE_APP.appSecretKey)));
  });

  it('authorizes once for concurrent first calls', async () => {
    const code = ok.issueCode(FAKE_USER.uid, REDIRECT);
    const before = ok.counters.tokenGrants.authorization_code!;
    const api = new API(new CodeServerSession({ ...FAKE_APP, code, redirectUri: REDIRECT, oauthBaseUrl: ok.base }), {
      baseUrl: ok.base,
    });
    const results = await Promise.all(Array.from({ length: 20 }, () => api.call('users.getCurrentUser')));
    expect(results).toHaveLength(20);
    expect(ok.counters.tokenGrants.authorization_code! - before).toBe(1);
  });

  it('authorize() returns the session, and aiookru-style await works', async () => {
    const session = new CodeSession({
      ...FAKE_APP,
      code: ok.issueCode(FAKE_USER.uid, REDIRECT),
      redirectUri: REDIRECT,
      oauthBaseUrl: ok.base,
    });
    await expect(session.authorize()).resolves.toBe(session);
    expect(session.authorized).toBe(true);
  });

  it("a wrong code or redirect URI is OK's OAuthError, with nothing secret in it", async () => {
    const code = ok.issueCode(FAKE_USER.uid, REDIRECT);
    const session = new CodeSession({ ...FAKE_APP, code, redirectUri: 'https://evil.example/', oauthBaseUrl: ok.base });
    const err = await session.authorize().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuthError);
    const description = 'The redirect_uri differs from the one the code was issued for';
    expect(err).toMatchObject({
      error: 'invalid_grant',
      errorDescription: description,
      error_description: description,
    });
    // A refused code can never succeed: the session is terminal and says to log in again.
    expect((err as Error).message).toBe(
      `OAuth error invalid_grant: ${description}; the grant can never succeed again: log the user in again (this session sends no more requests)`,
    );
    expect(JSON.stringify(err) + String((err as Error).stack)).not.toContain(FAKE_APP.appSecretKey);
    expect(JSON.stringify(err)).not.toContain(code);
    expect(session.authorized).toBe(false);
  });

  it('a wrong application secret is refused by the token endpoint', async () => {
    const session = new CodeSession({
      ...FAKE_APP,
      appSecretKey: 'wrong',
      code: ok.issueCode(),
      redirectUri: REDIRECT,
      oauthBaseUrl: ok.base,
    });
    await expect(session.authorize()).rejects.toMatchObject({ error: 'invalid_client' });
  });

  it('checks its options before anything is sent', () => {
    expect(() => new CodeSession({ ...FAKE_APP, code: '', redirectUri: REDIRECT })).toThrow(
      'CodeSession: code is required',
    );
    expect(() => new CodeSession({ ...FAKE_APP, code: 'x' } as never)).toThrow('CodeSession: redirectUri is required');
    expect(() => new CodeServerSession({ ...FAKE_APP, appSecretKey: '', code: 'x', redirectUri: REDIRECT })).toThrow(
      'CodeServerSession: appSecretKey is required',
    );
  });
});

/** A session authorized by the refresh grant, and a second one resumed from its tokens (with an expiry of choice). */
async function resumeStored(expiry: (storedExpiresAt: number) => number) {
  const first = new RefreshSession({ ...FAKE_APP, refreshToken: ok.issueRefreshToken(), oauthBaseUrl: ok.base });
  await first.authorize();
  const heard: OAuthTokens[] = [];
  const resumed = new RefreshSession({
    ...FAKE_APP,
    refreshToken: first.refreshToken!,
    accessToken: first.accessToken,
    expiresAt: expiry(first.expiresAt!),
    oauthBaseUrl: ok.base,
    onTokens: (t) => void heard.push(t),
  });
  return { first, resumed, heard };
}

describe('refresh token', () => {
  it('runs the refresh grant with a POST form and keeps the refresh token when none comes back', async () => {
    const refreshToken = ok.issueRefreshToken();
    const session = new RefreshSession({ ...FAKE_APP, refreshToken, oauthBaseUrl: ok.base });
    const before = tokenRequests().length;
    await session.authorize();
    const [grant] = tokenRequests().slice(before);
    expect(grant!.method).toBe('POST');
    expect(grant!.query).toEqual({});
    expect(grant!.form).toEqual({
      refresh_token: refreshToken,
      client_id: String(FAKE_APP.appId),
      client_secret: FAKE_APP.appSecretKey,
      grant_type: 'refresh_token',
    });
    expect(session.accessToken).toMatch(/^mock-[0-9a-f]{24}$/);
    expect(session.refreshToken).toBe(refreshToken);
    await expect(new API(session, { baseUrl: ok.base }).call('users.getCurrentUser')).resolves.toMatchObject({
      uid: FAKE_USER.uid,
    });
  });

  it('keeps a new refresh token when one comes back', async () => {
    const rotating = await startFakeOk({ rotateRefreshTokens: true });
    try {
      const first = rotating.issueRefreshToken();
      const session = new RefreshServerSession({ ...FAKE_APP, refreshToken: first, oauthBaseUrl: rotating.base });
      await session.authorize();
      expect(session.refreshToken).toMatch(/^mock-rt-[0-9a-f]{24}$/);
      expect(session.refreshToken).not.toBe(first);
      const second = session.refreshToken;
      // The mock spent `first` when it rotated it: this refresh works only with the refresh token the session kept.
      await session.refresh();
      expect(session.refreshToken).not.toBe(second);
    } finally {
      await rotating.close();
    }
  });

  it('resumes with a stored access token still good: no token request, no onTokens, the stored token on the wire', async () => {
    const { first, resumed, heard } = await resumeStored((stored) => stored);
    const before = tokenRequests().length;
    await expect(new API(resumed, { baseUrl: ok.base }).call('users.getCurrentUser')).resolves.toMatchObject({
      uid: FAKE_USER.uid,
    });
    expect(tokenRequests().length).toBe(before);
    expect(ok.requests.findLast((r) => r.path === '/fb.do')!.query.access_token).toBe(first.accessToken);
    expect(heard).toEqual([]);
    expect(resumed.expiresAt).toBeGreaterThanOrEqual(first.expiresAt! - 1);
    expect(resumed.expiresAt).toBeLessThanOrEqual(first.expiresAt! + 1);
  });

  it('a stored token past its expiresAt is refreshed before the first call, and onTokens hears of the new one', async () => {
    const { first, resumed, heard } = await resumeStored(() => Date.now() - 1000);
    const before = tokenRequests().length;
    await new API(resumed, { baseUrl: ok.base }).call('users.getCurrentUser');
    expect(
      tokenRequests()
        .slice(before)
        .map((r) => r.form.grant_type),
    ).toEqual(['refresh_token']);
    expect(resumed.accessToken).not.toBe(first.accessToken);
    expect(ok.requests.findLast((r) => r.path === '/fb.do')!.query.access_token).toBe(resumed.accessToken);
    expect(heard).toEqual([
      expect.objectContaining({ accessToken: resumed.accessToken, refreshToken: first.refreshToken }),
    ]);
  });

  it('a stored token OK says has expired (102) is refreshed and the call tried once more', async () => {
    const expiring = await startFakeOk();
    try {
      const first = new RefreshSession({
        ...FAKE_APP,
        refreshToken: expiring.issueRefreshToken(),
        oauthBaseUrl: expiring.base,
      });
      await first.authorize();
      expiring.expireAllTokens();
      const resumed = new RefreshSession({
        ...FAKE_APP,
        refreshToken: first.refreshToken!,
        accessToken: first.accessToken,
        oauthBaseUrl: expiring.base,
      });
      await expect(new API(resumed, { baseUrl: expiring.base }).call('users.getCurrentUser')).resolves.toMatchObject({
        uid: FAKE_USER.uid,
      });
      const calls = expiring.requests.filter((r) => r.path === '/fb.do' || r.path === '/oauth/token.do').slice(-3);
      expect(calls.map((r) => r.path)).toEqual(['/fb.do', '/oauth/token.do', '/fb.do']);
      expect(calls[0]!.query.access_token).toBe(first.accessToken);
      expect(calls[2]!.query.access_token).toBe(resumed.accessToken);
    } finally {
      await expiring.close();
    }
  });

  it('checks the stored token options', () => {
    expect(() => new RefreshSession({ ...FAKE_APP, refreshToken: 'r', accessToken: '' })).toThrow(
      'RefreshSession: accessToken is required: the stored access token',
    );
    expect(
      () => new RefreshSession({ ...FAKE_APP, refreshToken: 'r', accessToken: 't', expiresAt: Number.NaN }),
    ).toThrow('RefreshSession: expiresAt must be a time in ms since the epoch');
  });

  it('an unknown refresh token is OAuthError invalid_grant (LoginRequiredError: the session is terminal)', async () => {
    await expect(
      new RefreshSession({ ...FAKE_APP, refreshToken: 'rft-unknown', oauthBaseUrl: ok.base }).authorize(),
    ).rejects.toMatchObject({
      name: 'LoginRequiredError',
      error: 'invalid_grant',
    });
  });

  it('close() forgets the tokens; later calls fail before sending', async () => {
    const session = new RefreshSession({ ...FAKE_APP, refreshToken: ok.issueRefreshToken(), oauthBaseUrl: ok.base });
    const api = new API(session, { baseUrl: ok.base });
    await api.call('users.getCurrentUser');
    const calls = ok.counters.apiCalls;
    await session.close();
    expect(session.accessToken).toBeUndefined();
    expect(session.refreshToken).toBeUndefined();
    expect(session.canRefresh).toBe(false);
    await expect(api.call('users.getCurrentUser')).rejects.toThrow(OkConfigError);
    expect(ok.counters.apiCalls).toBe(calls);
  });

  it('await using closes the session at the end of the scope', async () => {
    let kept: RefreshSession;
    {
      await using session = await new RefreshSession({
        ...FAKE_APP,
        refreshToken: ok.issueRefreshToken(),
        oauthBaseUrl: ok.base,
      }).authorize();
      kept = session;
      expect(kept.accessToken).toBeDefined();
    }
    expect(kept.accessToken).toBeUndefined();
  });
});
