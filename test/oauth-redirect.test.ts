// The browser side: the authorize URL, and reading the redirect back for both response types.
import { describe, expect, it } from 'vitest';
import { OAuthError, OAuthStateError, authorizeUrl, parseRedirect, randomState } from '../src/index.js';

describe('authorizeUrl', () => {
  it('builds the connect.ok.ru URL, scopes joined with ;', () => {
    const url = authorizeUrl({
      appId: 512000123456,
      scope: ['VALUABLE_ACCESS', 'PHOTO_CONTENT', 'LONG_ACCESS_TOKEN'],
      responseType: 'code',
      redirectUri: 'https://app.example/ok callback?x=1',
      layout: 'm',
      state: 'st/1',
    });
    const u = new URL(url);
    expect(`${u.origin}${u.pathname}`).toBe('https://connect.ok.ru/oauth/authorize');
    expect(Object.fromEntries(u.searchParams)).toEqual({
      client_id: '512000123456',
      scope: 'VALUABLE_ACCESS;PHOTO_CONTENT;LONG_ACCESS_TOKEN',
      response_type: 'code',
      redirect_uri: 'https://app.example/ok callback?x=1',
      layout: 'm',
      state: 'st/1',
    });
    expect(url).toContain('scope=VALUABLE_ACCESS%3BPHOTO_CONTENT%3BLONG_ACCESS_TOKEN');
    expect(url).not.toContain('+');
  });

  it('takes another dialog host, and leaves out what is not given', () => {
    expect(
      authorizeUrl({
        appId: 1,
        scope: 'VALUABLE_ACCESS',
        responseType: 'token',
        redirectUri: 'myapp://ok',
        connectBaseUrl: 'http://127.0.0.1:9000',
      }),
    ).toBe(
      'http://127.0.0.1:9000/oauth/authorize?client_id=1&scope=VALUABLE_ACCESS&response_type=token&redirect_uri=myapp%3A%2F%2Fok',
    );
  });
});

describe('parseRedirect', () => {
  it('reads a code', () => {
    expect(parseRedirect('https://app.example/cb?code=abc123&state=s1', { expectedState: 's1' })).toEqual({
      type: 'code',
      code: 'abc123',
      state: 's1',
    });
  });

  it('reads a token from the fragment, with its permissions as a list', () => {
    const r = parseRedirect(
      'myapp://ok#access_token=tkn.1-2&session_secret_key=ssk&permissions_granted=VALUABLE_ACCESS%3BPHOTO_CONTENT&expires_in=1800&state=s1',
      { expectedState: 's1' },
    );
    expect(r).toEqual({
      type: 'token',
      accessToken: 'tkn.1-2',
      sessionSecretKey: 'ssk',
      expiresIn: 1800,
      permissionsGranted: ['VALUABLE_ACCESS', 'PHOTO_CONTENT'],
      state: 's1',
    });
  });

  it('turns a refusal into OAuthError, for both response types', () => {
    for (const url of [
      'https://app.example/cb?error=access_denied&state=s1',
      'https://app.example/cb#error=access_denied&error_description=User%20refused',
    ]) {
      const err = (() => {
        try {
          parseRedirect(url);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(OAuthError);
      expect(err).toMatchObject({ error: 'access_denied' });
    }
    expect(() => parseRedirect('https://app.example/cb#error=access_denied&error_description=User%20refused')).toThrow(
      'OAuth error access_denied: User refused',
    );
  });

  it('rejects a state that is missing or different', () => {
    expect(() => parseRedirect('https://app.example/cb?code=abc&state=other', { expectedState: 's1' })).toThrow(
      OAuthStateError,
    );
    expect(() => parseRedirect('https://app.example/cb?code=abc', { expectedState: 's1' })).toThrow(OAuthStateError);
    expect(() =>
      parseRedirect('myapp://ok#access_token=t&session_secret_key=k&state=x', { expectedState: 's1' }),
    ).toThrow('the state that came back is not the one sent');
  });

  it('rejects missing fields', () => {
    expect(() => parseRedirect('myapp://ok#access_token=t')).toThrow(OAuthError);
    expect(() => parseRedirect('myapp://ok#access_token=t')).toThrow('no session_secret_key');
    expect(() => parseRedirect('https://app.example/cb?state=s1')).toThrow('neither code, access_token nor error');
  });

  it('randomState gives 128 random bits as hex', () => {
    const a = randomState();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(randomState()).not.toBe(a);
  });
});
