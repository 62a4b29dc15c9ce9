// Type-check cost of user code: files making 2, 20 and 200 typed calls against okru (with and without declared
// permissions) and the same-size files against vk-io, each checked by `tsc --noEmit --extendedDiagnostics` in a
// project of its own, as a user's project would be (the built package, skipLibCheck, @types/node). Median of 3 runs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const out = join(root, 'bench/.out/typecheck');
const tsc = join(root, 'node_modules/typescript/bin/tsc');

const OKRU_CALLS = [
  `ok.users.getInfo({ uids: ['575662066926'], fields: ['first_name', 'pic_1'] })`,
  `ok.friends.get({ fid: '575662066926' })`,
  `ok.photos.getPhotos({ fid: '1', count: 10 })`,
  `ok.group.getInfo({ uids: ['1'], fields: ['name'] })`,
  `ok.events.get()`,
  `ok.mediatopic.getByIds({ topic_ids: ['1'], fields: ['media_topic.*'] })`,
  `ok.photos.getAlbums({ fid: '1' })`,
  `ok.friends.getOnline()`,
  `ok.users.getCallsLeft({ methods: ['users.getInfo'] })`,
  `ok.photosV2.getUploadUrl({ count: 1 })`,
  `ok.photos.deletePhoto({ photo_id: '1' })`,
  `ok.photos.createAlbum({ title: 'x' })`,
  `ok.group.getUserGroupsV2({ uid: '1' })`,
  `ok.discussions.getList({ count: 10 })`,
  `ok.market.getProducts({ gid: '1' })`,
  `ok.video.getUploadUrl({ file_name: 'a.mp4', file_size: 1 })`,
  `ok.url.getInfo({ url: 'https://ok.ru/group/1' })`,
  `ok.stream.isSubscribed({ fid: '1' })`,
  `ok.call('friends.getAppUsers')`,
  `ok.mediatopic.post({ attachment: { media: [{ type: 'text', text: 'hi' }] } })`,
];

const VK_CALLS = [
  `vk.api.users.get({ user_ids: [1], fields: ['photo_100'] })`,
  `vk.api.friends.get({ user_id: 1 })`,
  `vk.api.photos.get({ owner_id: 1, album_id: 'profile' })`,
  `vk.api.groups.getById({ group_ids: [1], fields: ['description'] })`,
  `vk.api.account.getCounters({})`,
  `vk.api.wall.getById({ posts: ['1_1'] })`,
  `vk.api.photos.getAlbums({ owner_id: 1 })`,
  `vk.api.friends.getOnline({})`,
  `vk.api.users.getSubscriptions({ user_id: 1 })`,
  `vk.api.photos.getUploadServer({ album_id: 1 })`,
  `vk.api.photos.delete({ owner_id: 1, photo_id: 1 })`,
  `vk.api.photos.createAlbum({ title: 'x' })`,
  `vk.api.groups.get({ user_id: 1 })`,
  `vk.api.messages.getConversations({ count: 10 })`,
  `vk.api.market.get({ owner_id: -1 })`,
  `vk.api.video.save({ name: 'a' })`,
  `vk.api.utils.resolveScreenName({ screen_name: 'durov' })`,
  `vk.api.wall.get({ owner_id: 1 })`,
  `vk.api.call('friends.getAppUsers', {})`,
  `vk.api.wall.post({ message: 'hi' })`,
];

type Kind = 'baseline' | 'okru' | 'okru-declared' | 'vk-io';

