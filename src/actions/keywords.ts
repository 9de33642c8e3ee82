// "Add keyword…" from the App Home's unclassified queue: writes the keyword
// into the taxonomy folder in use (the label's YAML file, keeping its comments
// and layout), checks the taxonomy still loads, then re-tags the stored
// reports it now matches with the rebuilt classifier. Audited.
// The report the PM added the keyword from is labelled by the PM in effect
// ("this word means cards"), so it becomes a human example for the label: the
// learned model weighs a keyword it never saw in training next to nothing, and
// without an example the rebuilt classifier would not tag the reports the PM
// meant.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import type { PrismaClient } from '../generated/prisma/client.js';
import { appendAudit } from '../store/audit.js';
import { TriagePool } from '../intake/triage-pool.js';
import { loadClassifier } from '../store/classifier-cache.js';
import { readHumanExamples, readTaxonomy, readTaxonomySources } from '../store/taxonomy-files.js';
import { classify } from '../triage/classify.js';
import { normalize } from '../triage/normalize.js';
import { applyRules, compileRules, type RuleHit } from '../triage/rules.js';
import { detectScript } from '../triage/script.js';
import { TaxonomyError, type Taxonomy } from '../triage/taxonomy.js';
import type { TagKind } from '../triage/types.js';
import { labelItems } from './cluster-actions.js';
import { ActionError } from './errors.js';
import type { KeywordWriter } from './flows/port.js';

/** The label's keyword hit in folded text, if any. */
type HitIn = (folded: string) => RuleHit | undefined;

/** The keyword list a new keyword joins: by its script (the matcher folds zh-Hant and zh-Hans together). */
export function keywordLanguage(keyword: string): 'en' | 'zh-TW' | 'zh-CN' {
  const script = detectScript(keyword);
  return script === 'zh-Hans' ? 'zh-CN' : script === 'zh-Hant' ? 'zh-TW' : 'en';
}

