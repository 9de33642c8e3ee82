// Where the taxonomy misses, and what to add: per-label precision/recall over
// labelled texts, and `frontline taxonomy suggest`, which proposes keywords for
// a label from the labelled examples the classifier keeps missing (taxonomy
// examples and labelled sets, plus human corrections). Pure: texts and a
// classifier in, numbers and proposals out.
import { classify, maskNonEvidence, triage, type Classifier } from './classify.js';
import type { LabelledText } from './learned.js';
import { foldText } from './normalize.js';
import { applyRules } from './rules.js';
import type { LabelledItem } from './taxonomy.js';
import { stem } from './tokens.js';
import { TAG_KINDS, type TriageResult } from './types.js';

export interface LabelScore {
  label: string;
  precision: number;
  recall: number;
  tp: number;
  fp: number;
  fn: number;
}

export interface Scored {
  predicted: readonly string[];
  expected: readonly string[];
  /** Defensible labels: predicting them is not a false positive, missing them not a false negative. */
  also?: readonly string[];
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Per-label counts and precision/recall, sorted by label. */
export function scoreLabels(results: readonly Scored[]): LabelScore[] {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const at = (l: string) => {
    let c = counts.get(l);
    if (!c) counts.set(l, (c = { tp: 0, fp: 0, fn: 0 }));
    return c;
  };
  for (const { predicted, expected, also = [] } of results) {
    for (const l of new Set(predicted)) {
      if (expected.includes(l)) at(l).tp++;
      else if (!also.includes(l)) at(l).fp++;
    }
    for (const l of new Set(expected)) if (!predicted.includes(l)) at(l).fn++;
  }
  return [...counts]
    .map(([label, c]) => ({ label, precision: round3(ratio(c.tp, c.tp + c.fp)), recall: round3(ratio(c.tp, c.tp + c.fn)), ...c }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

export interface KeywordSuggestion {
  label: string;
  /** The keyword as it would go into intents/ (as written in the examples). */
  keyword: string;
  /** Missed examples of the label that contain it. */
  missed: number;
  /** Of all examples that contain it, the share labelled with `label`. */
  precision: number;
  /** Up to three of the missed texts, for the reviewer. */
  samples: string[];
}

export interface LabelSuggestions {
  label: string;
  /** Examples labelled with it. */
  examples: number;
  /** Of those, the ones the classifier does not tag with it. */
  missed: number;
  suggestions: KeywordSuggestion[];
}

export interface SuggestOptions {
  /** Only this label. */
  label?: string;
  /** A keyword must appear in at least this many missed examples (default 2). */
  minMissed?: number;
  /** ...and at least this share of all examples containing it must carry the label (default 0.8). */
  minPrecision?: number;
  /** Per label (default 5). */
  limit?: number;
}

const STOP = new Set(
  ('a an the to of in on at for with and or but is are was were be been has have had do does did not no my me i you he she it ' +
    'we they his her its our their this that these those can could will would should if when why how what from by as about so just ' +
    'still again please customer client says said says she he asked today yesterday').split(' '),
);
const HAN_RUN = /[\u3400-\u4dbf\u4e00-\u9fff]+/g;
const LATIN_WORD = /[a-z0-9][a-z0-9'’-]*/g;

/** Candidate keywords of one folded text: key (what makes two candidates the same) → display form. */
function candidates(folded: string): Map<string, string> {
  const out = new Map<string, string>();
  const words = folded.match(LATIN_WORD) ?? [];
  for (let n = 1; n <= 3; n++) {
    for (let i = 0; i + n <= words.length; i++) {
      const gram = words.slice(i, i + n);
      if (STOP.has(gram[0]!) || STOP.has(gram[n - 1]!) || gram.some((w) => /^\d+$/.test(w))) continue;
      if (n === 1 && gram[0]!.length < 3) continue;
      out.set('w:' + gram.map((w) => stem(w.replace(/['’]/g, ''))).join(' '), gram.join(' '));
    }
  }
  for (const run of folded.match(HAN_RUN) ?? []) {
    for (let n = 2; n <= 4; n++) for (let i = 0; i + n <= run.length; i++) out.set('h:' + run.slice(i, i + n), run.slice(i, i + n));
  }
  return out;
}

/**
 * Keywords that would catch the examples of a label the classifier misses:
 * n-grams common in the missed examples and rare in examples of other
 * labels, not already keywords. A reviewer adds them to intents/ by hand.
 */
export function suggestKeywords(
  classifier: Classifier,
  examples: readonly LabelledText[],
  options: SuggestOptions = {},
): LabelSuggestions[] {
  const { minMissed = 2, minPrecision = 0.8, limit = 5 } = options;
  const rules = classifier.rules;
  const known = new Set(rules.patterns);
  const prepared = examples.map((e) => {
    const folded = foldText(e.text);
    const canonical = applyRules(rules, maskNonEvidence(folded)).canonical;
    const tagged = new Set(classify(e.text, folded, classifier).tags.map((t) => t.label));
    // Only the kinds the example speaks for (a product-only correction says nothing of issues).
    const kinds = e.known ?? TAG_KINDS;
    const labels = new Set([...(kinds.includes('product') ? e.products : []), ...(kinds.includes('issue') ? e.issues : [])]);
    return { example: e, labels, tagged, grams: candidates(canonical) };
  });
  // How many examples contain each candidate, and how many of those carry each label.
  const containing = new Map<string, number>();
  const withLabel = new Map<string, number>();
  for (const p of prepared) {
    for (const key of p.grams.keys()) {
      containing.set(key, (containing.get(key) ?? 0) + 1);
      for (const l of p.labels) withLabel.set(`${l}\0${key}`, (withLabel.get(`${l}\0${key}`) ?? 0) + 1);
    }
  }
  const out: LabelSuggestions[] = [];
  const labels = rules.labels.map((l) => l.id).filter((id) => options.label === undefined || id === options.label);
  for (const label of labels) {
    const labelled = prepared.filter((p) => p.labels.has(label));
    const missed = labelled.filter((p) => !p.tagged.has(label));
    const tally = new Map<string, { display: string; missed: number; samples: string[] }>();
    for (const p of missed) {
      for (const [key, display] of p.grams) {
        if (known.has(display)) continue;
        const t = tally.get(key) ?? { display, missed: 0, samples: [] };
        t.missed++;
        if (t.samples.length < 3) t.samples.push(p.example.text);
        tally.set(key, t);
      }
    }
    const ranked = [...tally]
      .map(([key, t]) => ({ key, ...t, precision: (withLabel.get(`${label}\0${key}`) ?? 0) / (containing.get(key) ?? 1) }))
      .filter((t) => t.missed >= minMissed && t.precision >= minPrecision)
      .sort((a, b) => b.missed - a.missed || b.precision - a.precision || b.display.length - a.display.length);
    const chosen: typeof ranked = [];
    for (const t of ranked) {
      // A shorter n-gram inside a chosen one, found in as many examples, adds nothing.
      if (chosen.some((c) => c.display.includes(t.display) && c.missed >= t.missed)) continue;
      chosen.push(t);
      if (chosen.length >= limit) break;
    }
    out.push({
      label,
      examples: labelled.length,
      missed: missed.length,
      suggestions: chosen.map((t) => ({ label, keyword: t.display, missed: t.missed, precision: round3(t.precision), samples: t.samples })),
    });
  }
  return out;
}

/** One line of a labelled set (intents/labelled/*, test/fixtures/taxonomy-holdout-*). */
export type EvalItem = LabelledItem;

export interface SetReport {
  items: number;
  labels: LabelScore[];
  flags: LabelScore[];
  twins: { pairs: number; sameTags: number; sameConfidences: number; differing: string[] };
  chitchat: { items: number; unclassified: number };
}

/** Per-label and per-flag figures, twin agreement and chit-chat on a labelled set. */
export function evaluateSet(items: readonly EvalItem[], classifier: Classifier): SetReport {
  const results = items.map((item) => ({ item, result: triage(item.text, classifier) }));
  const labels = scoreLabels(
    results.map(({ item, result }) => ({ predicted: result.tags.map((t) => t.label), expected: [...item.products, ...item.issues], also: item.also ?? [] })),
  );
  const flags = scoreLabels(results.map(({ item, result }) => ({ predicted: result.flags.map((f) => f.flag), expected: item.flags, also: item.also ?? [] })));
  const byTwin = new Map<string, TriageResult[]>();
  for (const { item, result } of results) if (item.twin) byTwin.set(item.twin, [...(byTwin.get(item.twin) ?? []), result]);
  const twins = { pairs: 0, sameTags: 0, sameConfidences: 0, differing: [] as string[] };
  for (const [twin, pair] of byTwin) {
    if (pair.length !== 2) continue;
    twins.pairs++;
    // The same set of tags and flags; tags listed in the same order with the same confidences.
    const key = (r: TriageResult, withConfidence: boolean) =>
      JSON.stringify(withConfidence ? [r.tags.map((t) => [t.label, t.confidence]), r.flags.map((f) => f.flag).sort()] : [r.tags.map((t) => t.label).sort(), r.flags.map((f) => f.flag).sort()]);
    if (key(pair[0]!, false) === key(pair[1]!, false)) twins.sameTags++;
    if (key(pair[0]!, true) === key(pair[1]!, true)) twins.sameConfidences++;
    else twins.differing.push(twin);
  }
  const chat = results.filter(({ item }) => item.products.length + item.issues.length + item.flags.length === 0 && !item.also?.length);
  return { items: items.length, labels, flags, twins, chitchat: { items: chat.length, unclassified: chat.filter((c) => c.result.unclassified).length } };
}