function userFile(kind: Kind, calls: number): string {
  if (kind === 'baseline') return 'export async function run(): Promise<void> {}\n';
  const list = kind === 'vk-io' ? VK_CALLS : OKRU_CALLS;
  const head =
    kind === 'vk-io'
      ? `import { VK } from 'vk-io';\nconst vk = new VK({ token: 'tkn' });\n`
      : `import { API, ServerSession } from 'okru';\nconst ok = new API(new ServerSession({ appId: 1, appKey: 'k', appSecretKey: 's', accessToken: 't' })${
          kind === 'okru-declared'
            ? `, { permissions: ['VALUABLE_ACCESS', 'PHOTO_CONTENT', 'GROUP_CONTENT', 'VIDEO_CONTENT'] }`
            : ''
        });\n`;
  const body = Array.from(
    { length: calls },
    (_, i) => `  const r${i} = await ${list[i % list.length]};\n  void r${i};`,
  ).join('\n');
  return `${head}\nexport async function run(): Promise<void> {\n${body}\n}\n`;
}

interface Figures {
  seconds: number;
  memoryMB: number;
  types: number;
  instantiations: number;
  errors: number;
}

function checkOnce(dir: string): Figures {
  let text: string;
  let errors = 0;
  try {
    text = execFileSync(process.execPath, [tsc, '-p', dir, '--extendedDiagnostics'], { encoding: 'utf8' });
  } catch (err) {
    text = (err as { stdout: string }).stdout;
    errors = (text.match(/error TS\d+/g) ?? []).length;
  }
  const num = (label: string) => Number(new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(text)?.[1] ?? NaN);
  return {
    seconds: num('Total time'),
    memoryMB: num('Memory used') / 1024,
    types: num('Types'),
    instantiations: num('Instantiations'),
    errors,
  };
}

/**
 * `types`: 'node' checks as a Node project does (with @types/node, whose own cost shows in the baseline row); 'none'
 * checks the SDK alone.
 */
export function measureTypecheck(types: 'node' | 'none', sizes = [2, 20, 200], runs = 3) {
  const results: Record<string, Figures> = {};
  const cases: [Kind, number][] = [
    ['baseline', 0],
    ...(['okru', 'okru-declared', 'vk-io'] as const).flatMap((k) => sizes.map((n): [Kind, number] => [k, n])),
  ];
  for (const [kind, calls] of cases) {
    {
      const dir = join(out, `${types}-${kind}-${calls}`);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(join(dir, 'node_modules/@types'), { recursive: true });
      symlinkSync(root, join(dir, 'node_modules/okru'));
      symlinkSync(join(root, 'node_modules/vk-io'), join(dir, 'node_modules/vk-io'));
      symlinkSync(join(root, 'node_modules/@types/node'), join(dir, 'node_modules/@types/node'));
      // vk-io's own dependencies resolve from the project's node_modules.
      for (const dep of ['inspectable', 'middleware-io', 'abort-controller', 'debug', 'ms', 'undici']) {
        try {
          symlinkSync(join(root, 'node_modules', dep), join(dir, 'node_modules', dep));
        } catch {
          // not installed: fine
        }
      }
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            skipLibCheck: true,
            noEmit: true,
            types: types === 'node' ? ['node'] : [],
          },
          files: ['index.ts'],
        }),
      );
      writeFileSync(join(dir, 'index.ts'), userFile(kind, calls));
      const samples = Array.from({ length: runs }, () => checkOnce(dir)).sort((a, b) => a.seconds - b.seconds);
      results[kind === 'baseline' ? 'empty file (baseline)' : `${kind}, ${calls} calls`] =
        samples[Math.floor(runs / 2)]!;
    }
  }
  return results;
}

export function printTypecheck(): void {
  for (const types of ['node', 'none'] as const) {
    const results = measureTypecheck(types);
    console.log(
      `\nType-check cost, tsc --noEmit --extendedDiagnostics, ${types === 'node' ? 'with @types/node (a Node project)' : 'without @types/node (the SDK alone)'}; median of 3`,
    );
    console.table(
      Object.fromEntries(
        Object.entries(results).map(([name, f]) => [
          name,
          {
            seconds: f.seconds.toFixed(2),
            'memory MB': f.memoryMB.toFixed(0),
            types: f.types,
            instantiations: f.instantiations,
            ...(f.errors ? { errors: f.errors } : {}),
          },
        ]),
      ),
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printTypecheck();
