// The refresh grant over plain HTTP: by default OK's usual answer (no refresh_token, the one used stays good); with
// `rotateRefreshTokens`, OK's other answer ("a new refresh token may be sent"): a new one each time and the one used
// spent, so that a client that does not keep the new one is caught.
import { afterEach, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../src/mock/index.js';
import { form, getJson, signed } from './http-client.js';
import { IVAN, THIRTY_MINUTES_S, WEB_APP, WORLD } from './world.js';

type Config = NonNullable<Parameters<typeof createMockServer>[0]>['config'];

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

/** A refresh token as a code exchange would have left it: for Ivan and the web app. */
const seeded = (server: MockServer) =>
  server.state.issueRefreshToken({ appId: WEB_APP.appId, uid: IVAN.uid, permissions: ['VALUABLE_ACCESS'] });

const refresh = (server: MockServer, refreshToken: string) =>
  getJson(
    `${server.url}oauth/token.do`,
    form({
      refresh_token: refreshToken,
      client_id: String(WEB_APP.appId),
      client_secret: WEB_APP.appSecretKey,
      grant_type: 'refresh_token',
    }),
  );

const loggedInUser = async (server: MockServer, token: string) =>
  (
    await getJson(
      `${server.url}fb.do?${new URLSearchParams(signed(WEB_APP, { method: 'users.getLoggedInUser' }, token))}`,
    )
  ).body;

describe('the refresh grant', () => {
  it('by default: no refresh_token in the answer, and the one used works again', async () => {
    mock = await createMockServer({ config: WORLD as Config });
    const refreshToken = seeded(mock);
    const first = await refresh(mock, refreshToken);
    expect(first).toMatchObject({ status: 200 });
    expect(first.body).toEqual({
      access_token: expect.stringMatching(/^mock-[0-9a-f]{24}$/),
      token_type: 'session',
      expires_in: THIRTY_MINUTES_S,
    });
    await expect(refresh(mock, refreshToken)).resolves.toMatchObject({ status: 200 });
  });

  it('with rotateRefreshTokens: a new refresh token each time; the one used is spent, the new one works', async () => {
    mock = await createMockServer({ config: WORLD as Config, rotateRefreshTokens: true });
    const original = seeded(mock);
    const first = await refresh(mock, original);
    expect(first).toMatchObject({ status: 200 });
    expect(first.body).toEqual({
      access_token: expect.stringMatching(/^mock-[0-9a-f]{24}$/),
      token_type: 'session',
      refresh_token: expect.stringMatching(/^mock-rt-[0-9a-f]{24}$/),
      expires_in: THIRTY_MINUTES_S,
    });
    const { access_token: accessToken, refresh_token: rotated } = first.body as {
      access_token: string;
      refresh_token: string;
    };
    expect(rotated).not.toBe(original);
    // The access token is a real one: calls with it pass the mock's checks as the user.
    await expect(loggedInUser(mock, accessToken)).resolves.toBe(IVAN.uid);

    await expect(refresh(mock, original)).resolves.toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Unknown refresh token' },
    });
    const second = await refresh(mock, rotated);
    expect(second).toMatchObject({ status: 200, body: { refresh_token: expect.stringMatching(/^mock-rt-/) } });
    expect((second.body as { refresh_token: string }).refresh_token).not.toBe(rotated);
    await expect(refresh(mock, rotated)).resolves.toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('with rotateRefreshTokens, a refused refresh spends nothing: the token stays good', async () => {
    mock = await createMockServer({ config: WORLD as Config, rotateRefreshTokens: true });
    const refreshToken = seeded(mock);
    const wrongSecret = await getJson(
      `${mock.url}oauth/token.do`,
      form({
        refresh_token: refreshToken,
        client_id: String(WEB_APP.appId),
        client_secret: 'wrong',
        grant_type: 'refresh_token',
      }),
    );
    expect(wrongSecret).toMatchObject({ status: 400, body: { error: 'invalid_client' } });
    await expect(refresh(mock, refreshToken)).resolves.toMatchObject({ status: 200 });
  });
});
