// The `okru` command line, run as a process against an in-process mock OK. HOME, XDG_CONFIG_HOME and OKRU_CONFIG
// point into a temporary directory (helpers/okru-cli.ts), so no real config is read or written.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { API, CodeSession, TokenSession } from '../src/index.js';
import { authorizeWithPassword } from '../src/login.js';
import { createMockServer, DEMO_CONFIG, type MockServer } from '../src/mock/index.js';
import { type Env, type IsolatedHome, isolatedHome, type OkruResult, startOkru } from './helpers/okru-cli.js';

const APP = DEMO_CONFIG.apps[0]!;
const USER = DEMO_CONFIG.users[0]!;
const COMMANDS = ['call', 'login', 'methods', 'upload', 'mock', 'help'];

let mock: MockServer;
let isolated: IsolatedHome;
let home: string;
let baseEnv: Record<string, string>;
let demoEnv: Record<string, string>;
let version: OkruResult;

/** okru with the isolated environment, and `env` over it. */
const start = (args: readonly string[], env: Env = {}) => startOkru(args, { ...baseEnv, ...env });
const run = (args: readonly string[], env: Env = {}) => start(args, env).done;
const okru = (...args: string[]) => run(args, demoEnv);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A server that answers with headers and the start of a body, then stalls: only a deadline ends the exchange. */
function stallingServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n[');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}/`,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function demoApi(): API<TokenSession> {
  return new API(
    new TokenSession({
      appId: APP.appId,
      appKey: APP.appKey,
      appSecretKey: APP.appSecretKey,
      accessToken: USER.accessToken,
    }),
    { baseUrl: mock.url },
  );
}

beforeAll(async () => {
  mock = await createMockServer();
  isolated = isolatedHome('okru-cli-');
  ({ home, env: baseEnv } = isolated);
  demoEnv = {
    OKRU_BASE_URL: mock.url,
    OKRU_APP_ID: String(APP.appId),
    OKRU_APP_KEY: APP.appKey,
    OKRU_APP_SECRET_KEY: APP.appSecretKey,
    OKRU_ACCESS_TOKEN: USER.accessToken!,
  };
  // One run first, so that the concurrent ones below find tsx's transform cache warm.
  version = await run(['--version']);
});

afterAll(async () => {
  await mock?.close();
  isolated?.remove();
});

