// `okru upload <file...>`: photos to the user's (or a group's) album, with progress on stderr and the ids on stdout.
import { openAsBlob, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { uploadPhotos, type PhotoInput } from '../../upload/photos.js';
import { booleanOption, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { CREDENTIAL_OPTIONS, CREDENTIALS_HELP, openClient } from '../credentials.js';
import { CliError, UsageError } from '../errors.js';
import { printJson } from '../output.js';
import { createProgress } from '../progress.js';

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
};

/** Each file as a Blob backed by the file (nothing read into memory yet); missing files fail before any call. */
async function openPhotos(files: readonly string[]): Promise<PhotoInput[]> {
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

export const uploadCommand: Command = {
  name: 'upload',
  summary: 'upload photos and print their ids',
  usage: 'upload <file...> [--album AID] [--group GID] [--no-commit] [options]',
  description: [
    "Uploads photos in OK's three steps (photosV2.getUploadUrl, the upload, photosV2.commit), showing",
    'progress on stderr, and prints the photo ids as JSON on stdout. With --no-commit the photos are',
    "left uncommitted and each id is printed with its upload token, for a topic's photo block.",
    '',
    ...CREDENTIALS_HELP,
  ].join('\n'),
  options: {
    album: { type: 'string', value: 'AID', help: 'the album (a personal one when omitted)' },
    group: { type: 'string', value: 'GID', help: "upload to a group's album (with --album) or for a group topic" },
    comment: { type: 'string', value: 'TEXT', help: 'a description for every photo' },
    'no-commit': { type: 'boolean', help: "do not commit: print the upload tokens for a topic's attachment" },
    raw: { type: 'boolean', help: 'print compact JSON' },
    ...CREDENTIAL_OPTIONS,
  },
  examples: [
    'okru upload cat.jpg dog.png',
    'okru upload party.jpg --album 912345678901',
    'okru upload poster.png --group 53038939046008 --no-commit',
  ],

  async run({ values, positionals }) {
    if (!positionals.length) throw new UsageError('no file given');
    const photos = await openPhotos(positionals);
    const ok = openClient(values);
    const commit = !booleanOption(values, 'no-commit');
    const progress = createProgress(
      process.stderr,
      positionals.length === 1 ? `Uploading ${basename(positionals[0]!)}` : `Uploading ${positionals.length} photos`,
    );
    try {
      const album = stringOption(values, 'album');
      const group = stringOption(values, 'group');
      const comment = stringOption(values, 'comment');
      const uploaded = await uploadPhotos(ok, photos, {
        ...(album ? { aid: album } : {}),
        ...(group ? { gid: group } : {}),
        ...(comment ? { comment } : {}),
        commit,
        onProgress: (sent, total) => progress.update(sent, total),
      });
      progress.done();
      if (commit) {
        const failed = uploaded.filter((u) => u.status !== undefined && u.status !== 'SUCCESS');
        if (failed.length)
          throw new CliError(`the commit failed for ${failed.map((u) => `${u.photoId} (${u.status})`).join(', ')}`);
        printJson(
          uploaded.map((u) => u.assignedPhotoId ?? u.photoId),
          booleanOption(values, 'raw'),
        );
      } else {
        printJson(
          uploaded.map((u) => ({ photo_id: u.photoId, token: u.token })),
          booleanOption(values, 'raw'),
        );
      }
    } catch (error) {
      progress.abort();
      throw error;
    } finally {
      await ok.session.close();
    }
    return 0;
  },
};
