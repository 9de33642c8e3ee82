import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate, migrationsDir, pendingMigrations, readMigrations, MigrationError } from '../../src/store/migrate.js';

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: number | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: number | null;
  started_at: number;
  applied_steps_count: number;
}

describe('offline migrations', () => {
  it('applies every migration to an empty database and records it as prisma migrate deploy does', () => {
    const db = new Database(':memory:');
    const result = migrate(db);
    const files = readMigrations();
    expect(files.length).toBeGreaterThan(0);
    expect(result.applied).toEqual(files.map((f) => f.name));
    const rows = db.prepare('SELECT * FROM _prisma_migrations ORDER BY started_at').all() as MigrationRow[];
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const row of rows) {
      const sql = readFileSync(join(migrationsDir, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    }
    const columns = (db.prepare('PRAGMA table_info(_prisma_migrations)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(['id', 'checksum', 'finished_at', 'migration_name', 'logs', 'rolled_back_at', 'started_at', 'applied_steps_count']);
  });

  it('is a no-op the second time', () => {
    const db = new Database(':memory:');
    migrate(db);
    const before = db.prepare('SELECT * FROM _prisma_migrations').all();
    const again = migrate(db);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied.length).toBe(before.length);
    expect(db.prepare('SELECT * FROM _prisma_migrations').all()).toEqual(before);
    expect(pendingMigrations(db)).toEqual([]);
  });

  it('applies only what is new, and a failing migration is recorded and stops later runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'frontline-migrations-'));
    cpSync(migrationsDir, dir, { recursive: true });
    const db = new Database(':memory:');
    migrate(db, dir);

    mkdirSync(join(dir, '99990101000000_add_note'));
    writeFileSync(join(dir, '99990101000000_add_note', 'migration.sql'), 'ALTER TABLE "Cluster" ADD COLUMN "note" TEXT;');
    expect(pendingMigrations(db, dir)).toEqual(['99990101000000_add_note']);
    expect(migrate(db, dir).applied).toEqual(['99990101000000_add_note']);

    mkdirSync(join(dir, '99990102000000_broken'));
    writeFileSync(join(dir, '99990102000000_broken', 'migration.sql'), 'ALTER TABLE "Nope" ADD COLUMN "x" TEXT;');
    expect(() => migrate(db, dir)).toThrow(/99990102000000_broken failed: no such table/);
    const failed = db.prepare(`SELECT * FROM _prisma_migrations WHERE migration_name = '99990102000000_broken'`).get() as MigrationRow;
    expect(failed.finished_at).toBeNull();
    expect(failed.logs).toMatch(/no such table/);
    expect(() => migrate(db, dir)).toThrow(MigrationError);
    expect(() => migrate(db, dir)).toThrow(/failed earlier/);
  });

  it('keeps the audit log append-only', () => {
    const db = new Database(':memory:');
    migrate(db);
    db.prepare(`INSERT INTO AuditLog (actorId, action, subjectType, subjectId) VALUES ('U1', 'promote', 'cluster', '1')`).run();
    expect(() => db.prepare(`UPDATE AuditLog SET action = 'x'`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`DELETE FROM AuditLog`).run()).toThrow(/append-only/);
  });
});
