// uploadPhotos and uploadMoment against a hostile local server (127.0.0.1) that plays both OK's API and the upload
// server: every answer they read that is not what OK sends (not JSON, JSON of the wrong shape, null), and an upload
// POST that fails (5xx) or is dropped, ends the upload with a typed error that says what was wrong, and with nothing
// of the session or the upload URL's signature in it; nothing is sent after a bad answer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  API,
  OkHttpError,
  OkNetworkError,
  OkResponseError,
  uploadMoment,
  uploadPhotos,
  type UploadedMoment,
  type UploadedPhoto,
} from '../../src/index.js';
import { LEAKY, leakyServerSession } from '../helpers/credentials.js';
import { expectNoSecrets } from '../helpers/leaks.js';
import {
  type Behaviour,
  failureOf,
  garbage,
  json,
  reset,
  startHostile,
  status,
  type HostileServer,
} from './hostile.js';

type Step = 'getUploadUrl' | 'upload' | 'commit';

/** Stands for the upload URL's signature: it must not show in any error. */
const UPLOAD_SIG = 'UPLOADSIG-ff31';

let host: HostileServer;
/** The steps the server was asked for, in order. */
let steps: Step[];
/** How the server answers a step instead of as OK does. */
let hostile: Partial<Record<Step, Behaviour>>;

const bytes = () => new Uint8Array([1, 2, 3]);

interface Kind {
  method: string;
  /** The photo ids getUploadUrl reserves: one per photo. */
  ids: string[];
  run(api: API): Promise<UploadedPhoto[] | UploadedMoment>;
}

const KINDS: Record<'uploadPhotos' | 'uploadMoment', Kind> = {
  uploadPhotos: {
    method: 'photosV2.getUploadUrl',
    ids: ['p1', 'p2'],
    run: (api) => uploadPhotos(api, [bytes(), bytes()]),
  },
  uploadMoment: { method: 'moments.getUploadUrl', ids: ['m1'], run: (api) => uploadMoment(api, bytes()) },
};

let kind: Kind;

/** What OK answers to a step. */
function okAnswer(step: Step): Behaviour {
  if (step === 'getUploadUrl') return json({ upload_url: `${host.url}up?sig=${UPLOAD_SIG}`, photo_ids: kind.ids });
  if (step === 'upload')
    return json({ photos: Object.fromEntries(kind.ids.map((id) => [id, { token: `tok-${id}` }])) });
  return json({ photos: kind.ids.map((id) => ({ photo_id: id, status: 'SUCCESS', assigned_photo_id: `a-${id}` })) });
}

function stepOf(url: string): Step {
  if (url.startsWith('/up?')) return 'upload';
  const method = new URLSearchParams(url.split('?')[1]).get('method');
  return method === 'photosV2.commit' ? 'commit' : 'getUploadUrl';
}

beforeEach(async () => {
  steps = [];
  hostile = {};
  host = await startHostile((req, res, hit) => {
    const step = stepOf(hit.url);
    steps.push(step);
    return (hostile[step] ?? okAnswer(step))(req, res, hit);
  });
});
afterEach(() => host.close());

const api = () => new API(leakyServerSession(), { baseUrl: host.url, timeout: 2000 });

/** The upload's failure, checked to carry nothing of the session or the upload URL's signature. */
async function failure(): Promise<unknown> {
  const { error } = await failureOf(() => kind.run(api()));
  expectNoSecrets(error, [LEAKY.accessToken, LEAKY.appSecretKey, UPLOAD_SIG]);
  return error;
}

const kinds = Object.keys(KINDS) as (keyof typeof KINDS)[];

