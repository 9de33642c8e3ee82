// The taxonomy as data (intents/*.yaml): products, issues, must-do flags,
// labelled example sentences and labelled feedback sets (intents/labelled/,
// JSON lines). This module validates parsed files with zod and turns them
// into one Taxonomy value; it does no I/O (src/store/taxonomy-files.ts reads
// the files). A bad file fails with the file, the path inside it and
// what is wrong, e.g. `issues.yaml: labels[3].keywords.en[2]: expected string`.
import { createRequire } from 'node:module';
import type { z as Zod } from 'zod';
import { TAG_KINDS, type MustDoFlag, type TagKind } from './types.js';

export const MUST_DO_FLAGS = ['compliance', 'customer_rights', 'major_risk'] as const satisfies readonly MustDoFlag[];

// zod and yaml load on the first parse: a classifier loaded from its cache
// never parses, and the two cost about 70 ms of every cold start.
const require = createRequire(import.meta.url);
const yaml = () => require('yaml') as typeof import('yaml');
let defined: Schemas | undefined;
function schemas(): Schemas {
  return (defined ??= defineSchemas((require('zod') as typeof import('zod')).z));
}
type Schemas = ReturnType<typeof defineSchemas>;

function defineSchemas(z: typeof Zod) {
  const flagId = z.enum(MUST_DO_FLAGS);
  const labelId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a lower-case id like fees_interest');
  const text = z.string().trim().min(1, 'expected a non-empty keyword');

  const keyword = z.union([
    text,
    z.strictObject({
      text,
      /** How much this keyword counts towards its label (default 1). */
      weight: z.number().positive().max(10).optional(),
      /** Must-do flags this keyword raises by itself. */
      flags: z.array(flagId).optional(),
    }),
  ], { error: 'expected a keyword: a string, or { text, weight, flags }' });

  const names = z.strictObject({ en: text, 'zh-TW': text, 'zh-CN': text });
  /** Keywords in all three scripts: the same label must be findable in each. */
  const keywords = z.strictObject({
    en: z.array(keyword).min(1, 'expected at least one English keyword'),
    'zh-TW': z.array(keyword).min(1, 'expected at least one zh-TW keyword'),
    'zh-CN': z.array(keyword).min(1, 'expected at least one zh-CN keyword'),
  });

  const label = z.strictObject({
    id: labelId,
    names,
    keywords,
    negative: z.array(text).default([]),
    /** Multiplies every keyword weight of the label. */
    weight: z.number().positive().max(10).default(1),
    flags: z.array(flagId).default([]),
  });

  const labelFile = z.strictObject({
    kind: z.enum(['product', 'issue']),
    labels: z.array(label).min(1),
  });

  const flagFile = z.strictObject({
    kind: z.literal('flag'),
    flags: z.array(
      z.strictObject({
        id: flagId,
        names,
        keywords,
        negative: z.array(text).default([]),
        /** Keywords that raise the flag only when `label` is tagged too (an unexpected *charge*). */
        when: z.array(z.strictObject({ label: labelId, keywords: z.array(keyword).min(1) })).default([]),
      }),
    ),
  });

  /** A labelled sentence: training data for the learned weights and for calibration. */
  const example = z.strictObject({
    text,
    products: z.array(labelId).default([]),
    issues: z.array(labelId).default([]),
  });
  const exampleFile = z.strictObject({ kind: z.literal('examples'), examples: z.array(example).min(1) });

  /**
   * One line of a labelled feedback set (intents/labelled/*, the blind holdout
   * in test/fixtures): a staff post as written, the labels a PM would expect,
   * and `also` for labels that are defensible but not required (neither right
   * nor wrong when predicted). Twins are the same complaint in both scripts.
   */
  const labelledItem = z.strictObject({
    id: z.string().min(1).optional(),
    lang: z.enum(['en', 'zh-Hant', 'zh-Hans']).optional(),
    text: z.string(),
    products: z.array(labelId),
    issues: z.array(labelId),
    flags: z.array(flagId).default([]),
    also: z.array(z.string()).optional(),
    twin: z.string().optional(),
  });
  /**
   * Regional vocabulary: words Taiwan and the mainland write differently for
   * one thing (簡訊/短信, 登入/登录). Script folding (OpenCC) only changes
   * characters; these groups fold whole words, so the same complaint in either
   * script reaches the matcher and the model as the same text. The first word
   * of a group is the form kept; a group of one word protects it from being
   * split by another group (銀行員 must not become 銀柜員).
   */
  const han = text.regex(/[\u3400-\u4dbf\u4e00-\u9fff]/, 'expected a Chinese word');
  const synonymFile = z.strictObject({ kind: z.literal('synonyms'), groups: z.array(z.array(han).min(1)).min(1) });
  const anyFile = z.discriminatedUnion('kind', [labelFile, flagFile, exampleFile, synonymFile]);
  return { keyword, label, flagFile, labelledItem, anyFile };
}
export type LabelledItem = Zod.infer<Schemas['labelledItem']>;

