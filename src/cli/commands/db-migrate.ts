import { loadConfig } from '../../config.js';
import { databasePath } from '../../store/database-url.js';
import { migrate, MigrationError } from '../../store/migrate.js';
import { openSqlite } from '../../store/sqlite.js';
import { type Command, printJson, UserError } from '../command.js';

export const dbMigrate: Command = {
  name: 'db migrate',
  summary: 'Apply pending database migrations (offline; also runs at start-up)',
  help: `Usage: frontline db migrate [--json]

Applies every pending SQL migration in prisma/migrations/ to the database named
by DATABASE_URL (default file:./data/frontline.db), creating it if needed, and
records each in _prisma_migrations as \`prisma migrate deploy\` would. Running it
again when nothing is pending changes nothing.

Options:
  --json   Print {"database","applied","already_applied"} as JSON`,
  async run(args, io) {
    const config = loadConfig(io.env, io.cwd);
    const path = databasePath(config.DATABASE_URL, io.cwd);
    const db = openSqlite(path);
    try {
      const result = migrate(db);
      if (args.values.json) {
        printJson(io, { database: path, applied: result.applied, already_applied: result.alreadyApplied });
      } else if (result.applied.length === 0) {
        io.stdout.write(`Database ${path} is up to date (${result.alreadyApplied.length} migrations).\n`);
      } else {
        io.stdout.write(`Applied ${result.applied.length} migration(s) to ${path}:\n${result.applied.map((n) => `  ${n}\n`).join('')}`);
      }
      return 0;
    } catch (error) {
      if (error instanceof MigrationError) throw new UserError(error.message);
      throw error;
    } finally {
      db.close();
    }
  },
};
