// What the mock answers: handlers for the methods real flows use (users, friends, groups, photo uploads, albums,
// topics), each keeping state where OK would; every other method gets a value shaped by its result type.
import { batchAnswer } from './batch.js';
import type { CallContext } from './calls.js';
import { okError, type OkErrorBody } from './errors.js';
import { madeUpCollection, pageOf } from './paging.js';
import { list } from './params.js';
import { modelShape, resultShape } from './spec-data.js';
import type { MockState } from './state.js';
import { UPLOAD_HANDLERS } from './upload-results.js';
import { reservePhotos } from './uploads.js';
import { mockValue, requestedFields } from './values.js';

export interface ResultContext extends CallContext {
  state: MockState;
  /** The server's own address, for upload URLs. */
  baseUrl: string;
}

type Handler = (c: ResultContext) => unknown;

/** The user a call is about: its `uid` (calls without a session), else the caller. */
function subject(c: ResultContext): string | undefined {
  return c.params.uid ?? c.params.fid ?? c.uid;
}

/**
 * What OK answers when a call names no fields: a short profile (uid, names, gender, locale, online, small pictures),
 * not every field the model has.
 */
const DEFAULT_USER_FIELDS: ReadonlySet<string> = new Set([
  'uid',
  'name',
  'first_name',
  'last_name',
  'gender',
  'locale',
  'online',
  'pic_1',
  'pic_2',
  'pic_3',
]);

/**
 * The fields asked for that the caller may see: a field that needs a permission (User.email needs GET_EMAIL) only
 * when the user granted it; OK leaves the others out of the answer.
 */
function visibleFields(model: string, fields: ReadonlySet<string>, c: ResultContext): ReadonlySet<string> {
  const properties = modelShape(model)?.properties ?? {};
  const granted: readonly string[] = c.grant?.permissions ?? [];
  return new Set([...fields].filter((f) => (properties[f]?.permissions ?? []).every((p) => granted.includes(p))));
}

/** A user profile with the fields asked for (OK's default set when none are). */
function userRecord(c: ResultContext, uid: string, fieldsText: string | undefined): unknown {
  const user = c.state.user(uid);
  const name = user?.name ?? `User ${uid.slice(-4)}`;
  const [first, ...rest] = name.split(' ');
  return mockValue(
    'User',
    { key: `user:${uid}`, fields: visibleFields('User', requestedFields(fieldsText) ?? DEFAULT_USER_FIELDS, c) },
    {
      uid,
      name,
      first_name: first,
      last_name: rest.join(' '),
      gender: 'male',
      locale: 'ru',
      online: 'web',
      pic_1: `https://i.mycdn.me/mock/${uid}/pic_1.jpg`,
      pic_2: `https://i.mycdn.me/mock/${uid}/pic_2.jpg`,
      pic_3: `https://i.mycdn.me/mock/${uid}/pic_3.jpg`,
      pic128x128: `https://i.mycdn.me/mock/${uid}/pic128x128.jpg`,
      url_profile: `https://ok.ru/profile/${uid}`,
      email: user?.login?.includes('@') ? user.login : `user${uid}@mock.example`,
    },
  );
}

function photoView(p: { id: string; albumId?: string; ownerId: string; created: number; comment?: string }) {
  return {
    id: p.id,
    album_id: p.albumId,
    user_id: p.ownerId,
    created_ms: p.created,
    text: p.comment,
    pic640x480: `https://i.mycdn.me/mock/photo/${p.id}/640.jpg`,
    pic_max: `https://i.mycdn.me/mock/photo/${p.id}/max.jpg`,
  };
}

