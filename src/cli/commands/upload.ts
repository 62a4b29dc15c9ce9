// `okru upload [photo|video|moment] <file...>`: photos to the user's (or a group's) album, a video (sent in resumable
// chunks, then finished with its title), or a moment's picture; progress on stderr, the ids as JSON on stdout.
import { openAsBlob, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { uploadMoment } from '../../upload/moments.js';
import { uploadPhotos, type PhotoInput } from '../../upload/photos.js';
import { uploadVideo } from '../../upload/video.js';
import { booleanOption, integerOption, stringOption } from '../args.js';
import type { Command, OptionValues } from '../command.js';
import { CREDENTIAL_OPTIONS, CREDENTIALS_HELP, openClient } from '../credentials.js';
import { CliError, UsageError } from '../errors.js';
import { printJson } from '../output.js';
import { createProgress, type Progress } from '../progress.js';

const TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.heic': 'image/heic',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.avi': 'video/x-msvideo',
  '.3gp': 'video/3gpp',
};

const KINDS = ['photo', 'video', 'moment'] as const;
type Kind = (typeof KINDS)[number];

/** Options that only a video upload takes. */
const VIDEO_OPTIONS = ['title', 'description', 'privacy', 'chunk-size', 'multipart'];
/** Options that only a photo upload takes. */
const PHOTO_OPTIONS = ['album', 'comment', 'no-commit'];

/** Each file as a Blob backed by the file (nothing read into memory yet); missing files fail before any call. */
type FileInput = { data: Blob; name: string; type: string };
type Ok = ReturnType<typeof openClient>;

