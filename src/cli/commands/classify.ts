// `frontline classify [--json] [TEXT | --file FILE]`: runs the triage core on
// one text, or on every line of a file, with the built-in taxonomy (or
// --intents DIR) plus its learned model. Prints only the redacted text.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, UserError, printJson, stringOption } from '../command.js';
import { classifierFor } from '../taxonomy-option.js';
import { triage } from '../../triage/classify.js';
import type { TriageResult } from '../../triage/types.js';

/** A file bigger than this is not a list of feedback texts. */
const MAX_FILE_BYTES = 50 * 1024 * 1024;

function readLines(path: string, cwd: string): string[] {
  const full = resolve(cwd, path);
  let text: string;
  try {
    if (statSync(full).size > MAX_FILE_BYTES) throw new UserError(`${path} is larger than 50 MB; split it`);
    text = readFileSync(full, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      code === 'ENOENT' ? `no such file: ${path}` : code === 'EISDIR' ? `${path} is a folder, not a file` : `cannot read ${path} (${code ?? String(error)})`,
    );
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new UserError(`${path} has no text to classify (every line is empty)`);
  return lines;
}

export interface ClassifiedItem {
  /** Redacted: the only form of the text that is shown. */
  text: string;
  script: TriageResult['script'];
  redactions: TriageResult['redactions'];
  tags: TriageResult['tags'];
  flags: TriageResult['flags'];
  unclassified: boolean;
}

function view(r: TriageResult): ClassifiedItem {
  return { text: r.redacted, script: r.script, redactions: r.redactions, tags: r.tags, flags: r.flags, unclassified: r.unclassified };
}

function describe(item: ClassifiedItem, n: number, many: boolean): string {
  const out = [`${many ? `${n}. ` : ''}[${item.script}] ${item.text}`];
  const redactions = Object.entries(item.redactions).map(([kind, count]) => `${kind} ×${count}`);
  if (redactions.length > 0) out.push(`   redacted: ${redactions.join(', ')}`);
  if (item.unclassified) out.push('   unclassified (no label had enough evidence)');
  for (const t of item.tags) {
    const why = t.reasons.length > 0 ? `  ${t.reasons.map((r) => `“${r}”`).join(' ')}` : '';
    out.push(`   ${t.kind.padEnd(7)} ${t.label.padEnd(24)} ${t.confidence.toFixed(2)}  ${t.origin}${why}`);
  }
  for (const f of item.flags) out.push(`   flag    ${f.flag.padEnd(24)} ${f.reasons.map((r) => `“${r}”`).join(' ')}`);
  return out.join('\n');
}

export const classify: Command = {
  name: 'classify',
  summary: 'Classify feedback text: redaction, product and issue tags with reasons, must-do flags',
  help: `Usage: frontline classify [--json] [--intents DIR] (TEXT | --file FILE)

Runs the triage core on TEXT, or on each non-empty line of FILE, and prints
the redacted text, what was redacted, the detected script, the product and
issue tags with their confidence and the keywords or n-grams behind them, the
must-do flags, or "unclassified" when the evidence is weak.

Options:
  --file FILE     One text per line (blank lines are skipped)
  --intents DIR   Taxonomy folder (default: the built-in intents/)
  --json          Print a JSON array, one object per text

Examples:
  frontline classify "APP 更新後一直閃退"
  frontline classify --json --file feedback.txt`,
  options: { file: { type: 'string' }, intents: { type: 'string' } },
  allowPositionals: true,
  async run(args, io) {
    const file = stringOption(args, 'file');
    const positional = args.positionals.join(' ');
    if (file !== undefined && positional.trim() !== '') throw new UserError('give either TEXT or --file FILE, not both');
    let texts: string[];
    if (file !== undefined) texts = readLines(file, io.cwd);
    else if (positional.trim() !== '') texts = [positional];
    else if (args.positionals.length > 0) throw new UserError('the text is empty; nothing to classify');
    else throw new UserError('nothing to classify: give a TEXT or --file FILE (see frontline classify --help)');

    const classifier = classifierFor(args, io);
    const items = texts.map((t) => view(triage(t, classifier)));
    if (args.values.json) {
      printJson(io, items);
      return 0;
    }
    io.stdout.write(items.map((item, i) => describe(item, i + 1, items.length > 1)).join('\n\n') + '\n');
    return 0;
  },
};
