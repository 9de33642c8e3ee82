import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, printJson, stringOption, UserError } from '../command.js';
import { withWriterStore } from '../context.js';
import { createProgress } from '../progress.js';
import { CsvHeaderError, formatOf, readImportFile, type ImportFormat } from '../../intake/import-rows.js';
import { importRows } from '../../intake/import.js';

export const ingest: Command = {
  name: 'ingest',
  summary: 'Bulk-import feedback from a CSV or JSONL file (idempotent)',
  help: `Usage: frontline ingest <file.csv|file.jsonl> [--format csv|jsonl] [--json]

Imports feedback in bulk: each row is redacted, tagged and clustered as if it
came from Slack. Columns (CSV header or JSON keys) are matched by name:
  text        required
  branch      optional, e.g. "Taipei Xinyi"
  channel     optional: branch, contact_centre, app_review, social, other
  created_at  optional, ISO 8601 (default: now)
  reporter    optional, who heard it
  id          optional, your own ID; importing the same id again adds nothing
Importing the same file twice adds nothing. Bad rows are reported with their
line number and skipped; the good rows are kept. Stop the bot before
importing into its database: one process writes clusters at a time, and an
import is refused while the bot runs.

Options:
  --format F  csv or jsonl (default: from the file extension)
  --json      Print {"file","rows","added","duplicates","bad_rows","errors","seconds",
              "triage_worker"} (triage_worker: redaction and classification ran on a
              second thread, alongside clustering and writing)`,
  options: { format: { type: 'string' } },
  allowPositionals: true,
  async run(args, io) {
    const [file, ...extra] = args.positionals;
    if (!file) throw new UserError('name the file to import, e.g. frontline ingest feedback.csv');
    if (extra.length > 0) throw new UserError(`one file at a time (got ${args.positionals.length})`);
    const path = resolve(io.cwd, file);
    if (!existsSync(path) || !statSync(path).isFile()) throw new UserError(`no such file: ${file}`);
    const format = (stringOption(args, 'format') ?? formatOf(path)) as ImportFormat | undefined;
    if (format !== 'csv' && format !== 'jsonl') {
      throw new UserError(`cannot tell the format of ${file}; use --format csv or --format jsonl`);
    }
    const size = statSync(path).size;
    const json = args.values.json === true;
    const progress = createProgress(io.stderr, `ingest ${file}`);
    let bytes = 0;
    const started = performance.now();
    const summary = await withWriterStore(io, 'frontline ingest', async (store, config) => {
      try {
        return await importRows(
          store,
          config,
          readImportFile(path, format, (b) => (bytes = b)),
          (rows) => progress.update(rows, size === 0 ? 1 : bytes / size),
        );
      } catch (error) {
        if (error instanceof CsvHeaderError) throw new UserError(error.message);
        throw error;
      }
    });
    progress.finish(summary.rows);
    const seconds = Number(((performance.now() - started) / 1000).toFixed(2));
    if (json) {
      printJson(io, {
        file,
        rows: summary.rows,
        added: summary.added,
        duplicates: summary.duplicates,
        bad_rows: summary.errors.length,
        errors: summary.errors,
        seconds,
        triage_worker: summary.triageWorker === true,
      });
    } else {
      io.stdout.write(`Imported ${summary.added} new item(s) from ${file} in ${seconds}s; ${summary.duplicates} already imported, ${summary.errors.length} bad row(s).\n`);
      for (const e of summary.errors.slice(0, 50)) io.stdout.write(`  line ${e.line}: ${e.error}\n`);
      if (summary.errors.length > 50) io.stdout.write(`  … and ${summary.errors.length - 50} more (use --json for all)\n`);
    }
    return summary.added === 0 && summary.errors.length > 0 && summary.duplicates === 0 ? 1 : 0;
  },
};
