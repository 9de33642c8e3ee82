// The Prisma client over better-sqlite3, migrated before first use.
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../generated/prisma/client.js';
import { databasePath } from './database-url.js';
import { migrate, type MigrateResult } from './migrate.js';
import { openSqlite } from './sqlite.js';

export type { PrismaClient };

export interface Store {
  prisma: PrismaClient;
  /** Absolute path of the database file (or `:memory:`). */
  path: string;
  /** What start-up migration did. */
  migrations: MigrateResult;
  close(): Promise<void>;
}

/**
 * Opens the database named by DATABASE_URL: creates its folder, turns on WAL,
 * applies pending migrations, then returns a Prisma client over the same file.
 */
export async function openStore(databaseUrl: string, cwd = process.cwd()): Promise<Store> {
  const path = databasePath(databaseUrl, cwd);
  if (path === ':memory:') throw new Error('Frontline needs a database file; :memory: is not shared between connections');
  const raw = openSqlite(path);
  let migrations: MigrateResult;
  try {
    migrations = migrate(raw);
  } finally {
    raw.close();
  }
  // Dates as epoch milliseconds: compact, and range queries in raw SQL stay simple.
  const adapter = new PrismaBetterSqlite3({ url: `file:${path}`, timeout: 5000 }, { timestampFormat: 'unixepoch-ms' });
  const prisma = new PrismaClient({ adapter });
  await prisma.$queryRawUnsafe('PRAGMA foreign_keys = ON');
  await prisma.$queryRawUnsafe('PRAGMA busy_timeout = 5000');
  return { prisma, path, migrations, close: () => prisma.$disconnect() };
}
