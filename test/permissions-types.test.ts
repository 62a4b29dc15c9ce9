// Compile-time permission and session checks: allowed calls compile; every forbidden combination carries a
// ts-expect-error directive (so `npm run typecheck` fails if one starts compiling); and tsc's own messages on a fixture
// project name the missing permission or the session rule. Run-time: canCall and checkPermissions.
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  API,
  ClientSession,
  CodeSession,
  OkPermissionError,
  OkSessionError,
  ServerSession,
  TokenSession,
  type WebSession,
  requiredPermissions,
  METHODS,
  type SessionKind,
} from '../src/index.js';
import { groupGetMembers, mediatopicPost } from '../src/methods.js';
import { ImplicitSession } from '../src/login.js';
import type { SessionKindOf } from '../src/permissions.js';

const maybeToken = (token: string | undefined) =>
  new ServerSession({ appId: 1, appKey: 'k', appSecretKey: 's', accessToken: token });
import { recordingFetch } from './helpers/wire.js';

const userSession = new ServerSession({ appId: 1, appKey: 'k', appSecretKey: 's', accessToken: 't' });
const appSession = new ServerSession({ appId: 1, appKey: 'k', appSecretKey: 's' });

// Never called: tsc checks the bodies.
function compileTime() {
  const declared = new API(userSession, { permissions: ['VALUABLE_ACCESS', 'PHOTO_CONTENT'] });
  void declared.photos.deletePhoto({ photo_id: '1' });
  void declared.users.getInfo({ uids: ['1'], fields: ['name'] });
  void declared.call('photos.deletePhoto', { photo_id: '1' });
  void declared.events.get();
  void declared.group.getInfo({ uids: ['1'], fields: ['name'] }); // needs no permission
  void declared.mediatopic.post({ attachment: { media: [] } });
  void declared.mediatopic.post({ type: 'USER', attachment: { media: [] } });
  // @ts-expect-error Missing permission: GROUP_CONTENT
  void declared.group.getMembers({ uid: '1' });
  // @ts-expect-error Missing permission: GROUP_CONTENT
  void declared.call('group.getMembers', { uid: '1' });
  // @ts-expect-error Missing permission: GROUP_CONTENT
  void groupGetMembers(declared, { uid: '1' });
  // @ts-expect-error Missing permission: VIDEO_CONTENT
  void declared.video.delete({ vid: '1' });
  // @ts-expect-error Missing permission: APP_INVITE
  void declared.friends.appInvite({ uids: ['1'] });
  // The email field needs GET_EMAIL; the call itself needs only VALUABLE_ACCESS.
  void declared.users.getCurrentUser();
  void declared.users.getCurrentUser({ fields: ['first_name', 'pic_1'] });
  void declared.users.getInfo({ uids: ['1'], fields: ['FIRST_NAME'] });
  // @ts-expect-error Missing permission: GET_EMAIL (the email field)
  void declared.users.getCurrentUser({ fields: ['first_name', 'email'] });
  // @ts-expect-error Missing permission: GET_EMAIL (the email field, in upper case)
  void declared.users.getInfo({ uids: ['1'], fields: ['EMAIL'] });
  void new API(userSession, { permissions: ['VALUABLE_ACCESS', 'GET_EMAIL'] }).users.getCurrentUser({
    fields: ['email'],
  });
  // @ts-expect-error Missing permission: LIKE (photos.addPhotoLike needs VALUABLE_ACCESS, PHOTO_CONTENT, LIKE)
  void declared.photos.addPhotoLike({ photo_id: '1' });
  // @ts-expect-error Missing permission: SET_STATUS (type USER_STATUS)
  void declared.mediatopic.post({ type: 'USER_STATUS', attachment: { media: [] } });
  // @ts-expect-error Missing permission: PUBLISH_NOTE (type USER_NOTE)
  void declared.mediatopic.post({ type: 'USER_NOTE', attachment: { media: [] } });
  // @ts-expect-error Missing permission: GROUP_CONTENT (a group topic)
  void declared.mediatopic.post({ type: 'GROUP_THEME', gid: '1', attachment: { media: [] } });
  // @ts-expect-error Missing permission: GROUP_CONTENT (gid given)
  void declared.mediatopic.post({ gid: '1', attachment: { media: [] } });
  // @ts-expect-error Missing permission: SET_STATUS (set_status: true)
  void declared.mediatopic.post({ set_status: true, attachment: { media: [] } });
  // @ts-expect-error unknown parameter, also on the generic stub
  void declared.mediatopic.post({ attachment: { media: [] }, bogus: 1 });

  const groups = new API(userSession, { permissions: ['VALUABLE_ACCESS', 'GROUP_CONTENT', 'SET_STATUS'] });
  void groups.group.getMembers({ uid: '1' });
  void groups.mediatopic.post({ type: 'GROUP_THEME', gid: '1', attachment: { media: [] } });
  void groups.mediatopic.post({ type: 'USER_STATUS', attachment: { media: [] } });
  // @ts-expect-error Missing permission: PHOTO_CONTENT (group.setMainPhoto needs GROUP_CONTENT and PHOTO_CONTENT)
  void groups.group.setMainPhoto({ group_id: '1', photo_id: '2' });

  // Nothing declared: nothing restricted.
  const open = new API(userSession);
  void open.group.getMembers({ uid: '1' });
  void open.mediatopic.post({ type: 'USER_STATUS', attachment: { media: [] } });
  void open.photos.addPhotoLike({ photo_id: '1' });

  // Session kinds.
  const app = new API(appSession);
  void app.notifications.sendSimple({ uid: '1', text: 'x' }); // prohibited: fine without a user
  void app.friends.get({ uid: '1' }); // optional
  void app.call('users.getInfo', { uids: ['1'], fields: ['name'] });
  // @ts-expect-error Session rule: required (this client has no user session)
  void app.events.get();
  // @ts-expect-error Session rule: required
  void app.call('events.get');
  // @ts-expect-error Session rule: required
  void app.photos.deletePhoto({ photo_id: '1' });
  const user = new API(userSession);
  // @ts-expect-error Session rule: prohibited (a user session)
  void user.notifications.sendSimple({ uid: '1', text: 'x' });
  // @ts-expect-error Session rule: prohibited
  void user.call('notifications.sendSimple', { uid: '1', text: 'x' });
  // @ts-expect-error Session rule: prohibited, for OAuth sessions too
  void new API(
    new CodeSession({ appId: 1, appKey: 'k', appSecretKey: 's', code: 'c', redirectUri: 'https://a' }),
  ).notifications.sendMass({ text: 't', expires: 'x' });
  // @ts-expect-error Session rule: prohibited, for client sessions
  void new API(
    new ClientSession({ appId: 1, appKey: 'k', accessToken: 't', sessionSecretKey: 's' }),
  ).payment.appCashback({ from: '2019.01.01 00:00', to: '2019.02.01 00:00', amount: [3000] });
  void mediatopicPost(new API(appSession), { attachment: { media: [] } }); // optional: fine without a user
  // @ts-expect-error Session rule: required, through the tree-shakeable function
  void groupGetMembers(new API(appSession), { uid: '1' });

  // A session whose kind the types cannot know restricts nothing.
  const maybe: string | undefined = process.env.TOKEN;
  const unknownKind = new API(new ServerSession({ appId: 1, appKey: 'k', appSecretKey: 's', accessToken: maybe }));
  void unknownKind.events.get();
  void unknownKind.notifications.sendSimple({ uid: '1', text: 'x' });
  // A client whose session is one of two known kinds may call what both may.
  const either = new API(Math.random() > 0.5 ? userSession : appSession);
  void either.friends.get({ uid: '1' });
  // @ts-expect-error Session rule: required (the session may be the app's alone)
  void either.events.get();
  // @ts-expect-error Session rule: prohibited (the session may be a user's)
  void either.notifications.sendSimple({ uid: '1', text: 'x' });

  // Declared permissions still count when the session's kind is unknown.
  const unknownDeclared = new API(new ServerSession({ appId: 1, appKey: 'k', appSecretKey: 's', accessToken: maybe }), {
    permissions: ['VALUABLE_ACCESS'],
  });
  void unknownDeclared.events.get();
  // @ts-expect-error Missing permission: GROUP_CONTENT
  void unknownDeclared.group.getMembers({ uid: '1' });

  // A method taken from its group keeps its client's grants only where paginate() needs them (paged methods);
  // calling it with another `this` is refused as ever.
  // @ts-expect-error Session rule: required (the `this` is a plain object)
  void user.events.get.call({});
}
void compileTime;