/** Adds `keyword` to the label's list in the YAML text; undefined when this file does not define the label. */
export function addKeywordToYaml(text: string, kind: TagKind, label: string, keyword: string): { text: string; language: string } | undefined {
  const doc = parseDocument(text);
  if (doc.get('kind') !== kind) return undefined;
  const labels = doc.get('labels');
  if (!isSeq(labels)) return undefined;
  const entry = (labels as YAMLSeq<YAMLMap>).items.find((item) => item?.get?.('id') === label);
  if (!entry) return undefined;
  const language = keywordLanguage(keyword);
  const list = entry.getIn(['keywords', language]);
  if (!isSeq(list)) return undefined;
  const existing = (list as YAMLSeq).items.map((k) => {
    const v = (k as { value?: unknown; get?: (key: string) => unknown }).value ?? (k as { get?: (key: string) => unknown }).get?.('text');
    return String(v ?? '').toLowerCase();
  });
  if (existing.includes(keyword.toLowerCase())) throw new ActionError('invalid', `“${keyword}” is already a keyword of ${label}.`, { keyword: `Already a keyword of ${label}.` });
  // Insert into the source text, so the rest of the file (comments, layout) stays byte for byte.
  const seq = list as YAMLSeq;
  const end = seq.range?.[1];
  const close = seq.flow && end !== undefined ? text.lastIndexOf(']', end) : -1;
  if (close < 0) {
    seq.add(doc.createNode(keyword));
    return { text: doc.toString({ lineWidth: 0 }), language };
  }
  const plain = /^[^\s,[\]{}:#'"&*!|>%@`?-][^,[\]{}:#'"]*$/.test(keyword) && !/\s$/.test(keyword);
  const item = plain ? keyword : JSON.stringify(keyword);
  const sep = seq.items.length > 0 ? ', ' : '';
  return { text: `${text.slice(0, close).replace(/\s*$/, '')}${sep}${item}${text.slice(close)}`, language };
}

export interface TaxonomyKeywordsOptions {
  prisma: PrismaClient;
  /** The taxonomy folder in use (FRONTLINE_INTENTS_DIR, or the built-in intents/). */
  dir: string;
  now: () => Date;
  /** Called with the new taxonomy once the keyword is written (reload the triager, the modals' choices). */
  onChange?: (taxonomy: Taxonomy) => void;
  /** Where built classifiers are cached (false: always build). */
  cacheDir?: string | false;
}

export class TaxonomyKeywords implements KeywordWriter {
  constructor(private readonly options: TaxonomyKeywordsOptions) {}

  async add(actorId: string, kind: TagKind, label: string, keyword: string, fromItemId?: number): Promise<{ retagged: number }> {
    const clean = keyword.normalize('NFKC').replace(/\s+/g, ' ').trim();
    if ([...clean].length < 2 || [...clean].length > 60) throw new ActionError('invalid', 'A keyword needs 2 to 60 characters.', { keyword: 'A keyword needs 2 to 60 characters.' });
    const { dir } = this.options;
    let written: { file: string; before: string; language: string } | undefined;
    for (const source of readTaxonomySources(dir)) {
      if (!/\.ya?ml$/i.test(source.file)) continue; // the labelled sets hold no keywords
      const changed = addKeywordToYaml(source.text, kind, label, clean);
      if (!changed) continue;
      atomicWrite(join(dir, source.file), changed.text);
      written = { file: source.file, before: source.text, language: changed.language };
      break;
    }
    if (!written) throw new ActionError('stale', `The taxonomy in use has no ${kind} “${label}” any more.`, { label: 'This tag no longer exists; choose another.' });
    let taxonomy: Taxonomy;
    try {
      taxonomy = readTaxonomy(dir);
    } catch (error) {
      atomicWrite(join(dir, written.file), written.before); // leave the taxonomy as it was
      const why = error instanceof TaxonomyError ? error.message : String(error);
      throw new ActionError('invalid', `That keyword would break the taxonomy (${why}); nothing was changed.`, { keyword: 'This keyword cannot be added.' });
    }
    // The label's rules, compiled once: which stored reports the keyword now matches.
    const rules = compileRules(taxonomy);
    const index = rules.labels.findIndex((l) => l.kind === kind && l.id === label);
    const hitIn = (folded: string) => applyRules(rules, folded).hits.find((h) => h.label === index);
    const example = fromItemId === undefined ? 0 : await this.labelExample(hitIn, kind, label, actorId, fromItemId);
    const retagged = example + (await this.retag(hitIn, kind, label, actorId));
    await appendAudit(this.options.prisma, {
      actorId,
      action: 'taxonomy.keyword',
      subject: `taxonomy:${kind}:${label}`,
      before: null,
      after: { keyword: clean, language: written.language, file: written.file, retagged },
      at: this.options.now(),
    });
    this.options.onChange?.(taxonomy);
    return { retagged };
  }

  /** Labels the report the keyword came from (when the keyword matches it and it has no such tag): 1 when labelled. */
  private async labelExample(hitIn: HitIn, kind: TagKind, label: string, actorId: string, itemId: number): Promise<number> {
    const { prisma } = this.options;
    const item = await prisma.feedbackItem.findUnique({ where: { id: itemId }, select: { text: true, status: true, tags: { where: { kind }, select: { id: true } } } });
    if (!item || item.status === 'deleted' || item.tags.length > 0) return 0;
    if (!hitIn(normalize(item.text).folded)) return 0;
    const at = this.options.now();
    await prisma.$transaction((tx) => labelItems(tx, [itemId], { [kind]: label }, actorId, at));
    return 1;
  }

  /** Tags every stored report the label's rules now match and the rebuilt classifier agrees on. */
  private async retag(hitIn: HitIn, kind: TagKind, label: string, actorId: string): Promise<number> {
    const { prisma } = this.options;
    const human = await readHumanExamples(prisma);
    // Train on a worker thread (seconds) so the bot keeps answering; loading then reads the cache.
    if (this.options.cacheDir !== false) await TriagePool.prebuild(this.options.dir, human, this.options.cacheDir);
    const { classifier } = loadClassifier({ dir: this.options.dir, human, ...(this.options.cacheDir !== undefined ? { cacheDir: this.options.cacheDir } : {}) });
    const at = this.options.now();
    let retagged = 0;
    for (let after = 0; ; ) {
      const rows = await prisma.feedbackItem.findMany({
        where: { id: { gt: after }, status: { not: 'deleted' } },
        orderBy: { id: 'asc' },
        take: 2000,
        select: { id: true, text: true, tags: { where: { kind, label }, select: { id: true } } },
      });
      if (rows.length === 0) break;
      after = rows.at(-1)!.id;
      for (const row of rows) {
        if (row.tags.length > 0) continue;
        const folded = normalize(row.text).folded;
        if (!hitIn(folded)) continue;
        const tag = classify(row.text, folded, classifier).tags.find((t) => t.kind === kind && t.label === label);
        if (!tag) continue;
        await prisma.$transaction([
          prisma.tagAssignment.create({ data: { itemId: row.id, kind, label, origin: tag.origin, confidence: tag.confidence, matched: JSON.stringify(tag.reasons), actorId, createdAt: at } }),
          prisma.feedbackItem.update({ where: { id: row.id }, data: { unclassified: false } }),
        ]);
        retagged++;
      }
    }
    return retagged;
  }
}

function atomicWrite(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