describe.each(kinds)('%s', (name) => {
  beforeEach(() => {
    kind = KINDS[name];
  });
  const allSteps: Step[] = name === 'uploadPhotos' ? ['getUploadUrl', 'upload', 'commit'] : ['getUploadUrl', 'upload'];

  it('with OK-like answers: every step once, and the tokens', async () => {
    await expect(kind.run(api())).resolves.toEqual(
      name === 'uploadPhotos'
        ? [
            { photoId: 'p1', token: 'tok-p1', status: 'SUCCESS', assignedPhotoId: 'a-p1' },
            { photoId: 'p2', token: 'tok-p2', status: 'SUCCESS', assignedPhotoId: 'a-p2' },
          ]
        : { photoId: 'm1', token: 'tok-m1' },
    );
    expect(steps).toEqual(allSteps);
  });

  describe('a bad getUploadUrl answer: OkResponseError, and nothing is uploaded', () => {
    it('not JSON', async () => {
      hostile.getUploadUrl = garbage;
      const error = await failure();
      expect(error).toBeInstanceOf(OkResponseError);
      expect(error).toMatchObject({
        method: kind.method,
        status: 200,
        message: `${kind.method}: the server answered with a body that is not JSON`,
      });
      expect(steps).toEqual(['getUploadUrl']);
    });

    const count = name === 'uploadPhotos' ? 2 : 1;
    it.each([
      ['null', null, 'the answer is null, not an object with upload_url and photo_ids'],
      ['a list', [], 'the answer is a list, not an object with upload_url and photo_ids'],
      ['{}', {}, "the answer's upload_url is missing"],
      [
        'upload_url not http(s)',
        { upload_url: `ftp://x/up?sig=${UPLOAD_SIG}` },
        "the answer's upload_url is not an http(s) URL",
      ],
      ['upload_url a number', { upload_url: 5 }, "the answer's upload_url is a number"],
      ['no photo_ids', { upload_url: 'http://x/' }, "the answer's photo_ids is missing, not a list of photo ids"],
      [
        'photo_ids a string',
        { upload_url: 'http://x/', photo_ids: 'x' },
        "the answer's photo_ids is a string, not a list of photo ids",
      ],
      [
        'too few photo_ids',
        { upload_url: 'http://x/', photo_ids: [] },
        `the answer has 0 photo ids for ${count} photos`,
      ],
      [
        'a photo id not a string',
        { upload_url: 'http://x/', photo_ids: [7, 8] },
        "the answer's photo_ids[0] is a number, not a photo id",
      ],
      [
        'a photo id null',
        { upload_url: 'http://x/', photo_ids: [null, null] },
        "the answer's photo_ids[0] is null, not a photo id",
      ],
    ])('%s', async (_what, answer, problem) => {
      hostile.getUploadUrl = json(answer);
      const error = await failure();
      expect(error).toBeInstanceOf(OkResponseError);
      expect(error).toMatchObject({ method: kind.method, message: `${kind.method}: ${problem}`, body: '' });
      expect(steps).toEqual(['getUploadUrl']);
    });
  });

  describe('a bad upload answer: a typed error, and nothing more is sent', () => {
    it('not JSON: OkResponseError', async () => {
      hostile.upload = status(200, '<html>busy</html>');
      const error = await failure();
      expect(error).toBeInstanceOf(OkResponseError);
      expect(error).toMatchObject({
        method: 'upload',
        message: 'upload: the server answered with a body that is not JSON',
        body: '<html>busy</html>',
      });
      expect(steps).toEqual(['getUploadUrl', 'upload']);
    });

    const [first] = name === 'uploadPhotos' ? ['p1'] : ['m1'];
    const total = name === 'uploadPhotos' ? 2 : 1;
    it.each([
      ['null', null, 'the answer is null, not an object with photos'],
      ['a string', 'ok', 'the answer is a string, not an object with photos'],
      ['a list', [], 'the answer is a list, not an object with photos'],
      ['no photos', { ok: true }, "the answer's photos is missing, not an object of tokens by photo id"],
      ['photos a list', { photos: [] }, "the answer's photos is a list, not an object of tokens by photo id"],
      ['no token for any photo', { photos: {} }, `the answer has tokens for 0 of ${total} photos (none for pic1)`],
      [
        'tokens for other ids',
        { photos: { zz: { token: 't' } } },
        `the answer has tokens for 0 of ${total} photos (none for pic1)`,
      ],
      [
        'a token not a string',
        { photos: { [first!]: { token: 5 } } },
        `the answer has tokens for 0 of ${total} photos (none for pic1)`,
      ],
      [
        'a photo null',
        { photos: { [first!]: null } },
        `the answer has tokens for 0 of ${total} photos (none for pic1)`,
      ],
    ])('%s: OkResponseError', async (_what, answer, problem) => {
      hostile.upload = json(answer);
      const error = await failure();
      expect(error).toBeInstanceOf(OkResponseError);
      expect(error).toMatchObject({ method: 'upload', message: `upload: ${problem}`, body: '' });
      expect(steps).toEqual(['getUploadUrl', 'upload']);
    });

    it('a 5xx: OkHttpError, not sent again', async () => {
      hostile.upload = status(502, 'bad gateway');
      const error = await failure();
      expect(error).toBeInstanceOf(OkHttpError);
      expect(error).toMatchObject({ method: 'upload', status: 502, body: 'bad gateway' });
      expect(steps).toEqual(['getUploadUrl', 'upload']);
    });

    it('a dropped connection: OkNetworkError, not sent again', async () => {
      hostile.upload = reset;
      const error = await failure();
      expect(error).toBeInstanceOf(OkNetworkError);
      expect(error).toMatchObject({ method: 'upload' });
      expect(steps).toEqual(['getUploadUrl', 'upload']);
    });
  });
});