/** A function of any client, as users write them (`ok: API`): every client type is one. */
function takesAnyClient(ok: API): void {
  void ok.events.get();
  void ok.notifications.sendSimple({ uid: '1', text: 'x' });
}
void takesAnyClient;

describe('compile-time checks', () => {
  it('a client of any session kind or permissions is an API, and an API restricts nothing', () => {
    expectTypeOf(new API(userSession, { permissions: ['VALUABLE_ACCESS'] })).toExtend<API>();
    expectTypeOf(new API(appSession)).toExtend<API>();
    expectTypeOf(new API(userSession, { permissions: [] })).toExtend<API>();
    // A user client is not an app-only one: its grants lack the key `prohibited` methods need.
    expectTypeOf(new API(userSession)).not.toExtend<API<typeof appSession>>();
  });

  it('session kinds are read from the options', () => {
    expectTypeOf<SessionKindOf<typeof userSession>>().toEqualTypeOf<'user'>();
    expectTypeOf<SessionKindOf<typeof appSession>>().toEqualTypeOf<'app'>();
    expectTypeOf<SessionKindOf<TokenSession>>().toEqualTypeOf<SessionKind>();
    expectTypeOf<SessionKindOf<ClientSession>>().toEqualTypeOf<'user'>();
    expectTypeOf<SessionKindOf<ImplicitSession>>().toEqualTypeOf<'user'>();
    expectTypeOf<SessionKindOf<WebSession>>().toEqualTypeOf<'user'>();
    expectTypeOf<SessionKindOf<ServerSession>>().toEqualTypeOf<SessionKind>();
    expectTypeOf<SessionKindOf<ReturnType<typeof maybeToken>>>().toEqualTypeOf<SessionKind>();
    expectTypeOf(new TokenSession({ appId: 1, appKey: 'k', appSecretKey: 's' })).toEqualTypeOf<TokenSession<'app'>>();
    expectTypeOf(new TokenSession({ appId: 1, appKey: 'k', sessionSecretKey: 's', accessToken: 't' })).toEqualTypeOf<
      TokenSession<'user'>
    >();
    expectTypeOf(
      new TokenSession({ appId: 1, appKey: 'k', appSecretKey: 's', accessToken: 't', circuit: 'app' }),
    ).toEqualTypeOf<TokenSession<'app'>>();
  });

  it("tsc's messages name the missing permission or the session rule", () => {
    const root = join(import.meta.dirname, '..');
    const file = join(root, 'test/fixtures/typecheck/forbidden-calls.ts');
    const config = ts.getParsedCommandLineOfConfigFile(
      join(root, 'tsconfig.json'),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    )!;
    const program = ts.createProgram([file], config.options);
    const messages = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName === file)
      .map(
        (d) =>
          `${d.file!.getLineAndCharacterOfPosition(d.start!).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
      );
    const onLine = (line: number) => messages.filter((m) => m.startsWith(`${line}: `)).join(' ');
    expect(messages.map((m) => Number(m.split(':')[0])).sort((x, y) => x - y)).toEqual([9, 10, 11, 12, 13, 14, 15, 16]);
    expect(onLine(9)).toContain(
      `The 'this' context of type 'GroupMethods & Grants<ContextOf<ServerSession<"user">, readonly ["VALUABLE_ACCESS", "PHOTO_CONTENT"]>>`,
    );
    expect(onLine(9)).toContain(
      `to method's 'this' of type 'NeedsUserSession & NeedsValuableAccess & NeedsGroupContent'`,
    );
    expect(onLine(12)).toContain(`to method's 'this' of type 'NeedsUserSession & NeedsValuableAccess'`);
    expect(onLine(13)).toContain(`to method's 'this' of type 'NeedsNoUserSession & NeedsValuableAccess'`);
    expect(onLine(9)).toContain(`Property '"Missing permission: GROUP_CONTENT"' is missing`);
    expect(onLine(10)).toContain(`Property '"Missing permission: GROUP_CONTENT"' is missing`);
    expect(onLine(11)).toContain(`Property '"Missing permission: GROUP_CONTENT"' is missing`);
    expect(onLine(12)).toContain(`Property '"Session rule: required (this client has no user session)"' is missing`);
    expect(onLine(13)).toContain(
      `Property '"Session rule: prohibited (call it without a user session: an app-only ServerSession)"' is missing`,
    );
    expect(onLine(14)).toContain(`Property '"Missing permission: SET_STATUS"' is missing`);
    expect(onLine(15)).toContain(`Property '"Missing permission: GET_EMAIL"' is missing`);
    expect(onLine(16)).toContain(`Property '"Missing permission: GROUP_CONTENT"' is missing`);
  });
});

