// What most commands need: the validated configuration and an open store.
import { loadConfig, type Config } from '../config.js';
import { openStore, type Store } from '../store/client.js';
import type { CommandIO } from './command.js';

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