describe('uploadPhotos: a bad photosV2.commit answer is OkResponseError', () => {
  beforeEach(() => {
    kind = KINDS.uploadPhotos;
  });

  it('not JSON', async () => {
    hostile.commit = garbage;
    const error = await failure();
    expect(error).toBeInstanceOf(OkResponseError);
    expect(error).toMatchObject({
      method: 'photosV2.commit',
      message: 'photosV2.commit: the server answered with a body that is not JSON',
    });
  });

  it.each([
    ['null', null, 'the answer is null, not an object with photos'],
    ['no photos', {}, "the answer's photos is missing, not a list"],
    ['photos an object', { photos: {} }, "the answer's photos is an object, not a list"],
    ['an item null', { photos: [null] }, "the answer's photos[0] is not { photo_id, status?, assigned_photo_id? }"],
    [
      'a photo_id not a string',
      { photos: [{ photo_id: 1, status: 'SUCCESS' }] },
      "the answer's photos[0] is not { photo_id, status?, assigned_photo_id? }",
    ],
    [
      'a status not a string',
      {
        photos: [
          { photo_id: 'p1', status: 'SUCCESS' },
          { photo_id: 'p2', status: 1 },
        ],
      },
      "the answer's photos[1] is not { photo_id, status?, assigned_photo_id? }",
    ],
  ])('%s', async (_what, answer, problem) => {
    hostile.commit = json(answer);
    const error = await failure();
    expect(error).toBeInstanceOf(OkResponseError);
    expect(error).toMatchObject({ method: 'photosV2.commit', message: `photosV2.commit: ${problem}`, body: '' });
    expect(steps).toEqual(['getUploadUrl', 'upload', 'commit']);
  });

  it('a commit that names only some photos (or others) leaves the rest without a status, as OK said nothing of them', async () => {
    hostile.commit = json({
      photos: [
        { photo_id: 'p2', status: 'FAILURE' },
        { photo_id: 'zz', status: 'SUCCESS' },
      ],
    });
    await expect(kind.run(api())).resolves.toEqual([
      { photoId: 'p1', token: 'tok-p1' },
      { photoId: 'p2', token: 'tok-p2', status: 'FAILURE' },
    ]);
  });
});