describe('run time', () => {
  it('canCall answers from the declared permissions and the session rule', () => {
    const ok = new API(userSession, { permissions: ['VALUABLE_ACCESS', 'PHOTO_CONTENT'] });
    expect(ok.canCall('photos.deletePhoto')).toBe(true);
    expect(ok.canCall('group.getMembers')).toBe(false);
    expect(ok.canCall('notifications.sendSimple')).toBe(false); // prohibited with a user session
    expect(ok.canCall('mediatopic.post', { attachment: { media: [] } })).toBe(true);
    expect(ok.canCall('mediatopic.post', { type: 'USER_STATUS', attachment: { media: [] } })).toBe(false);
    expect(ok.canCall('mediatopic.post', { gid: '1', attachment: { media: [] } })).toBe(false);
    expect(ok.canCall('brand.newMethod')).toBe(true);
    expect(new API(appSession).canCall('events.get')).toBe(false);
    expect(new API(appSession).canCall('notifications.sendSimple')).toBe(true);
    expect(new API(userSession).canCall('group.getMembers')).toBe(true); // nothing declared, nothing known
  });

  it('canCall answers from the permissions an implicit-flow session was granted', () => {
    const session = new ImplicitSession({ appId: 1, appKey: 'k', login: 'l', password: 'p' });
    Object.defineProperty(session, 'permissionsGranted', { value: ['VALUABLE_ACCESS', 'GROUP_CONTENT'] });
    const ok = new API(session);
    expect(ok.permissions).toEqual(['VALUABLE_ACCESS', 'GROUP_CONTENT']);
    expect(ok.canCall('group.getMembers')).toBe(true);
    expect(ok.canCall('photos.deletePhoto')).toBe(false);
  });

  it('requiredPermissions adds the ones that depend on parameter values', () => {
    expect(requiredPermissions(METHODS['photos.deletePhoto'])).toEqual(['VALUABLE_ACCESS', 'PHOTO_CONTENT']);
    expect(requiredPermissions('photos.getAlbums')).toEqual(['VALUABLE_ACCESS']);
    expect(requiredPermissions('mediatopic.post', { type: 'USER_STATUS' })).toEqual(['SET_STATUS']);
    expect(requiredPermissions('brand.newMethod' as never)).toEqual([]);
    expect(
      requiredPermissions(METHODS['mediatopic.post'], { type: 'USER_NOTE', set_status: true, gid: '5' }).sort(),
    ).toEqual(['GROUP_CONTENT', 'PUBLISH_NOTE', 'SET_STATUS']);
    expect(requiredPermissions(METHODS['mediatopic.post'], { type: 'USER', set_status: false })).toEqual([]);
  });

  it('checkPermissions throws OkPermissionError before sending', async () => {
    const { fetch, seen } = recordingFetch();
    const ok = new API(userSession, {
      permissions: ['VALUABLE_ACCESS', 'PHOTO_CONTENT'],
      checkPermissions: true,
      fetch,
    });
    const call = ok.call as (method: string, params?: object) => Promise<unknown>;
    const err = await call.call(ok, 'group.getMembers', { uid: '1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OkPermissionError);
    expect(err).toMatchObject({ method: 'group.getMembers', missing: ['GROUP_CONTENT'] });
    expect((err as Error).message).toBe(
      'group.getMembers: needs the permission GROUP_CONTENT, which this client was not granted',
    );
    await expect(
      call.call(ok, 'mediatopic.post', { type: 'USER_STATUS', attachment: { media: [] } }),
    ).rejects.toMatchObject({ missing: ['SET_STATUS'] });
    expect(seen).toHaveLength(0);
    await ok.photos.deletePhoto({ photo_id: '1' });
    expect(seen).toHaveLength(1);
    // Without checkPermissions the call goes out (OK answers for itself).
    const lax = new API(userSession, { permissions: ['VALUABLE_ACCESS'], fetch });
    await (lax.call as (m: string, p?: object) => Promise<unknown>).call(lax, 'group.getMembers', { uid: '1' });
    expect(seen).toHaveLength(2);
  });

  it('the session rule is checked at run time too, whatever the types say', async () => {
    const { fetch } = recordingFetch();
    const ok = new API(new TokenSession({ appId: 1, appKey: 'k', appSecretKey: 's' }), { fetch });
    // @ts-expect-error the types refuse it (an app-only session), and so does the run time
    await expect(ok.events.get()).rejects.toBeInstanceOf(OkSessionError);
  });

  it('declared permissions must be known names', () => {
    expect(() => new API(userSession, { permissions: ['VALUABLE_ACCESS', 'TELEPATHY' as never] })).toThrow(
      'API: unknown permission TELEPATHY',
    );
  });
});
