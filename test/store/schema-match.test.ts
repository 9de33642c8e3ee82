// Every migration applied to an empty database must give exactly the tables,
// columns, types, nullability, keys, unique constraints, indexes and foreign
// keys that prisma/schema.prisma describes.
import { readFileSync } from 'node:fs';
import { describe, expect, it, beforeAll } from 'vitest';
import Database from 'better-sqlite3';
import { migrate } from '../../src/store/migrate.js';
import { columnsOf, parsePrismaSchema, scalarTypes, type SchemaModel } from '../support/prisma-schema.js';

const schema = parsePrismaSchema(readFileSync(new URL('../../prisma/schema.prisma', import.meta.url), 'utf8'));
const modelNames = new Set(schema.map((m) => m.name));

interface Column { name: string; type: string; notnull: number; pk: number; dflt_value: string | null }
interface IndexRow { name: string; unique: number; origin: string }
interface ForeignKey { table: string; from: string; to: string; on_delete: string }

let db: Database.Database;
beforeAll(() => {
  db = new Database(':memory:');
  migrate(db);
});

function scalarFields(model: SchemaModel) {
  return model.fields.filter((f) => !f.list && !modelNames.has(f.type));
}

function indexes(table: string) {
  const rows = db.prepare(`PRAGMA index_list("${table}")`).all() as IndexRow[];
  return rows
    .filter((r) => r.origin !== 'pk')
    .map((r) => ({
      name: r.name,
      unique: r.unique === 1,
      columns: (db.prepare(`PRAGMA index_info("${r.name}")`).all() as { name: string }[]).map((c) => c.name),
    }));
}

describe('migrations match schema.prisma', () => {
  it('creates exactly the tables of the models', () => {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[])
      .map((t) => t.name)
      .filter((n) => n !== '_prisma_migrations' && n !== 'sqlite_sequence')
      .sort();
    expect(tables).toEqual([...modelNames].sort());
  });

  for (const model of schema) {
    describe(model.name, () => {
      it('has every scalar field with its type and optional-ness, and nothing else', () => {
        const columns = db.prepare(`PRAGMA table_info("${model.name}")`).all() as Column[];
        const expected = scalarFields(model).map((f) => ({
          name: f.name,
          type: scalarTypes[f.type],
          notnull: !f.optional || f.attributes.includes('@id'),
        }));
        const actual = columns.map((c) => ({ name: c.name, type: c.type, notnull: c.notnull === 1 || c.pk > 0 }));
        expect(actual.sort((a, b) => a.name.localeCompare(b.name))).toEqual(
          expected.sort((a, b) => a.name.localeCompare(b.name)),
        );
      });

      it('has the primary key', () => {
        const columns = db.prepare(`PRAGMA table_info("${model.name}")`).all() as Column[];
        const pk = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
        const compound = model.blockAttributes.find((a) => a.startsWith('@@id'));
        const expected = compound ? columnsOf(compound) : model.fields.filter((f) => f.attributes.includes('@id')).map((f) => f.name);
        expect(pk).toEqual(expected);
      });

      it('has every unique constraint and index, and no others', () => {
        const expected = [
          ...model.fields.filter((f) => /@unique\b/.test(f.attributes)).map((f) => ({ unique: true, columns: [f.name] })),
          ...model.blockAttributes.filter((a) => a.startsWith('@@unique')).map((a) => ({ unique: true, columns: columnsOf(a) })),
          ...model.blockAttributes.filter((a) => a.startsWith('@@index')).map((a) => ({ unique: false, columns: columnsOf(a) })),
        ];
        const actual = indexes(model.name).map(({ unique, columns }) => ({ unique, columns }));
        const key = (i: { unique: boolean; columns: string[] }) => `${i.unique}:${i.columns.join(',')}`;
        expect(actual.map(key).sort()).toEqual(expected.map(key).sort());
      });

      it('has a foreign key for every relation, with its delete rule', () => {
        const expected = model.fields
          .filter((f) => modelNames.has(f.type) && !f.list && f.attributes.includes('fields:'))
          .map((f) => {
            const from = /fields:\s*\[(\w+)\]/.exec(f.attributes)![1]!;
            const to = /references:\s*\[(\w+)\]/.exec(f.attributes)![1]!;
            const onDelete = /onDelete:\s*(\w+)/.exec(f.attributes)?.[1] ?? (f.optional ? 'SetNull' : 'Restrict');
            const rule = { Cascade: 'CASCADE', SetNull: 'SET NULL', Restrict: 'RESTRICT', NoAction: 'NO ACTION' }[onDelete];
            return `${from}->${f.type}.${to}:${rule}`;
          });
        const actual = (db.prepare(`PRAGMA foreign_key_list("${model.name}")`).all() as ForeignKey[]).map(
          (k) => `${k.from}->${k.table}.${k.to}:${k.on_delete}`,
        );
        expect(actual.sort()).toEqual(expected.sort());
      });
    });
  }
});