async function openFiles(files: readonly string[]): Promise<FileInput[]> {
  for (const file of files) {
    let isFile = false;
    try {
      isFile = statSync(file).isFile();
    } catch (error) {
      throw new CliError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (!isFile) throw new CliError(`${file} is not a file`);
  }
  return Promise.all(
    files.map(async (file) => {
      const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
      return { data: await openAsBlob(file, { type }), name: basename(file), type };
    }),
  );
}

/** The kind named first (`photo` when none is: `okru upload cat.jpg` as before), the files, and options that fit. */
function parse(positionals: readonly string[], values: OptionValues): { kind: Kind; files: string[] } {
  const named = KINDS.find((k) => k === positionals[0]);
  const kind = named ?? 'photo';
  const files = named ? positionals.slice(1) : [...positionals];
  if (!files.length) throw new UsageError('no file given');
  if (kind !== 'photo' && files.length > 1) throw new UsageError(`upload ${kind} takes one file`);
  const misplaced = [...(kind === 'video' ? [] : VIDEO_OPTIONS), ...(kind === 'photo' ? [] : PHOTO_OPTIONS)].find(
    (name) => values[name] !== undefined,
  );
  if (misplaced) throw new UsageError(`--${misplaced} does not apply to upload ${kind}`);
  if (kind === 'moment' && values.group !== undefined) throw new UsageError('--group does not apply to upload moment');
  return { kind, files };
}

async function photos(ok: Ok, inputs: FileInput[], values: OptionValues, progress: Progress): Promise<unknown> {
  const commit = !booleanOption(values, 'no-commit');
  const album = stringOption(values, 'album');
  const group = stringOption(values, 'group');
  const comment = stringOption(values, 'comment');
  const uploaded = await uploadPhotos(ok, inputs as PhotoInput[], {
    ...(album ? { aid: album } : {}),
    ...(group ? { gid: group } : {}),
    ...(comment ? { comment } : {}),
    commit,
    onProgress: (sent, total) => progress.update(sent, total),
  });
  progress.done();
  if (!commit) return uploaded.map((u) => ({ photo_id: u.photoId, token: u.token }));
  const failed = uploaded.filter((u) => u.status !== undefined && u.status !== 'SUCCESS');
  if (failed.length)
    throw new CliError(`the commit failed for ${failed.map((u) => `${u.photoId} (${u.status})`).join(', ')}`);
  return uploaded.map((u) => u.assignedPhotoId ?? u.photoId);
}

async function video(ok: Ok, input: FileInput, values: OptionValues, progress: Progress): Promise<unknown> {
  const privacy = stringOption(values, 'privacy')?.toUpperCase();
  if (privacy !== undefined && privacy !== 'PUBLIC' && privacy !== 'FRIENDS')
    throw new UsageError('--privacy must be PUBLIC or FRIENDS');
  const chunkSize = integerOption(values, 'chunk-size', 1024, 1024 ** 3);
  const title = stringOption(values, 'title');
  const description = stringOption(values, 'description');
  const group = stringOption(values, 'group');
  const uploaded = await uploadVideo(ok, input, {
    title: title ?? input.name,
    ...(description !== undefined ? { description } : {}),
    ...(privacy ? { privacy } : {}),
    ...(group ? { gid: group } : {}),
    ...(chunkSize !== undefined ? { chunkSize } : {}),
    mode: booleanOption(values, 'multipart') ? 'multipart' : 'resumable',
    onProgress: (sent, total) => progress.update(sent, total),
  });
  progress.done();
  return { video_id: uploaded.videoId };
}

async function moment(ok: Ok, input: FileInput, progress: Progress): Promise<unknown> {
  const uploaded = await uploadMoment(ok, input, { onProgress: (sent, total) => progress.update(sent, total) });
  progress.done();
  return { photo_id: uploaded.photoId, token: uploaded.token };
}

export const uploadCommand: Command = {
  name: 'upload',
  summary: 'upload photos, a video or a moment and print the ids',
  usage: 'upload [photo|video|moment] <file...> [--album AID] [--group GID] [--title TEXT] [options]',
  description: [
    "Uploads in OK's steps, showing progress on stderr (a bar on a terminal, a line at each quarter",
    'otherwise), and prints the ids as JSON on stdout:',
    '  photo (the default): photosV2.getUploadUrl, the upload, photosV2.commit; prints the photo ids. With',
    "    --no-commit each id is printed with its upload token, for a topic's photo block.",
    '  video: video.getUploadUrl, the file in resumable chunks (each retried after a failure from what the',
    '    server has; --multipart sends it in one request), video.update with the title; prints the video id.',
    '  moment: moments.getUploadUrl and the picture; prints the photo id and its token.',
    'Each request, an upload included, must end within --timeout (10 s by default): give more for a big',
    'file with --multipart or a large --chunk-size on a slow line, or none.',
    '',
    ...CREDENTIALS_HELP,
  ].join('\n'),
  options: {
    album: { type: 'string', value: 'AID', help: 'photo: the album (a personal one when omitted)' },
    group: { type: 'string', value: 'GID', help: 'photo, video: upload to a group (photos: with --album)' },
    comment: { type: 'string', value: 'TEXT', help: 'photo: a description for every photo' },
    'no-commit': { type: 'boolean', help: "photo: do not commit; print the upload tokens for a topic's attachment" },
    title: { type: 'string', value: 'TEXT', help: "video: the title (the file's name by default)" },
    description: { type: 'string', value: 'TEXT', help: 'video: the description' },
    privacy: { type: 'string', value: 'WHO', help: 'video: PUBLIC or FRIENDS' },
    'chunk-size': { type: 'string', value: 'BYTES', help: 'video: bytes per chunk (2097152 by default)' },
    multipart: { type: 'boolean', help: 'video: send the file in one multipart request, without resuming' },
    raw: { type: 'boolean', help: 'print compact JSON' },
    ...CREDENTIAL_OPTIONS,
  },
  examples: [
    'okru upload cat.jpg dog.png',
    'okru upload party.jpg --album 912345678901',
    'okru upload poster.png --group 53038939046008 --no-commit',
    'okru upload video holiday.mp4 --title "Summer 2024" --privacy FRIENDS',
    'okru upload video film.mp4 --multipart --timeout 3600000',
    'okru upload moment sunset.jpg',
  ],

  async run({ values, positionals }) {
    const { kind, files } = parse(positionals, values);
    // Missing files fail here, before any call.
    const inputs = await openFiles(files);
    const ok = openClient(values);
    const label = files.length === 1 ? `Uploading ${basename(files[0]!)}` : `Uploading ${files.length} photos`;
    const progress = createProgress(process.stderr, label);
    try {
      const result =
        kind === 'video'
          ? await video(ok, inputs[0]!, values, progress)
          : kind === 'moment'
            ? await moment(ok, inputs[0]!, progress)
            : await photos(ok, inputs, values, progress);
      printJson(result, booleanOption(values, 'raw'));
    } catch (error) {
      progress.abort();
      throw error;
    } finally {
      await ok.session.close();
    }
    return 0;
  },
};
