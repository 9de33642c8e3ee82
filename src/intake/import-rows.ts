// Reads feedback to import from a CSV or JSONL file, streaming, so a file of
// any size is read in constant memory. Columns are mapped by name; each bad
// row is reported with its line number and skipped.
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { z } from 'zod';
import { channelTypes, type ChannelType } from './channel-type.js';

/** Longest text accepted from a file; Slack messages are far shorter. */
export const maxTextBytes = 100_000;

export interface ImportRow {
  line: number;
  id?: string;
  text: string;
  branch?: string;
  channelType: ChannelType;
  createdAt?: Date;
  reporter?: string;
}

export type ImportRecord = { ok: true; row: ImportRow } | { ok: false; line: number; error: string };

const optionalText = z
  .union([z.string(), z.number()])
  .optional()
  .nullable()
  .transform((v) => (v === undefined || v === null || String(v).trim() === '' ? undefined : String(v).trim()));

const rowSchema = z.object({
  text: z
    .string({ message: 'text is missing' })
    .refine((t) => t.trim().length > 0, 'text is empty')
    .refine((t) => Buffer.byteLength(t) <= maxTextBytes, `text is longer than ${maxTextBytes} bytes`)
    .refine((t) => !t.includes('\u0000'), 'text contains binary data'),
  id: optionalText,
  branch: optionalText,
  reporter: optionalText,
  channel: optionalText.refine((c) => c === undefined || channelTypes.parse(c) !== undefined, {
    message: `channel must be one of ${channelTypes.names.join(', ')}`,
  }),
  created_at: optionalText.refine((d) => d === undefined || !Number.isNaN(Date.parse(d)), {
    message: 'created_at is not a date (use ISO 8601, e.g. 2026-11-24 or 2026-11-24T09:30:00+08:00)',
  }),
});

function toRecord(line: number, raw: unknown): ImportRecord {
  const parsed = rowSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, line, error: parsed.error.issues.map((i) => i.message).join('; ') };
  const r = parsed.data;
  const row: ImportRow = { line, text: r.text, channelType: channelTypes.parse(r.channel) ?? 'other' };
  if (r.id !== undefined) row.id = r.id;
  if (r.branch !== undefined) row.branch = r.branch;
  if (r.reporter !== undefined) row.reporter = r.reporter;
  if (r.created_at !== undefined) row.createdAt = new Date(r.created_at);
  return { ok: true, row };
}

export type ImportFormat = 'csv' | 'jsonl';

export function formatOf(path: string): ImportFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  return undefined;
}

/** Yields every row of the file in order; `onBytes` reports progress through the file. */
export async function* readImportFile(
  path: string,
  format: ImportFormat,
  onBytes: (bytesRead: number) => void = () => {},
): AsyncGenerator<ImportRecord> {
  const stream = createReadStream(path);
  stream.on('data', () => onBytes(stream.bytesRead));
  if (format === 'jsonl') yield* readJsonl(stream);
  else yield* readCsv(stream);
}

async function* readJsonl(stream: NodeJS.ReadableStream): AsyncGenerator<ImportRecord> {
  let line = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    line += 1;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield { ok: false, line, error: 'not valid JSON' };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { ok: false, line, error: 'expected a JSON object with a "text" field' };
      continue;
    }
    yield toRecord(line, value);
  }
}

async function* readCsv(stream: NodeJS.ReadableStream): AsyncGenerator<ImportRecord> {
  const skipped: ImportRecord[] = [];
  const parser = parse({
    columns: (header: string[]) => {
      const names = header.map((h) => h.trim().toLowerCase().replace(/^\uFEFF/, ''));
      if (!names.includes('text')) throw new CsvHeaderError(`the CSV header has no "text" column (found: ${names.join(', ')})`);
      return names;
    },
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
  });
  parser.on('skip', (error: Error & { lines?: number }) => {
    skipped.push({ ok: false, line: error.lines ?? 0, error: `malformed CSV: ${error.message}` });
  });
  stream.pipe(parser);
  for await (const entry of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; invalid_field_length: number } }>) {
    while (skipped.length > 0) yield skipped.shift()!;
    const { record, info } = entry;
    yield info.invalid_field_length > 0
      ? { ok: false, line: info.lines, error: 'row has a different number of fields than the header' }
      : toRecord(info.lines, record);
  }
  while (skipped.length > 0) yield skipped.shift()!;
}

export class CsvHeaderError extends Error {}
