// Upload progress on stderr: on a terminal one line with a bar, rewritten as bytes go; elsewhere (logs, CI) a plain
// line at each quarter, so that logs stay short. Photos, videos and moments all report (sent, total) the same way.

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const BAR_WIDTH = 24;

/** `[#########...............]`: the share done, in whole cells. */
function bar(percent: number): string {
  const full = Math.floor((percent / 100) * BAR_WIDTH);
  return `[${'#'.repeat(full)}${'.'.repeat(BAR_WIDTH - full)}]`;
}

export interface Progress {
  update(sent: number, total: number): void;
  /** The upload is over: show 100% if it was not shown yet, and end the line. */
  done(): void;
  /** The upload failed: end the line, so that the error starts on its own. */
  abort(): void;
}

export function createProgress(stream: NodeJS.WriteStream, label: string): Progress {
  const tty = stream.isTTY === true;
  let shown = -1; // the last percentage (TTY) or quarter (not TTY) written
  let lastTotal = 0;
  let open = false; // a TTY line is waiting for its newline

  const write = (percent: number, sent: number, total: number) => {
    const text = `${label}: ${String(percent).padStart(3)}% (${size(sent)} of ${size(total)})`;
    if (tty) {
      stream.write(`\r\x1b[2K${bar(percent)} ${text}`);
      open = true;
    } else stream.write(`${text}\n`);
  };

  return {
    update(sent, total) {
      if (!(total > 0)) return;
      lastTotal = total;
      // The form's total grows a little once the multipart framing is known; never let the figure go back.
      const percent = Math.min(100, Math.floor((sent / total) * 100));
      const step = tty ? percent : Math.floor(percent / 25) * 25;
      if (step <= shown || (!tty && step === 0)) return;
      shown = step;
      write(step, Math.min(sent, total), total);
    },
    done() {
      if (shown < 100 && lastTotal > 0) {
        shown = 100;
        write(100, lastTotal, lastTotal);
      }
      if (open) stream.write('\n');
      open = false;
    },
    abort() {
      if (open) stream.write('\n');
      open = false;
    },
  };
}
