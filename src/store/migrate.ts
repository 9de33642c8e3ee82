// Applies prisma/migrations/*/migration.sql with no Prisma CLI (it needs a
// schema-engine download) and records each in _prisma_migrations exactly as
// `prisma migrate deploy` does, so `prisma migrate status` agrees with us.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';

export const migrationsDir = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

/** The same table the Prisma schema engine creates on SQLite. */
const createMigrationsTable = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export function readMigrations(dir = migrationsDir): MigrationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(dir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: number | string | null;
  rolled_back_at: number | string | null;
}

/** Names of pending migrations, without applying anything. */
export function pendingMigrations(db: Database, dir = migrationsDir): string[] {
  const hasTable = db
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`)
    .get();
  const done = new Set<string>();
  if (hasTable) {
    const rows = db.prepare(`SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"`).all() as AppliedRow[];
    for (const row of rows) if (row.finished_at !== null && row.rolled_back_at === null) done.add(row.migration_name);
  }
  return readMigrations(dir).filter((m) => !done.has(m.name)).map((m) => m.name);
}

export class MigrationError extends Error {}

/**
 * Applies every pending migration in order, each in its own transaction.
 * A migration that failed before (finished_at NULL, not rolled back) stops the
 * run with a clear message, as `prisma migrate deploy` does (P3009).
 */
export function migrate(db: Database, dir = migrationsDir): MigrateResult {
  db.exec(createMigrationsTable);
  const rows = db.prepare(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`).all() as AppliedRow[];
  const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
  if (failed) {
    throw new MigrationError(
      `migration ${failed.migration_name} failed earlier and was not rolled back; fix the database, then mark it rolled back (prisma migrate resolve --rolled-back ${failed.migration_name})`,
    );
  }
  const done = new Map(rows.filter((r) => r.rolled_back_at === null).map((r) => [r.migration_name, r]));
  const result: MigrateResult = { applied: [], alreadyApplied: [] };
  const insert = db.prepare(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, 0)`,
  );
  const finish = db.prepare(`UPDATE "_prisma_migrations" SET finished_at = ?, applied_steps_count = 1 WHERE id = ?`);
  const recordFailure = db.prepare(`UPDATE "_prisma_migrations" SET logs = ? WHERE id = ?`);

  for (const migration of readMigrations(dir)) {
    if (done.has(migration.name)) {
      result.alreadyApplied.push(migration.name);
      continue;
    }
    const id = randomUUID();
    insert.run(id, migration.checksum, migration.name, Date.now());
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        finish.run(Date.now(), id);
      })();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      recordFailure.run(message, id);
      throw new MigrationError(`migration ${migration.name} failed: ${message}`);
    }
    result.applied.push(migration.name);
  }
  return result;
}
