// Opens the SQLite file with the settings Frontline relies on.
import Database from 'better-sqlite3';

export type { Database } from 'better-sqlite3';

/** WAL for concurrent readers, foreign keys on, and waits instead of failing when busy. */
export function openSqlite(path: string): Database.Database {
  const db = new Database(path, { timeout: 5000 });
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  return db;
}