// Every test runs concurrently with the others: each spawns processes and mostly waits.
describe.concurrent('okru', () => {
  describe('call', () => {
    test('prints the result as indented JSON on stdout', async () => {
      const r = await okru('call', 'friends.get');
      expect(r).toEqual({
        code: 0,
        stdout: `${JSON.stringify(['575662066927', '575662066928'], null, 2)}\n`,
        stderr: '',
      });
    });

    test('types key=value by the parameter kinds: lists split on commas; --raw prints compact JSON', async () => {
      const r = await okru(
        'call',
        'users.getInfo',
        'uids=575662066926,575662066927',
        'fields=first_name,pic_1',
        'emptyPictures=false',
        '--raw',
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const expected = [
        { uid: '575662066926', first_name: 'Ivan', pic_1: 'https://i.mycdn.me/mock/575662066926/pic_1.jpg' },
        { uid: '575662066927', first_name: 'Maria', pic_1: 'https://i.mycdn.me/mock/575662066927/pic_1.jpg' },
      ];
      expect(r.stdout).toBe(`${JSON.stringify(expected)}\n`);
    });

    test('key=value wins over --json-params; integers and JSON parameters are converted', async () => {
      // Left a string, count would fail the SDK's check (an integer parameter) with exit 1.
      const [photos, commit] = await Promise.all([
        okru('call', 'photos.getPhotos', '--json-params', '{"count":"a string"}', 'count=1', '--raw'),
        okru('call', 'photosV2.commit', 'photos=[{"photo_id":"nosuchphoto","token":"t"}]', '--raw'),
      ]);
      expect(photos.stderr).toBe('');
      expect(JSON.parse(photos.stdout)).toMatchObject({ hasMore: false });
      expect(commit.stdout).toBe('{"photos":[{"photo_id":"nosuchphoto","status":"FAILURE"}]}\n');
    });

    test("an OK error prints 'error <code> <name>: <msg>' on stderr and exits 1, without secrets", async () => {
      const r = await okru('call', 'group.getMembers', 'uid=53038939046008');
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^error 10 PERMISSION_DENIED: .*GROUP_CONTENT\n$/);
      for (const secret of [APP.appSecretKey, USER.accessToken!]) expect(r.stderr).not.toContain(secret);
    });

    test('an SDK check (a missing required parameter) prints its message and exits 1', async () => {
      const r = await okru('call', 'users.getInfo', 'fields=first_name');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("users.getInfo: parameter 'uids' is required");
    });

    test('bad usage prints a usage line and exits 2', async () => {
      const cases = [
        [],
        ['friends.get', 'no-equals-sign'],
        ['friends.get', '--nope'],
        ['photos.getPhotos', 'count=ten'],
      ];
      const results = await Promise.all(cases.map((args) => okru('call', ...args)));
      for (const r of results) {
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain('Usage: okru call <group.method>');
      }
    });

    test('flags win over the environment', async () => {
      const env = { ...demoEnv, OKRU_ACCESS_TOKEN: 'not-a-token' };
      const fromEnv = await run(['call', 'friends.get'], env);
      expect(fromEnv.code).toBe(1);
      expect(fromEnv.stderr).toMatch(/^error 103 PARAM_SESSION_KEY/);
      expect(fromEnv.stderr).not.toContain('not-a-token');
      const fromFlags = await run(
        ['call', 'friends.get', '--access-token', USER.accessToken!, '--base-url', mock.url, '--raw'],
        { ...env, OKRU_BASE_URL: 'http://127.0.0.1:9/' },
      );
      // A secret on the command line works, with a warning that points at the environment variable.
      expect(fromFlags).toEqual({
        code: 0,
        stdout: '["575662066927","575662066928"]\n',
        stderr:
          'okru: warning: --access-token on the command line is visible to other users (ps) and kept in the shell history; set OKRU_ACCESS_TOKEN or store it in the config file (okru login) instead\n',
      });
    });

    test('the environment wins over the config file, which fills in the rest', async () => {
      const dir = join(home, 'call-config');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'config.json');
      writeFileSync(
        file,
        JSON.stringify({
          appId: APP.appId,
          appKey: APP.appKey,
          appSecretKey: APP.appSecretKey,
          accessToken: 'stale-token',
          baseUrl: mock.url,
        }),
        { mode: 0o600 },
      );
      const fileOnly = await run(['call', 'friends.get', '--config', file]);
      expect(fileOnly.code).toBe(1);
      expect(fileOnly.stderr).toMatch(/^error 103 /);
      const envToken = await run(['call', 'friends.get', '--config', file, '--raw'], {
        OKRU_ACCESS_TOKEN: USER.accessToken,
      });
      expect(envToken).toEqual({ code: 0, stdout: '["575662066927","575662066928"]\n', stderr: '' });
    });

    test('stored tokens past their expiry are refreshed, and the new ones written back 0600', async () => {
      const redirectUri = 'http://127.0.0.1:9/callback';
      const { code } = await authorizeWithPassword({
        appId: APP.appId,
        login: USER.login!,
        password: USER.password!,
        redirectUri,
        responseType: 'code',
        connectBaseUrl: mock.url,
      });
      const login = new CodeSession({
        appId: APP.appId,
        appKey: APP.appKey,
        appSecretKey: APP.appSecretKey,
        code,
        redirectUri,
        oauthBaseUrl: mock.url,
      });
      await login.authorize();
      const dir = join(home, 'refresh-config');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'config.json');
      const stale = {
        appId: APP.appId,
        appKey: APP.appKey,
        appSecretKey: APP.appSecretKey,
        accessToken: login.accessToken,
        refreshToken: login.refreshToken,
        expiresAt: Date.now() - 60_000,
        baseUrl: mock.url,
      };
      writeFileSync(file, JSON.stringify(stale), { mode: 0o600 });
      const r = await run(['call', 'users.getLoggedInUser', '--config', file, '--raw']);
      expect(r).toEqual({
        code: 0,
        stdout: `"${USER.uid}"\n`,
        stderr: `okru: the access token was refreshed; ${file} updated\n`,
      });
      const stored = JSON.parse(readFileSync(file, 'utf8')) as typeof stale;
      expect(stored).toMatchObject({
        ...stale,
        accessToken: expect.stringMatching(/^mock-/),
        expiresAt: expect.any(Number),
      });
      expect(stored.accessToken).not.toBe(stale.accessToken);
      expect(stored.expiresAt).toBeGreaterThan(Date.now());
      if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
      // The refreshed token is good, and no refresh happens while it is.
      const again = await run(['call', 'users.getLoggedInUser', '--config', file, '--raw']);
      expect(again).toEqual({ code: 0, stdout: `"${USER.uid}"\n`, stderr: '' });
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(stored);
      await login.close();
      // A refresh token OK no longer knows: what to do, exit 1, the file left alone, no token printed.
      const revoked = { ...stale, refreshToken: 'revoked-refresh-token-0xBEEF' };
      writeFileSync(file, JSON.stringify(revoked), { mode: 0o600 });
      const refused = await run(['call', 'users.getLoggedInUser', '--config', file]);
      expect(refused).toEqual({
        code: 1,
        stdout: '',
        stderr:
          'the stored tokens could not be refreshed (OAuth error invalid_grant: Unknown refresh token); run `okru login` again\n',
      });
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(revoked);
    });

    test('every secret flag warns, naming its variable, never the value', async () => {
      const r = await run(
        [
          'call',
          'friends.get',
          '--app-secret-key',
          APP.appSecretKey,
          '--session-secret-key',
          'SSK-on-the-command-line',
        ],
        demoEnv,
      );
      expect(r.stderr).toContain('okru: warning: --app-secret-key on the command line is visible to other users (ps)');
      expect(r.stderr).toContain('set OKRU_APP_SECRET_KEY or store it in the config file');
      expect(r.stderr).toContain('okru: warning: --session-secret-key on the command line');
      expect(r.stderr).not.toContain(APP.appSecretKey);
      expect(r.stderr).not.toContain('SSK-on-the-command-line');
    });

    test('an application id that is not a number says so, whichever place it came from', async () => {
      const env = await run(['call', 'friends.get'], { ...demoEnv, OKRU_APP_ID: 'abc' });
      expect(env).toEqual({
        code: 1,
        stdout: '',
        stderr: 'OKRU_APP_ID must be a number (the application id), and it is not\n',
      });
      const flag = await run(['call', 'friends.get', '--app-id', '12x'], demoEnv);
      expect(flag.stderr).toBe('--app-id must be a number (the application id), and it is not\n');
    });

    test('a corrupted default config does not block calls whose credentials all come from the environment', async () => {
      const dir = join(home, 'corrupt');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'config.json');
      writeFileSync(file, '{"appId": 1, "accessToken": "half-writ', { mode: 0o600 });
      const r = await run(['call', 'friends.get', '--raw'], { ...demoEnv, OKRU_CONFIG: file });
      expect(r).toEqual({
        code: 0,
        stdout: '["575662066927","575662066928"]\n',
        stderr: `okru: warning: the config file ${file} is not valid JSON; skipped, since the environment gives every credential\n`,
      });
      // Named with --config, or needed for a credential, it is still an error.
      const named = await run(['call', 'friends.get', '--config', file], demoEnv);
      expect(named).toMatchObject({ code: 1, stderr: `the config file ${file} is not valid JSON\n` });
      const needed = await run(['call', 'friends.get'], { OKRU_CONFIG: file, OKRU_BASE_URL: mock.url });
      expect(needed).toMatchObject({ code: 1, stderr: `the config file ${file} is not valid JSON\n` });
    });

    test('--timeout reaches the client: a server that sends headers and then stalls ends the call by it', async () => {
      const stalling = await stallingServer();
      try {
        const r = await okru('call', 'friends.get', '--timeout', '300', '--base-url', stalling.url);
        expect(r).toEqual({ code: 1, stdout: '', stderr: 'friends.get: no complete answer within 300 ms\n' });
      } finally {
        await stalling.close();
      }
    });

    test('--timeout takes milliseconds from 1 to 2^31 - 1, or none; anything else is a usage error, exit 2', async () => {
      const bad = ['0', '-1', '1.5', '10s', '', '2147483648'];
      const [results, none] = await Promise.all([
        Promise.all(bad.map((value) => okru('call', 'friends.get', `--timeout=${value}`))),
        okru('call', 'friends.get', '--timeout', 'none', '--raw'),
      ]);
      expect(results).toEqual(
        bad.map((value) => ({
          code: 2,
          stdout: '',
          stderr: `okru call: --timeout must be a whole number of milliseconds from 1 to 2147483647, or none; got '${value}'\nUsage: okru call <group.method> [key=value ...] [options]   (okru help call for more)\n`,
        })),
      );
      expect(none).toEqual({ code: 0, stdout: '["575662066927","575662066928"]\n', stderr: '' });
    });

    test('missing credentials are a clear error, exit 1', async () => {
      const r = await run(['call', 'friends.get']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('no application id: give --app-id or set OKRU_APP_ID');
    });
  });

  describe('login', () => {
    test('--mock: the whole code flow, tokens stored 0600 beside the config (never in it) and never printed', async () => {
      const config = join(home, 'login', 'okru', 'config.json');
      const path = join(home, 'login', 'okru', 'mock-login.json');
      const r = await run(['login', '--mock', '--scope', 'VALUABLE_ACCESS,PHOTO_CONTENT'], { OKRU_CONFIG: config });
      expect(existsSync(config)).toBe(false);
      expect(r.stdout).toContain(`your config ${config} is untouched`);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Open this URL in a browser:\n');
      expect(r.stdout).toMatch(
        /^http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?client_id=512000000001&scope=VALUABLE_ACCESS%3BPHOTO_CONTENT&response_type=code&redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fcallback&state=[0-9a-f]{32}$/m,
      );
      expect(r.stdout).toContain(`Logged in as ${USER.uid}, tokens stored in ${path}`);
      if (process.platform !== 'win32') {
        expect(statSync(path).mode & 0o777).toBe(0o600);
        expect(statSync(join(home, 'login', 'okru')).mode & 0o777).toBe(0o700);
      }
      const stored = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      expect(stored).toMatchObject({ appId: APP.appId, appKey: APP.appKey, appSecretKey: APP.appSecretKey });
      expect(stored.accessToken).toEqual(expect.any(String));
      expect(stored.refreshToken).toEqual(expect.any(String));
      expect(stored.expiresAt).toBeGreaterThan(Date.now());
      const output = r.stdout + r.stderr;
      for (const secret of [
        stored.accessToken as string,
        stored.refreshToken as string,
        APP.appSecretKey,
        USER.password!,
      ])
        expect(output).not.toContain(secret);
    });

    test('no redirect within --timeout: a clear error, exit 1, nothing stored', async () => {
      const path = join(home, 'timeout', 'config.json');
      const r = await run(['login', '--timeout', '1'], { ...demoEnv, OKRU_CONFIG: path });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^https:\/\/connect\.ok\.ru\/oauth\/authorize\?client_id=512000000001&/m);
      expect(r.stderr).toMatch(/no redirect came to http:\/\/127\.0\.0\.1:\d+\/callback within 1 s/);
      expect(() => statSync(path)).toThrow();
    });
  });

  describe('methods', () => {
    test('lists every method with its session rule, permissions and summary; deprecated ones marked', async () => {
      const r = await run(['methods']);
      expect(r.code).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^METHOD\s+SESSION\s+PERMISSIONS\s+SUMMARY$/);
      expect(lines.length).toBe(179);
      expect(r.stdout).toMatch(/^users\.getInfo +optional +VALUABLE_ACCESS +Reads up to 100 user profiles/m);
      expect(r.stdout).toMatch(/^photos\.deletePhoto +required +VALUABLE_ACCESS,PHOTO_CONTENT +/m);
      expect(r.stdout).toMatch(/^users\.setStatus +required +SET_STATUS +\[deprecated\] /m);
    });

    test('a group filter, with --json', async () => {
      const json = await run(['methods', 'photosV2', '--json']);
      const list = JSON.parse(json.stdout) as { name: string; session: string; permissions: string[] }[];
      expect(list.map((m) => m.name)).toEqual(['photosV2.commit', 'photosV2.getUploadUrl']);
      expect(list[0]).toMatchObject({
        session: 'optional',
        permissions: ['PHOTO_CONTENT'],
        docs: expect.stringContaining('apiok.ru'),
      });
    });

    test('an unknown group lists the groups and exits 2', async () => {
      const r = await run(['methods', 'nosuchgroup']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /no group 'nosuchgroup'; the groups are: apps, .*users, video, vk\.notifications, widget/,
      );
    });
  });

  describe('mock', () => {
    test('serves on the port given, prints the demo credentials, stops on SIGINT with exit 0', async () => {
      const port = await freePort();
      const server = start(['mock', '--port', String(port)]);
      try {
        await until(() => server.stdout().includes('Press Ctrl+C'), 'the mock to start');
        const url = /listening on (http:\/\/\S+)/.exec(server.stdout())![1]!;
        expect(url).toBe(`http://127.0.0.1:${port}/`);
        expect(server.stdout()).toContain('fake');
        for (const shown of [
          String(APP.appId),
          APP.appKey,
          APP.appSecretKey,
          USER.login!,
          USER.password!,
          USER.accessToken!,
          USER.sessionSecretKey!,
        ])
          expect(server.stdout()).toContain(shown);
        const index = (await (await fetch(url)).json()) as { name: string };
        expect(index.name).toBe('okru mock OK API');
        const ok = new API(
          new TokenSession({
            appId: APP.appId,
            appKey: APP.appKey,
            appSecretKey: APP.appSecretKey,
            accessToken: USER.accessToken,
          }),
          { baseUrl: url },
        );
        await expect(ok.call('friends.get')).resolves.toEqual(['575662066927', '575662066928']);
      } finally {
        server.child.kill('SIGINT');
      }
      expect((await server.done).code).toBe(0);
    });

    test('bad --faults or --config: the message, exit 2', async () => {
      const [faults, config] = await Promise.all([
        run(['mock', '--faults', 'error=2']),
        run(['mock', '--config', join(home, 'missing.json')]),
      ]);
      expect(faults.code).toBe(2);
      expect(faults.stderr).toContain('--faults: error must be a rate between 0 and 1');
      expect(config.code).toBe(2);
      expect(config.stderr).toContain('cannot read the mock config');
    });
  });

  describe('upload', () => {
    test('uploads a file, shows progress on stderr, prints the photo id; photos.getPhotos then lists it', async () => {
      const file = join(home, 'photo.jpg');
      writeFileSync(file, Buffer.alloc(4096, 7));
      const r = await okru('upload', file, '--raw');
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/Uploading photo\.jpg: 100% /);
      const ids = JSON.parse(r.stdout) as string[];
      expect(ids).toEqual([expect.any(String)]);
      const listed = (await demoApi().call('photos.getPhotos')) as { photos: { id: string }[] };
      expect(listed.photos.map((p) => p.id)).toContain(ids[0]);
    });

    test('a missing file fails before any call, exit 1', async () => {
      const missing = await okru('upload', join(home, 'nope.jpg'));
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('nope.jpg (ENOENT)');
    });
  });

  describe('help', () => {
    test('<command> --help for each command: usage, options and an example; help <command> is the same page', async () => {
      const [pages, viaHelp, overview] = await Promise.all([
        Promise.all(COMMANDS.map((c) => run([c, '--help']))),
        run(['help', 'upload']),
        run(['help']),
      ]);
      COMMANDS.forEach((command, i) => {
        const r = pages[i]!;
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^Usage: okru ${command}\\b`));
        expect(r.stdout).toContain('Options:');
        expect(r.stdout).toMatch(/\nExamples?:\n {2}okru /);
      });
      expect(viaHelp.stdout).toBe(pages[COMMANDS.indexOf('upload')]!.stdout);
      expect(overview.code).toBe(0);
      for (const command of COMMANDS) expect(overview.stdout).toMatch(new RegExp(`^ {2}${command} +\\S`, 'm'));
    });

    test('an unknown command lists the commands and exits 2; --version prints the version', async () => {
      const unknown = await run(['frobnicate']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain("unknown command 'frobnicate'");
      for (const command of COMMANDS) expect(unknown.stderr).toContain(`  ${command} `);
      expect(version).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    });
  });
});
