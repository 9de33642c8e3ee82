// `frontline taxonomy suggest [--label L] [--json]`: proposes keywords for
// taxonomy labels from the labelled examples the keyword rules keep missing:
// the examples in intents/examples/ plus the human tag corrections stored in
// the database. Nothing is written; a reviewer adds what makes sense to
// intents/*.yaml (a general word, not a sentence from one example).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Command, UserError, numberOption, printJson, stringOption, flagOption } from '../command.js';
import { withStore } from '../context.js';
import { readHumanExamples, readTaxonomy } from '../../store/taxonomy-files.js';
import { buildClassifier, type HumanExample } from '../../triage/classify.js';
import { labelledExamples } from '../../triage/training-rows.js';
import { evaluateSet, suggestKeywords, type EvalItem, type LabelScore, type LabelSuggestions } from '../../triage/suggest.js';
import { parseLabelledLines, TaxonomyError, type Taxonomy } from '../../triage/taxonomy.js';
import { classifierFor, intentsDir, withTaxonomy } from '../taxonomy-option.js';

function describe(all: LabelSuggestions[], counts: { examples: number; human: number }): string {
  const out = [`${counts.examples} labelled examples (${counts.human} from human corrections); keyword rules alone.`];
  for (const l of all) {
    if (l.examples === 0) continue;
    out.push(`\n${l.label}: missed ${l.missed} of ${l.examples}`);
    if (l.suggestions.length === 0) out.push(l.missed === 0 ? '  nothing missed' : '  no keyword stands out in the missed examples');
    for (const s of l.suggestions) {
      out.push(`  + ${JSON.stringify(s.keyword)}  in ${s.missed} missed, precision ${s.precision.toFixed(2)}  e.g. ${JSON.stringify(s.samples[0]!.slice(0, 80))}`);
    }
  }
  return out.join('\n');
}

export const taxonomySuggest: Command = {
  name: 'taxonomy suggest',
  summary: 'Propose keywords for taxonomy labels from the labelled examples the rules miss (incl. human corrections)',
  help: `Usage: frontline taxonomy suggest [--label L] [--json] [--intents DIR] [--no-db]

Finds the labelled examples that the keyword rules do not tag with their label
(the taxonomy's examples plus human tag corrections stored in the database),
and proposes words and phrases that are common in those examples and rare in
examples of other labels. Nothing is changed: add what generalises to
intents/*.yaml by hand.

Options:
  --label L         Only this label (a product or issue id)
  --min-missed N    A keyword must occur in at least N missed examples (default 2)
  --min-precision P ...and at least share P of the examples containing it carry the label (default 0.8)
  --limit N         At most N keywords per label (default 5)
  --intents DIR     Taxonomy folder (default: the built-in intents/)
  --no-db           Only the taxonomy's examples, no human corrections
  --json            Print JSON`,
  options: {
    label: { type: 'string' },
    'min-missed': { type: 'string' },
    'min-precision': { type: 'string' },
    limit: { type: 'string' },
    intents: { type: 'string' },
    'no-db': { type: 'boolean' },
  },
  async run(args, io) {
    const taxonomy: Taxonomy = withTaxonomy(() => readTaxonomy(intentsDir(args, io)));
    const label = stringOption(args, 'label');
    const ids = taxonomy.labels.map((l) => l.id);
    if (label !== undefined && !ids.includes(label)) throw new UserError(`unknown label '${label}' (labels: ${ids.join(', ')})`);
    const options = {
      label,
      minMissed: numberOption(args, 'min-missed', 2, 1, 1000),
      minPrecision: numberOption(args, 'min-precision', 0.8, 0, 1),
      limit: numberOption(args, 'limit', 5, 1, 100),
    };
    const human: HumanExample[] = flagOption(args, 'no-db') ? [] : await withStore(io, (store) => readHumanExamples(store.prisma));
    const known = new Set(ids);
    // Corrections naming labels that are no longer in the taxonomy are ignored.
    const usable = human
      .map((h) => ({ ...h, products: h.products.filter((l) => known.has(l)), issues: h.issues.filter((l) => known.has(l)) }))
      .filter((h) => h.products.length + h.issues.length > 0);
    // Keywords are for the rules: judge the rules alone, not the model trained on these very examples.
    const classifier = buildClassifier(taxonomy, { learn: false });
    const examples = [...taxonomy.examples, ...labelledExamples(taxonomy), ...usable];
    const result = suggestKeywords(classifier, examples, options);
    const counts = { examples: examples.length, human: usable.length };
    if (args.values.json) printJson(io, { ...counts, labels: result });
    else io.stdout.write(describe(result, counts) + '\n');
    return 0;
  },
};

/** Reads every *.jsonl of a labelled set folder; bad lines are a clear error naming file and line. */
function readEvalSet(dir: string): EvalItem[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  } catch {
    throw new UserError(`cannot read the folder ${dir}`);
  }
  if (files.length === 0) throw new UserError(`${dir} has no .jsonl files`);
  return files.flatMap((f) => {
    try {
      return parseLabelledLines(f, readFileSync(join(dir, f), 'utf8'));
    } catch (error) {
      if (error instanceof TaxonomyError) throw new UserError(error.message);
      throw error;
    }
  });
}

export const taxonomyEval: Command = {
  name: 'taxonomy eval',
  summary: 'Per-label precision/recall of the taxonomy on a labelled JSONL set (e.g. test/fixtures/taxonomy-holdout-15)',
  help: `Usage: frontline taxonomy eval DIR [--json] [--intents DIR]

Classifies every line of DIR/*.jsonl (fields: text, products, issues; optional
id, lang, flags, also and twin; see intents/labelled/README.md) and prints
per-label and per-flag precision and recall, twin agreement (same tags; same
confidences) and chit-chat left unclassified.`,
  options: { intents: { type: 'string' } },
  allowPositionals: true,
  async run(args, io) {
    const dir = args.positionals[0];
    if (dir === undefined) throw new UserError('give the folder of the labelled set (see --help)');
    const classifier = classifierFor(args, io);
    const report = evaluateSet(readEvalSet(resolve(io.cwd, dir)), classifier);
    if (args.values.json) {
      printJson(io, report);
      return 0;
    }
    const line = (s: LabelScore) => `  ${s.label.padEnd(24)} P ${s.precision.toFixed(3)}  R ${s.recall.toFixed(3)}  tp ${s.tp} fp ${s.fp} fn ${s.fn}`;
    io.stdout.write(
      [
        `${report.items} items`,
        'labels:',
        ...report.labels.map(line),
        'flags:',
        ...report.flags.map(line),
        `twins: ${report.twins.pairs} pairs, same tags ${report.twins.sameTags}, same confidences ${report.twins.sameConfidences}`,
        `chit-chat: ${report.chitchat.unclassified} of ${report.chitchat.items} unclassified`,
      ].join('\n') + '\n',
    );
    return 0;
  },
};
