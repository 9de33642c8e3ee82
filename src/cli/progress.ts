// Progress for long commands: a redrawn bar on a terminal, plain lines otherwise.

export interface Progress {
  update(done: number, fraction: number): void;
  finish(done: number): void;
}

export function createProgress(
  out: NodeJS.WritableStream & { isTTY?: boolean },
  label: string,
  plainEvery = 10_000,
): Progress {
  if (out.isTTY) {
    let last = 0;
    return {
      update(done, fraction) {
        const now = Date.now();
        if (now - last < 100) return;
        last = now;
        const width = 30;
        const filled = Math.round(Math.min(1, fraction) * width);
        out.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(fraction * 100)}% ${done.toLocaleString('en')} rows`);
      },
      finish(done) {
        out.write(`\r${label} [${'#'.repeat(30)}] 100% ${done.toLocaleString('en')} rows\n`);
      },
    };
  }
  let next = plainEvery;
  return {
    update(done) {
      if (done >= next) {
        out.write(`${label}: ${done} rows\n`);
        next += plainEvery;
      }
    },
    finish(done) {
      out.write(`${label}: done, ${done} rows\n`);
    },
  };
}
