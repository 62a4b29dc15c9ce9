// The examples run: each as its own process, against the mock OK server (the environment variables it takes), and
// `npm start`'s tour from start to end.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeSession } from '../src/index.js';
import { authorizeWithPassword } from '../src/login.js';
import { DEMO_CONFIG, createMockServer, type MockServer } from '../src/mock/index.js';
import { md5, referenceSig } from './reference/sign.js';

const root = join(import.meta.dirname, '..');
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
const app = DEMO_CONFIG.apps[0]!;
const ivan = DEMO_CONFIG.users[0]!;
let mock: MockServer;
let cwd: string;
beforeAll(async () => {
  mock = await createMockServer();
  cwd = mkdtempSync(join(tmpdir(), 'okru-examples-'));
});
afterAll(async () => {
  await mock.close();
  rmSync(cwd, { recursive: true, force: true });
});

function run(
  example: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsx, '--conditions', 'okru-source', join(root, 'examples', example)], {
      cwd,
      env: {
        PATH: process.env.PATH!,
        HOME: cwd,
        OKRU_BASE_URL: mock.url,
        OKRU_APP_ID: String(app.appId),
        OKRU_APP_KEY: app.appKey,
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A port nobody listens on, for an example that runs a server. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts an example that serves HTTP on `port` and resolves once it answers. */
async function serve(example: string, port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [tsx, '--conditions', 'okru-source', join(root, 'examples', example)], {
    cwd,
    stdio: 'ignore',
    env: {
      PATH: process.env.PATH!,
      HOME: cwd,
      PORT: String(port),
      OKRU_BASE_URL: mock.url,
      OKRU_APP_ID: String(app.appId),
      OKRU_APP_KEY: app.appKey,
      OKRU_APP_SECRET_KEY: app.appSecretKey,
      ...env,
    },
  });
  for (let tries = 0; tries < 200; tries++) {
    const up = await fetch(`http://localhost:${port}/ping`).then(
      () => true,
      () => false,
    );
    if (up) return child;
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill();
  throw new Error(`${example} did not start`);
}

describe('examples', () => {
  it('server-session.ts, app-only.ts and client-session.ts call the mock', async () => {
    const [server, appOnly, client] = await Promise.all([
      run('server-session.ts', { OKRU_APP_SECRET_KEY: app.appSecretKey, OKRU_ACCESS_TOKEN: ivan.accessToken! }),
      run('app-only.ts', { OKRU_APP_SECRET_KEY: app.appSecretKey }),
      run('client-session.ts', {
        OKRU_ACCESS_TOKEN: ivan.accessToken!,
        OKRU_SESSION_SECRET_KEY: ivan.sessionSecretKey!,
      }),
    ]);
    expect(server).toMatchObject({ code: 0, stderr: '' });
    expect(server.stdout).toContain("friends: [ '575662066927', '575662066928' ]");
    expect(appOnly).toMatchObject({ code: 0, stderr: '' });
    expect(appOnly.stdout).toContain('sent: true');
    expect(client.code).toBe(0);
    expect(client.stdout).toContain('MESSAGES');
  });

  it("oauth-implicit-login.ts logs in through the mock's dialog; oauth-refresh.ts refreshes and stores the tokens", async () => {
    const redirectUri = 'http://127.0.0.1:9/cb';
    const { code } = await authorizeWithPassword({
      appId: app.appId,
      login: ivan.login!,
      password: ivan.password!,
      redirectUri,
      responseType: 'code',
      scope: ['VALUABLE_ACCESS', 'GET_EMAIL'],
      connectBaseUrl: mock.url,
    });
    const session = new CodeSession({
      appId: app.appId,
      appKey: app.appKey,
      appSecretKey: app.appSecretKey,
      code,
      redirectUri,
      oauthBaseUrl: mock.url,
    });
    await session.authorize();
    const [implicit, refresh] = await Promise.all([
      run('oauth-implicit-login.ts', { OKRU_LOGIN: ivan.login!, OKRU_PASSWORD: ivan.password! }),
      run('oauth-refresh.ts', { OKRU_APP_SECRET_KEY: app.appSecretKey, OKRU_REFRESH_TOKEN: session.refreshToken! }),
    ]);
    expect(implicit).toMatchObject({ code: 0, stderr: '' });
    expect(implicit.stdout).toContain("granted: [ 'VALUABLE_ACCESS', 'GET_EMAIL' ]");
    expect(implicit.stdout).not.toContain(ivan.password!);
    expect(refresh).toMatchObject({ code: 0, stderr: '' });
    expect(refresh.stdout).toContain("uid: '575662066926'");
    const stored = JSON.parse(readFileSync(join(cwd, 'ok-tokens.json'), 'utf8')) as {
      accessToken: string;
      refreshToken: string;
    };
    expect(stored.refreshToken).toBe(session.refreshToken);
    expect(stored.accessToken).toMatch(/^mock-/);
    expect(statSync(join(cwd, 'ok-tokens.json')).mode & 0o777).toBe(0o600);
  });

  it('demo.ts (npm start) runs the whole tour and exits 0', async () => {
    const demo = await run('demo.ts', {});
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    for (const line of [
      /^Authorization code flow$/m,
      /users\.getInfo\s+Maria \(575662066927\), Oleg \(575662066928\)/,
      /photos\.getPhotos lists it\s+true/,
      /group\.getMembers\s+10 PERMISSION_DENIED/,
      /retrying\s+users\.getInfo after 2 SERVICE/,
      /faults injected \/ retried\s+1 \/ 1/,
      /^Done:/m,
    ]) {
      expect(demo.stdout).toMatch(line);
    }
  });

  it('oauth-code-flow.ts sends the user to the dialog, takes the code back and calls as the user', async () => {
    const port = await freePort();
    const child = await serve('oauth-code-flow.ts', port, {});
    try {
      const start = await fetch(`http://localhost:${port}/`, { redirect: 'manual' });
      expect(start.status).toBe(302);
      const dialog = new URL(start.headers.get('location')!);
      expect(`${dialog.origin}${dialog.pathname}`).toBe(`${mock.url.replace(/\/$/, '')}/oauth/authorize`);
      expect(Object.fromEntries(dialog.searchParams)).toMatchObject({
        client_id: String(app.appId),
        response_type: 'code',
        redirect_uri: `http://localhost:${port}/callback`,
        scope: 'VALUABLE_ACCESS;GET_EMAIL',
      });
      // The browser's part: log in and agree, then follow the redirect back to the example.
      const back = await authorizeWithPassword({
        appId: app.appId,
        login: ivan.login!,
        password: ivan.password!,
        redirectUri: dialog.searchParams.get('redirect_uri')!,
        responseType: 'code',
        scope: ['VALUABLE_ACCESS', 'GET_EMAIL'],
        state: dialog.searchParams.get('state')!,
        connectBaseUrl: mock.url,
      });
      const callback = await fetch(
        `http://localhost:${port}/callback?code=${encodeURIComponent(back.code)}&state=${encodeURIComponent(back.state!)}`,
      );
      expect(callback.status).toBe(200);
      expect(await callback.json()).toMatchObject({ uid: ivan.uid, first_name: 'Ivan' });
      // The same code again, or a state the example never sent: refused before anything reaches OK.
      const replay = await fetch(
        `http://localhost:${port}/callback?code=${encodeURIComponent(back.code)}&state=${encodeURIComponent(back.state!)}`,
      );
      expect(replay.status).toBe(400);
      expect(await replay.text()).toMatch(/state/i);
    } finally {
      child.kill();
    }
  });

  it('web-app.ts greets a launch signed by OK and refuses a forged one', async () => {
    const port = await freePort();
    const child = await serve('web-app.ts', port, {});
    try {
      const params: Record<string, string> = {
        api_server: mock.url,
        application_key: app.appKey,
        authorized: '1',
        logged_user_id: ivan.uid,
        session_key: ivan.accessToken!,
        session_secret_key: ivan.sessionSecretKey!,
      };
      params.auth_sig = md5(params.logged_user_id! + params.session_key! + app.appSecretKey);
      params.sig = referenceSig(params, app.appSecretKey);
      const launch = await fetch(`http://localhost:${port}/?${new URLSearchParams(params)}`);
      expect(launch.status).toBe(200);
      expect(await launch.text()).toBe('<h1>Hello, Ivan</h1>');
      const forged = await fetch(
        `http://localhost:${port}/?${new URLSearchParams({ ...params, logged_user_id: '575662066927' })}`,
      );
      expect(forged.status).toBe(403);
    } finally {
      child.kill();
    }
  });
});