/** Parses a JSON-lines labelled set; every bad line is named as `file: line N: problem`. */
export function parseLabelledLines(file: string, content: string): LabelledItem[] {
  return parseLabelledFile(file, content).items;
}

/** The items and the line each came from (for errors found later, across files). */
function parseLabelledFile(file: string, content: string): { items: LabelledItem[]; lines: number[] } {
  const items: LabelledItem[] = [];
  const lines: number[] = [];
  const problems: string[] = [];
  content.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch {
      problems.push(`line ${i + 1}: not valid JSON`);
      return;
    }
    const result = schemas().labelledItem.safeParse(data);
    if (result.success) {
      items.push(result.data);
      lines.push(i + 1);
    } else problems.push(...result.error.issues.map((issue) => `line ${i + 1}: ${describe(issue)}`));
  });
  if (problems.length > 0) throw new TaxonomyError(file, problems.slice(0, 20));
  return { items, lines };
}

export type KeywordSpec = Zod.infer<Schemas['keyword']>;
export type LabelSpec = Zod.infer<Schemas['label']>;
export type FlagSpec = Zod.infer<Schemas['flagFile']>['flags'][number];

export interface Example {
  text: string;
  products: string[];
  issues: string[];
}

export interface TaxonomyLabel extends LabelSpec {
  kind: TagKind;
}

export interface Taxonomy {
  labels: TaxonomyLabel[];
  flags: FlagSpec[];
  examples: Example[];
  /**
   * Labelled feedback sets (intents/labelled/): training data for the learned
   * model. Absent in caches, which hold the trained model instead.
   */
  labelled?: LabelledItem[];
  /** Regional word groups, first word kept (absent in caches written before it existed). */
  synonyms?: string[][];
}

/** A taxonomy file that cannot be used; the message names the file and the place. */
export class TaxonomyError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(problems.map((p) => `${file}: ${p}`).join('\n'));
    this.name = 'TaxonomyError';
  }
}

/** zod's path as a reader writes it: labels[3].keywords.en[2]. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function describe(issue: Zod.core.$ZodIssue): string {
  const where = formatPath(issue.path);
  // zod says "Invalid input: expected string, received number"; keep the useful half.
  const message = issue.message.replace(/^Invalid input: /, '');
  return where ? `${where}: ${message}` : message;
}

export interface TaxonomySource {
  /** File name shown in errors, e.g. issues.yaml, examples/cards.yaml or labelled/dev/en.jsonl. */
  file: string;
  text: string;
}

type ParsedFile =
  | { kind: TagKind; labels: LabelSpec[] }
  | { kind: 'flag'; flags: FlagSpec[] }
  | { kind: 'examples'; examples: Example[] }
  | { kind: 'synonyms'; groups: string[][] }
  | { kind: 'labelled'; items: LabelledItem[]; lines: number[] };

function parseSource(source: TaxonomySource): ParsedFile {
  if (/\.jsonl$/i.test(source.file)) return { kind: 'labelled', ...parseLabelledFile(source.file, source.text) };
  let data: unknown;
  try {
    data = yaml().parse(source.text, { prettyErrors: true });
  } catch (error) {
    const message = error instanceof yaml().YAMLParseError ? error.message.split('\n')[0]! : String(error);
    throw new TaxonomyError(source.file, [`not valid YAML: ${message}`]);
  }
  const result = schemas().anyFile.safeParse(data);
  if (!result.success) throw new TaxonomyError(source.file, result.error.issues.map(describe));
  return result.data as ParsedFile;
}

