// paginate()'s types: the item type comes from the method's result (the property the spec names as its items), the
// params are the method's own, and a client that may not call the method may not page it either: each forbidden use
// carries a ts-expect-error directive, so `npm run typecheck` fails if one starts compiling.
import { describe, expectTypeOf, it } from 'vitest';
import type { FriendSuggestion, GroupMember, PhotosPage } from '../generated/models.js';
import { API, type PageItem, type PaginatedItems, ServerSession, pages, paginate } from '../src/index.js';

const user = new API(new ServerSession({ appId: 1, appKey: 'k', appSecretKey: 's', accessToken: 't' }));
const appOnly = new API(new ServerSession({ appId: 1, appKey: 'k', appSecretKey: 's' }));
const declared = new API(new ServerSession({ appId: 1, appKey: 'k', appSecretKey: 's', accessToken: 't' }), {
  permissions: ['VALUABLE_ACCESS'],
});

// Never called: tsc checks the bodies.
function compileTime() {
  // @ts-expect-error group.getMembers needs a user session (session rule: required)
  void paginate(appOnly.group.getMembers, { uid: '1' });
  // @ts-expect-error Missing permission: GROUP_CONTENT
  void paginate(declared.group.getMembers, { uid: '1' });
  // @ts-expect-error uid is required
  void paginate(user.group.getMembers, {});
  // @ts-expect-error no such parameter
  void paginate(user.group.getMembers, { uid: '1', nope: 1 });
  // @ts-expect-error limit is a number
  void paginate(user.group.getMembers, { uid: '1' }, { limit: '10' });
  // A method without required parameters may be paged without params.
  void paginate(user.group.getUserGroupsV2);
}
void compileTime;

describe('paginate types', () => {
  it('items are typed from the method', () => {
    expectTypeOf(paginate(user.group.getMembers, { uid: '1' })).toEqualTypeOf<PaginatedItems<GroupMember>>();
    expectTypeOf<PageItem<PhotosPage>>().toEqualTypeOf<import('../generated/models.js').Photo>();
    // Types only: nothing is called (toArray() would send the calls).
    type Suggestions = ReturnType<typeof paginate<typeof user.friends.getSuggestions>>;
    expectTypeOf<Suggestions>().toEqualTypeOf<PaginatedItems<FriendSuggestion>>();
  });

  it('pages carry the whole result', () => {
    const walk = pages(user.group.getMembers, { uid: '1' });
    type FirstPage = typeof walk extends AsyncIterable<infer P> ? P : never;
    expectTypeOf<FirstPage['items']>().toEqualTypeOf<GroupMember[]>();
    expectTypeOf<FirstPage['result']['has_more']>().toEqualTypeOf<boolean | undefined>();
  });
});
