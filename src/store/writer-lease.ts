// One process at a time writes feedback and clusters to a database. The bot
// and `frontline ingest` each keep the cluster index in memory and number new
// clusters from it; two of them on one file would hand out the same cluster
// ids and overwrite each other's clusters. So each writer holds a lease, a
// small file next to the database (`<db>.writer`), and a second writer is
// refused with a message naming the first. A lease whose process is gone (a
// crash) is taken over. Readers (lists, the digest preview) need no lease.
import { hostname } from 'node:os';
import { openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';

interface Holder {
  pid: number;
  host: string;
  what: string;
  since: string;
}

export class WriterBusyError extends Error {
  constructor(
    readonly holder: Holder,
    readonly leaseFile: string,
  ) {
    super(
      `${holder.what} (process ${holder.pid}, since ${holder.since}) is writing to this database; ` +
        `stop it first, or file through Slack while the bot runs. If no such process exists, delete ${leaseFile}.`,
    );
    this.name = 'WriterBusyError';
  }
}

export interface WriterLease {
  release(): void;
}

/** Leases this process holds, by file: nested claims (tests run several writers in one process) share one. */
const held = new Map<string, number>();

/** Claims the right to write to the database at `dbPath`, or throws WriterBusyError. */
export function claimWriter(dbPath: string, what: string): WriterLease {
  const file = `${dbPath}.writer`;
  const count = held.get(file);
  if (count === undefined) acquire(file, what);
  held.set(file, (count ?? 0) + 1);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      const left = (held.get(file) ?? 1) - 1;
      if (left > 0) {
        held.set(file, left);
        return;
      }
      held.delete(file);
      try {
        if (readHolder(file)?.pid === process.pid) unlinkSync(file);
      } catch {
        // already gone
      }
    },
  };
}

function acquire(file: string, what: string): void {
  const me: Holder = { pid: process.pid, host: hostname(), what, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = openSync(file, 'wx');
      try {
        writeSync(fd, JSON.stringify(me) + '\n');
      } finally {
        closeSync(fd);
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(file);
    if (holder && holder.pid !== process.pid && isAlive(holder)) throw new WriterBusyError(holder, file);
    // A crashed writer's (or unreadable) lease: taken over.
    try {
      unlinkSync(file);
    } catch {
      // another process took it over first; try again
    }
  }
  const holder = readHolder(file);
  if (holder) throw new WriterBusyError(holder, file);
}

function readHolder(file: string): Holder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return undefined;
    return { pid: parsed.pid, host: parsed.host, what: String(parsed.what ?? 'another Frontline process'), since: String(parsed.since ?? '?') };
  } catch {
    return undefined;
  }
}

/** On this machine: whether the process exists. On another machine it can't be told, so it is taken as alive. */
function isAlive(holder: Holder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