/**
 * Parses and validates every file, then checks what spans files: label ids are
 * unique, examples and labelled sets name labels that exist, and there is at
 * least one product and one issue.
 */
export function loadTaxonomy(sources: readonly TaxonomySource[]): Taxonomy {
  const taxonomy: Taxonomy = { labels: [], flags: [], examples: [], labelled: [], synonyms: [] };
  const origin = new Map<string, string>();
  const exampleFiles: { file: string; examples: Example[] }[] = [];
  const labelledFiles: { file: string; items: LabelledItem[]; lines: number[] }[] = [];
  for (const source of sources) {
    const parsed = parseSource(source);
    if (parsed.kind === 'flag') taxonomy.flags.push(...parsed.flags);
    else if (parsed.kind === 'labelled') labelledFiles.push({ file: source.file, items: parsed.items, lines: parsed.lines });
    else if (parsed.kind === 'examples') exampleFiles.push({ file: source.file, examples: parsed.examples });
    else if (parsed.kind === 'synonyms') taxonomy.synonyms!.push(...parsed.groups);
    else {
      parsed.labels.forEach((l, i) => {
        const seen = origin.get(l.id);
        if (seen) throw new TaxonomyError(source.file, [`labels[${i}].id: '${l.id}' is already defined in ${seen}`]);
        origin.set(l.id, source.file);
        taxonomy.labels.push({ ...l, kind: parsed.kind });
      });
    }
  }
  const kindOf = new Map(taxonomy.labels.map((l) => [l.id, l.kind]));
  for (const { file, examples } of exampleFiles) {
    const problems: string[] = [];
    examples.forEach((e, i) => {
      for (const field of ['products', 'issues'] as const) {
        const want = field === 'products' ? 'product' : 'issue';
        e[field].forEach((id, j) => {
          if (kindOf.get(id) !== want) problems.push(`examples[${i}].${field}[${j}]: '${id}' is not a ${want} label`);
        });
      }
    });
    if (problems.length > 0) throw new TaxonomyError(file, problems);
    taxonomy.examples.push(...examples);
  }
  for (const { file, items, lines } of labelledFiles) {
    const problems: string[] = [];
    items.forEach((item, i) => {
      const wrong = [
        ...item.products.filter((id) => kindOf.get(id) !== 'product').map((id) => `'${id}' is not a product label`),
        ...item.issues.filter((id) => kindOf.get(id) !== 'issue').map((id) => `'${id}' is not an issue label`),
        ...(item.also ?? []).filter((id) => !kindOf.has(id) && !(MUST_DO_FLAGS as readonly string[]).includes(id)).map((id) => `also: '${id}' is not a label or flag`),
      ];
      problems.push(...wrong.map((w) => `line ${lines[i]}${item.id ? ` (${item.id})` : ''}: ${w}`));
    });
    if (problems.length > 0) throw new TaxonomyError(file, problems.slice(0, 20));
    taxonomy.labelled!.push(...items);
  }
  taxonomy.flags.forEach((flag, i) => {
    flag.when.forEach((w, j) => {
      if (!kindOf.has(w.label)) throw new TaxonomyError('flags', [`flags[${i}].when[${j}].label: '${w.label}' is not a label`]);
    });
  });
  for (const kind of TAG_KINDS) {
    if (!taxonomy.labels.some((l) => l.kind === kind)) throw new TaxonomyError('intents', [`no ${kind} labels defined`]);
  }
  return taxonomy;
}

/** Every keyword of a label or flag as {text, weight, flags}, all scripts together. */
export function keywordsOf(spec: { keywords: LabelSpec['keywords'] }): { text: string; weight: number; flags: MustDoFlag[] }[] {
  return keywordList([...spec.keywords.en, ...spec.keywords['zh-TW'], ...spec.keywords['zh-CN']]);
}

export function keywordList(all: readonly KeywordSpec[]): { text: string; weight: number; flags: MustDoFlag[] }[] {
  return all.map((k) => (typeof k === 'string' ? { text: k, weight: 1, flags: [] } : { text: k.text, weight: k.weight ?? 1, flags: k.flags ?? [] }));
}
