// Where the SQLite file lives, from DATABASE_URL (`file:` URLs, relative to cwd).
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { UserError } from '../cli/command.js';

/** Absolute path of the database file, or `:memory:`. Creates the folder. */
export function databasePath(url: string, cwd = process.cwd()): string {
  if (!url.startsWith('file:')) {
    throw new UserError(`DATABASE_URL must be a SQLite file URL such as file:./data/frontline.db (got a ${url.split(':')[0]} URL)`);
  }
  const raw = url.slice('file:'.length).split('?')[0] ?? '';
  if (raw === ':memory:') return raw;
  if (raw.trim() === '') throw new UserError('DATABASE_URL names no file; example: file:./data/frontline.db');
  const path = isAbsolute(raw) ? raw : resolve(cwd, raw);
  mkdirSync(dirname(path), { recursive: true });
  return path;
}
