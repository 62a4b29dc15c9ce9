// `okru upload video` and `okru upload moment`, run as processes against an in-process mock: the file arrives exactly,
// progress goes to stderr as plain lines (stderr is not a terminal here; the terminal bar is tested in
// cli-progress.test.ts), the ids to stdout, and options that do not fit the kind are usage errors (exit 2).
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMockServer, DEMO_CONFIG, type MockServer } from '../../src/mock/index.js';
import { videoUploadsOf } from '../../src/mock/video-upload-store.js';
import { type IsolatedHome, isolatedHome, type OkruResult, runOkru } from '../helpers/okru-cli.js';

const APP = DEMO_CONFIG.apps[0]!;
const TOKEN = 'cli-video-token';

let mock: MockServer;
let isolated: IsolatedHome;
let home: string;
let env: Record<string, string>;

const okru = (...args: string[]): Promise<OkruResult> => runOkru(args, env);

beforeAll(async () => {
  mock = await createMockServer({
    config: {
      apps: [APP],
      users: [
        {
          uid: '575662066926',
          name: 'Ivan',
          accessToken: TOKEN,
          permissions: ['VALUABLE_ACCESS', 'PHOTO_CONTENT', 'VIDEO_CONTENT'],
        },
      ],
    },
  });
  isolated = isolatedHome('okru-cli-upload-');
  home = isolated.home;
  env = {
    ...isolated.env,
    OKRU_BASE_URL: mock.url,
    OKRU_APP_ID: String(APP.appId),
    OKRU_APP_KEY: APP.appKey,
    OKRU_APP_SECRET_KEY: APP.appSecretKey,
    OKRU_ACCESS_TOKEN: TOKEN,
  };
});

afterAll(async () => {
  await mock?.close();
  isolated?.remove();
});

describe.concurrent('okru upload', () => {
  test('video: in chunks, progress lines on stderr, the video id on stdout; the mock has the file and title', async () => {
    const file = join(home, 'clip.mp4');
    const bytes = Buffer.alloc(300_000).map((_, i) => i % 253);
    writeFileSync(file, bytes);
    const r = await okru(
      'upload',
      'video',
      file,
      '--title',
      'Summer',
      '--privacy',
      'friends',
      '--chunk-size',
      '65536',
      '--raw',
    );
    // Progress at each chunk's end (a 64 kB chunk goes as one piece), written at each quarter passed.
    expect(r.stderr).toBe(
      [
        'Uploading clip.mp4:  25% (128.0 kB of 293.0 kB)',
        'Uploading clip.mp4:  50% (192.0 kB of 293.0 kB)',
        'Uploading clip.mp4:  75% (256.0 kB of 293.0 kB)',
        'Uploading clip.mp4: 100% (293.0 kB of 293.0 kB)',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(0);
    const { video_id: videoId } = JSON.parse(r.stdout) as { video_id: string };
    expect(videoUploadsOf(mock.state).videos.get(videoId)).toMatchObject({
      title: 'Summer',
      privacy: 'FRIENDS',
      size: 300_000,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });

  test('moment: the photo id and its token', async () => {
    const file = join(home, 'sunset.jpg');
    writeFileSync(file, Buffer.alloc(2048, 5));
    const r = await okru('upload', 'moment', file, '--raw');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Uploading sunset\.jpg: 100% /);
    const { photo_id: photoId, token } = JSON.parse(r.stdout) as { photo_id: string; token: string };
    expect(mock.state.photos.get(photoId)).toMatchObject({ uploadToken: token, moment: true });
  });
});

describe('okru upload --timeout', () => {
  let server: Server | undefined;
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  test('reaches the upload itself: an upload URL that takes the file and never answers ends by it, exit 1', async () => {
    // OK's part, faked: photosV2.getUploadUrl answers at once with an upload URL that stalls after its headers.
    server = createServer((req, res) => {
      if (req.url!.startsWith('/fb.do')) {
        const { port } = server!.address() as AddressInfo;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ upload_url: `http://127.0.0.1:${port}/upload`, photo_ids: ['p1'] }));
      } else res.writeHead(200, { 'content-type': 'application/json' }).write('{');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const file = join(home, 'slow.jpg');
    writeFileSync(file, Buffer.alloc(2048, 3));
    const { port } = server.address() as AddressInfo;
    const r = await okru('upload', file, '--timeout', '300', '--base-url', `http://127.0.0.1:${port}/`);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Uploading slow.jpg: 100% (2.2 kB of 2.2 kB)\nupload: no complete answer within 300 ms\n',
    });
  });
});

// Alone, so that the mock's upload count is this test's own.
describe('okru upload, bad usage', () => {
  test('options that do not fit the kind, or two files for one video: usage errors, exit 2, nothing sent', async () => {
    const file = join(home, 'pic.jpg');
    writeFileSync(file, Buffer.alloc(10, 1));
    const before = { api: mock.stats.api, upload: mock.stats.upload };
    const results = await Promise.all([
      okru('upload', file, '--title', 'T'),
      okru('upload', 'video', file, '--album', '1'),
      okru('upload', 'video', file, file),
      okru('upload', 'moment', file, '--group', '1'),
      okru('upload', 'video', file, '--privacy', 'everyone'),
      okru('upload', 'video'),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(results[0]!.stderr).toContain('--title does not apply to upload photo');
    expect(results[2]!.stderr).toContain('upload video takes one file');
    expect(results[4]!.stderr).toContain('--privacy must be PUBLIC or FRIENDS');
    expect({ api: mock.stats.api, upload: mock.stats.upload }).toEqual(before);
  });
});
