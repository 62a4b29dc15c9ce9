// What the types promise: typed params and results per method and per `call` name, compile errors for unknown or
// missing parameters and wrong values. Checked by `npm run typecheck` (tsc over test/); the calls are never run.
import { describe, expectTypeOf, it } from 'vitest';
import {
  API,
  METHODS,
  ServerSession,
  type Client,
  type FriendsGetResult,
  type MethodName,
  type OkMethods,
  type PhotoUploadUrl,
  type User,
  type UsersGetInfoParams,
  type Selected,
  type UserFieldName,
} from '../src/index.js';
import { usersGetInfo } from '../src/methods.js';

const ok: API = new API(new ServerSession({ appId: 1, appKey: 'k', appSecretKey: 's', accessToken: 't' }));
const client: Client = ok;

// Never called: tsc checks the body, vitest only sees the function.
function typeChecks() {
  void ok.users.getInfo({ uids: ['575662066926', 1, 2n], fields: ['first_name', 'PIC_1', 'name'] });
  void ok.events.get();
  void ok.users.getGames();
  void ok.users.getGames({});
  void ok.call('friends.get', { fid: '575662066926' });
  void ok.call('events.get');
  void ok.call('brand.newMethod', { anything: [1, 2] });
  void usersGetInfo(client, { uids: ['1'], fields: ['name'] });
  void ok.mediatopic.post({ attachment: { media: [{ type: 'text', text: 'hi' }] } });

  // @ts-expect-error unknown parameter on the typed path
  void ok.users.getInfo({ uids: ['1'], fields: ['name'], bogus: 1 });
  // @ts-expect-error missing required parameter
  void ok.users.getInfo({ fields: ['name'] });
  // @ts-expect-error params are required for users.getInfo
  void ok.users.getInfo();
  // @ts-expect-error not a user field
  void ok.users.getInfo({ uids: ['1'], fields: ['nmae'] });
  // @ts-expect-error wrong value type
  void ok.users.getInfo({ uids: ['1'], fields: ['name'], emptyPictures: 'yes' });
  // @ts-expect-error a method without parameters takes none
  void ok.users.getGames({ bogus: 1 });
  // @ts-expect-error typo in a parameter of a known method through call
  void ok.call('friends.get', { fidd: '1' });
  // @ts-expect-error missing required parameter through call
  void ok.call('users.getInfo', { uids: ['1'] });
  // @ts-expect-error no such method in a group
  void ok.users.getInfoo;
  // @ts-expect-error not a paging direction
  void ok.photos.getPhotos({ direction: 'SIDEWAYS' });
}
void typeChecks;

describe('types', () => {
  it('types results by method and by name', () => {
    expectTypeOf(ok.photosV2.getUploadUrl).returns.resolves.toEqualTypeOf<PhotoUploadUrl>();
    expectTypeOf(ok.mediatopic.post).returns.resolves.toEqualTypeOf<string>();
    expectTypeOf(ok.notifications.sendSimple).returns.resolves.toEqualTypeOf<boolean>();
    expectTypeOf(ok.friends.get).returns.resolves.toEqualTypeOf<FriendsGetResult>();
    // Never called: the type of a call by name, without sending it.
    const friendsByName = () => ok.call('friends.get');
    expectTypeOf(friendsByName).returns.resolves.toEqualTypeOf<FriendsGetResult>();
    expectTypeOf<FriendsGetResult>().toEqualTypeOf<string[]>();
    expectTypeOf<OkMethods['users.getInfo']['params']>().toEqualTypeOf<UsersGetInfoParams>();
    expectTypeOf(usersGetInfo).returns.resolves.toEqualTypeOf<Selected<User, UserFieldName, 'uid'>[]>();
  });

  it('types METHODS entries as literals', () => {
    expectTypeOf(METHODS['photos.deletePhoto'].permissions).toEqualTypeOf<
      readonly ['VALUABLE_ACCESS', 'PHOTO_CONTENT']
    >();
    expectTypeOf(METHODS['users.getInfo'].session).toEqualTypeOf<'optional'>();
    expectTypeOf(METHODS['notifications.sendSimple'].session).toEqualTypeOf<'prohibited'>();
    expectTypeOf<'users.getInfo'>().toExtend<MethodName>();
    expectTypeOf<'users.nope'>().not.toExtend<MethodName>();
  });

  it('sessions and API construct', () => {
    expectTypeOf(
      new API(new ServerSession({ appId: 1, appKey: 'k', appSecretKey: 's' })).session,
    ).toExtend<ServerSession>();
  });
});

describe('field selection', () => {
  // Never called: tsc checks the bodies.
  async function selection() {
    const users = await ok.users.getInfo({ uids: ['1'], fields: ['first_name', 'PIC_1'] });
    expectTypeOf(users).toEqualTypeOf<Selected<User, 'first_name' | 'PIC_1', 'uid'>[]>();
    expectTypeOf(users[0]!.uid).toEqualTypeOf<string>();
    expectTypeOf(users[0]!.first_name).toEqualTypeOf<string | undefined>();
    expectTypeOf(users[0]!.pic_1).toEqualTypeOf<string | undefined>();
    // @ts-expect-error a field that was not asked for is not there
    void users[0]!.last_name;
    const me = await ok.users.getCurrentUser({ fields: ['email'] });
    expectTypeOf(me.email).toEqualTypeOf<string | undefined>();
    // @ts-expect-error not asked for
    void me.birthday;
    const everything = await ok.users.getCurrentUser();
    expectTypeOf(everything.birthday).toEqualTypeOf<User['birthday']>();
    const groups = await ok.group.getInfo({ uids: ['1'], fields: ['name', 'MEMBERS_COUNT'] });
    expectTypeOf(groups[0]!.members_count).toEqualTypeOf<number | undefined>();
    // @ts-expect-error not asked for
    void groups[0]!.description;
    // @ts-expect-error not a field of users
    void ok.users.getInfo({ uids: ['1'], fields: ['members_count'] });
  }
  it('types results with exactly the fields asked for', () => {
    expectTypeOf(selection).returns.resolves.toBeVoid();
  });
});
