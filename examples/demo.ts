// `npm start`: a tour of okru against the built-in mock OK server. No account, no network: the mock runs on
// 127.0.0.1 with demo data, the authorization-code flow runs against it, and the calls below go over real HTTP.
import { API, CodeSession, OkApiError, authorizeUrl, isPermissionError, randomState, retry, uploadPhotos } from 'okru';
import { authorizeWithPassword } from 'okru/login';
import { DEMO_CONFIG, createMockServer } from 'okru/mock';

const started = performance.now();
const line = (label: string, value: unknown) =>
  console.log(`  ${label.padEnd(28)} ${typeof value === 'string' ? value : JSON.stringify(value)}`);
const section = (title: string) => console.log(`\n${title}`);

const mock = await createMockServer();
const app = DEMO_CONFIG.apps[0]!;
const ivan = DEMO_CONFIG.users[0]!;
section(`Mock OK server on ${mock.url} (demo app ${app.appId})`);

// 1. The authorization-code flow: the URL a user would open, the dialog (played here with the demo user's login),
//    then the code exchanged at oauth/token.do.
section('Authorization code flow');
const redirectUri = `${mock.url}demo/callback`;
const state = randomState();
line(
  'authorize URL',
  authorizeUrl({
    appId: app.appId,
    scope: ['VALUABLE_ACCESS', 'PHOTO_CONTENT', 'GET_EMAIL'],
    responseType: 'code',
    redirectUri,
    state,
    connectBaseUrl: mock.url,
  }),
);
const redirect = await authorizeWithPassword({
  appId: app.appId,
  login: ivan.login!,
  password: ivan.password!,
  redirectUri,
  state,
  responseType: 'code',
  scope: ['VALUABLE_ACCESS', 'PHOTO_CONTENT', 'GET_EMAIL'],
  connectBaseUrl: mock.url,
});
line('code received', `${redirect.code.slice(0, 6)}… (state checked)`);
let retries = 0;
const session = new CodeSession({
  appId: app.appId,
  appKey: app.appKey,
  appSecretKey: app.appSecretKey,
  code: redirect.code,
  redirectUri,
  oauthBaseUrl: mock.url,
});
const ok = new API(session, {
  baseUrl: mock.url,
  middleware: [
    retry({
      delay: () => 100,
      onRetry: ({ request, error }) => {
        retries++;
        line(
          'retrying',
          `${request.method} after ${error instanceof OkApiError ? `${error.code} ${error.codeName}` : String(error)}`,
        );
      },
    }),
  ],
});
await session.authorize();
line('token expires at', new Date(session.expiresAt!).toISOString());
line('refresh token kept', session.refreshToken ? 'yes' : 'no');

// 2. Typed calls. The result of users.getInfo has exactly the fields asked for.
section('Typed calls');
const me = await ok.users.getCurrentUser({ fields: ['first_name', 'last_name'] });
line('users.getCurrentUser', me);
const friends = await ok.friends.get();
line('friends.get', friends);
const profiles = await ok.users.getInfo({ uids: ['575662066927', '575662066928'], fields: ['first_name', 'pic_1'] });
line('users.getInfo', profiles.map((p) => `${p.first_name} (${p.uid})`).join(', '));

// 3. A photo upload (three steps: upload URL, multipart POST, commit), then a post.
section('Upload and post');
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0xff, 0xd9]);
const [photo] = await uploadPhotos(ok, [{ data: jpeg, name: 'hello.jpg', type: 'image/jpeg' }], {
  comment: 'Hello from okru',
});
line('photo uploaded', `${photo!.photoId} (commit: ${photo!.status})`);
const photos = (await ok.photos.getPhotos({ count: 10 })) as { photos?: { id: string }[] };
line(
  'photos.getPhotos lists it',
  (photos.photos ?? []).some((p) => p.id === photo!.photoId),
);
const topicId = await ok.mediatopic.post({
  attachment: {
    media: [
      { type: 'text', text: 'Hello, OK!' },
      { type: 'link', url: 'https://github.com/okru' },
    ],
  },
});
line('mediatopic.post', `topic ${topicId}`);

// 4. A permission the user did not grant: OK refuses, and the error says which.
section('Errors');
try {
  await ok.group.getMembers({ uid: '53038939046008' });
} catch (err) {
  if (!isPermissionError(err)) throw err;
  line('group.getMembers', `${err.code} ${err.codeName}: ${err.msg}`);
}

// 5. A transient fault (OK's 2 SERVICE), retried by the retry middleware.
mock.failNext({ okError: 2 });
const again = await ok.users.getInfo({ uids: ['575662066927'], fields: ['name'] });
line('users.getInfo after a fault', again[0]?.name);

section('Summary');
line('API calls served', mock.stats.api);
line('OAuth requests', mock.stats.oauth);
line('uploads', mock.stats.upload);
line('faults injected / retried', `${mock.stats.faults} / ${retries}`);
line('time', `${Math.round(performance.now() - started)} ms`);
await session.close();
await mock.close();
console.log('\nDone: everything above ran against the local mock. Next: README.md, "Usage".');
