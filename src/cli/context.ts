// What most commands need: the validated configuration and an open store.
import { loadConfig, type Config } from '../config.js';
import { openStore, type Store } from '../store/client.js';
import { claimWriter, WriterBusyError } from '../store/writer-lease.js';
import { type CommandIO, UserError } from './command.js';

/** Loads configuration, opens (and migrates) the database, runs `fn`, closes. */
export async function withStore<T>(io: CommandIO, fn: (store: Store, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env, io.cwd);
  const store = await openStore(config.DATABASE_URL, io.cwd);
  try {
    return await fn(store, config);
  } finally {
    await store.close();
  }
}

/**
 * withStore for commands that add or change feedback and clusters: holds the
 * database's writer lease while `fn` runs (src/store/writer-lease.ts), and
 * refuses clearly while the bot or another import is writing to it.
 */
export async function withWriterStore<T>(io: CommandIO, what: string, fn: (store: Store, config: Config) => Promise<T>): Promise<T> {
  return withStore(io, async (store, config) => {
    let lease;
    try {
      lease = claimWriter(store.path, what);
    } catch (error) {
      if (error instanceof WriterBusyError) throw new UserError(error.message);
      throw error;
    }
    try {
      return await fn(store, config);
    } finally {
      lease.release();
    }
  });
}