const HANDLERS: Record<string, Handler> = {
  // video.getUploadUrl, video.update, moments.getUploadUrl: upload-results.ts.
  ...UPLOAD_HANDLERS,
  'users.getCurrentUser': (c) => userRecord(c, c.uid!, c.params.fields),
  'users.getLoggedInUser': (c) => c.uid,
  'users.getInfo': (c) => list(c.params.uids).map((uid) => userRecord(c, uid, c.params.fields)),
  'users.isAppUser': (c) => !!c.state.user(subject(c) ?? ''),
  'users.getCallsLeft': (c) => list(c.params.methods).map((name) => ({ name, available: true, callsLeft: 1000 })),
  'friends.get': (c) => c.state.user(subject(c) ?? '')?.friends ?? [],
  'friends.getAppUsers': (c) => ({ uids: c.state.user(subject(c) ?? '')?.friends ?? [] }),
  'friends.getOnline': (c) => (c.state.user(subject(c) ?? '')?.friends ?? []).slice(0, 1),
  'group.getInfo': (c) =>
    list(c.params.uids).map((gid) =>
      mockValue(
        'Group',
        { key: `group:${gid}`, fields: requestedFields(c.params.fields) },
        { uid: gid, name: `Group ${gid.slice(-4)}`, members_count: 1000 + (Number(gid.slice(-3)) || 0) },
      ),
    ),
  'events.get': () => [
    { type: 'MESSAGES', number: 2 },
    { type: 'NOTIFICATIONS', number: 1 },
    { type: 'GUESTS', number: 0 },
  ],
  'notifications.sendSimple': () => true,
  'photosV2.getUploadUrl': (c) =>
    reservePhotos(c.state, c.baseUrl, Math.min(Math.max(Number(c.params.count ?? 1) || 1, 1), 20), {
      media: 'photo',
      uid: subject(c)!,
      appId: c.app.appId,
      albumId: c.params.aid,
      groupId: c.params.gid,
    }),
  'photosV2.commit': (c) => {
    const items: { photo_id: string; token: string; comment?: string }[] = c.params.photos
      ? (JSON.parse(c.params.photos) as { photo_id: string; token: string; comment?: string }[])
      : [{ photo_id: c.params.photo_id!, token: c.params.token!, comment: c.params.comment }];
    return {
      photos: items.map((item) => {
        const photo = c.state.photos.get(item.photo_id);
        // A moment's picture is not a photo to save: it waits for the step that adds the moment.
        if (!photo || photo.moment || photo.uploadToken !== item.token)
          return { photo_id: item.photo_id, status: 'FAILURE' };
        photo.committed = true;
        photo.uploadToken = undefined;
        if (item.comment) photo.comment = item.comment;
        return { photo_id: item.photo_id, status: 'SUCCESS', assigned_photo_id: photo.id };
      }),
    };
  },
  'photos.getPhotos': (c) => {
    const owner = c.params.gid ?? subject(c);
    const photos = [...c.state.photos.values()]
      .filter(
        (p) =>
          p.committed &&
          (c.params.gid ? p.groupId === c.params.gid : p.ownerId === owner) &&
          (!c.params.aid || p.albumId === c.params.aid),
      )
      .sort((a, b) => b.created - a.created);
    return pageOf(c, c.spec.paging!, { size: photos.length, itemAt: (i) => photoView(photos[i]!) });
  },
  'photos.createAlbum': (c) => {
    const aid = c.state.newId(12);
    c.state.albums.set(aid, {
      aid,
      ownerId: c.params.uid ?? c.uid!,
      groupId: c.params.gid,
      title: c.params.title!,
      description: c.params.description,
      created: c.state.now(),
    });
    return aid;
  },
  'photos.getAlbums': (c) => {
    const owner = c.params.fid ?? c.params.uid ?? c.uid;
    const albums = [...c.state.albums.values()]
      .filter((a) => (c.params.gid ? a.groupId === c.params.gid : a.ownerId === owner && !a.groupId))
      .sort((a, b) => b.created - a.created)
      .map((a) => ({
        aid: a.aid,
        title: a.title,
        description: a.description,
        created: new Date(a.created).toISOString().slice(0, 10),
        user_id: a.ownerId,
      }));
    return { albums, hasMore: false };
  },
  'mediatopic.post': (c) => {
    const id = c.state.newId(14);
    c.state.topics.set(id, {
      id,
      ownerId: c.params.uid ?? c.uid!,
      groupId: c.params.gid,
      type: c.params.type ?? 'USER',
      attachment: JSON.parse(c.params.attachment!),
      created: c.state.now(),
    });
    return id;
  },
  'mediatopic.getByIds': (c) => ({
    media_topics: list(c.params.topic_ids)
      .map((id) => c.state.topics.get(id))
      .filter((t) => t !== undefined)
      .map((t) => ({
        id: t.id,
        created_ms: t.created,
        owner_ref: t.groupId ? `group:${t.groupId}` : `user:${t.ownerId}`,
        media: (t.attachment as { media?: unknown }).media ?? [],
      })),
  }),
};

export function resultOf(c: ResultContext): unknown {
  const handler = HANDLERS[c.method];
  if (handler) return handler(c);
  if (c.spec.paging) return pageOf(c, c.spec.paging, madeUpCollection(c, c.spec.paging));
  if (c.spec.batch) return batchAnswer(c, c.spec.batch);
  const type = resultShape(c.method)!.type;
  // No source describes the result: the most common answer of OK's write methods.
  if (type === 'unknown') return { success: true };
  return mockValue(type, { key: `${c.method}:${c.uid ?? c.app.appId}` });
}

/**
 * auth.login: the legacy login with a login and password (unsigned, as OK takes it). `api_server` is where to send the
 * session's calls: OK names its API host, the mock names itself.
 */
export function authLogin(state: MockState, params: Record<string, string>, apiServer: string): unknown | OkErrorBody {
  const app = state.appByKey(params.application_key);
  if (!app) return okError(101, 'Application key is missing or unknown');
  const user = state.config.users.find(
    (u) => u.login && u.login === params.user_name && u.password === params.password,
  );
  if (!user) return okError(401, 'Invalid login or password');
  const sessionSecretKey = state.newSecret();
  const { token: sessionKey } = state.issueToken({
    uid: user.uid,
    appId: app.appId,
    sessionSecretKey,
    permissions: [...(user.permissions ?? ['VALUABLE_ACCESS'])],
  });
  return { uid: user.uid, session_key: sessionKey, session_secret_key: sessionSecretKey, api_server: apiServer };
}
