// The CLI's upload progress (src/cli/progress.ts), as photo, video and moment uploads show it: on a terminal one line
// with a bar, rewritten in place; elsewhere a plain line at each quarter; never backwards; 100% at the end.
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  const out = { isTTY, write: (text: string) => writes.push(text) > 0 } as unknown as NodeJS.WriteStream;
  return { out, writes };
}

describe('upload progress', () => {
  it('on a terminal: one line with a bar, rewritten; done ends it', () => {
    const { out, writes } = stream(true);
    const progress = createProgress(out, 'Uploading clip.mp4');
    progress.update(0, 2048);
    progress.update(512, 2048);
    progress.update(1024, 2048);
    progress.update(2048, 2048);
    progress.done();
    expect(writes).toEqual([
      `\r\x1b[2K[${'.'.repeat(24)}] Uploading clip.mp4:   0% (0 B of 2.0 kB)`,
      `\r\x1b[2K[${'#'.repeat(6)}${'.'.repeat(18)}] Uploading clip.mp4:  25% (512 B of 2.0 kB)`,
      `\r\x1b[2K[${'#'.repeat(12)}${'.'.repeat(12)}] Uploading clip.mp4:  50% (1.0 kB of 2.0 kB)`,
      `\r\x1b[2K[${'#'.repeat(24)}] Uploading clip.mp4: 100% (2.0 kB of 2.0 kB)`,
      '\n',
    ]);
  });

  it('elsewhere: a plain line at each quarter only, no control characters', () => {
    const { out, writes } = stream(false);
    const progress = createProgress(out, 'Uploading clip.mp4');
    for (let sent = 0; sent <= 100 * 1024; sent += 1024) progress.update(sent, 100 * 1024);
    progress.done();
    expect(writes).toEqual([
      'Uploading clip.mp4:  25% (25.0 kB of 100.0 kB)\n',
      'Uploading clip.mp4:  50% (50.0 kB of 100.0 kB)\n',
      'Uploading clip.mp4:  75% (75.0 kB of 100.0 kB)\n',
      'Uploading clip.mp4: 100% (100.0 kB of 100.0 kB)\n',
    ]);
  });

  it('never goes back (a retried chunk), starts where a resumed upload is, and done shows 100% once', () => {
    const { out, writes } = stream(false);
    const progress = createProgress(out, 'Uploading clip.mp4');
    progress.update(600, 1000);
    progress.update(400, 1000);
    progress.update(800, 1000);
    progress.done();
    progress.done();
    expect(writes).toEqual([
      'Uploading clip.mp4:  50% (600 B of 1000 B)\n',
      'Uploading clip.mp4:  75% (800 B of 1000 B)\n',
      'Uploading clip.mp4: 100% (1000 B of 1000 B)\n',
    ]);
  });

  it('abort ends an open terminal line so that the error starts on its own; nothing when none is open', () => {
    const tty = stream(true);
    const progress = createProgress(tty.out, 'Uploading');
    progress.update(10, 100);
    progress.abort();
    expect(tty.writes.at(-1)).toBe('\n');
    const plain = stream(false);
    createProgress(plain.out, 'Uploading').abort();
    expect(plain.writes).toEqual([]);
  });
});
