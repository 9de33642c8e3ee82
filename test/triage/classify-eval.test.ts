// The built-in taxonomy against the held-out set in test/fixtures/taxonomy-eval
// (written before the keywords were tuned): per-label precision ≥ 0.9 and
// recall ≥ 0.8, identical tags for zh-Hant/zh-Hans twins, chit-chat unclassified.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTaxonomy } from '../../src/store/taxonomy-files.js';
import { buildClassifier, triage, type Classifier } from '../../src/triage/classify.js';
import type { TriageResult } from '../../src/triage/types.js';

interface EvalItem {
  id: string;
  lang: string;
  text: string;
  products: string[];
  issues: string[];
  flags: string[];
  also?: string[];
  twin?: string;
}

const dir = join(import.meta.dirname, '../fixtures/taxonomy-eval');
const items: EvalItem[] = readdirSync(dir)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as EvalItem));

interface Score {
  tp: number;
  fp: number;
  fn: number;
}

/** Per-label counts; `also` labels are neither false positives nor false negatives. */
export function scoreLabels(results: { item: EvalItem; predicted: string[]; expected: string[] }[]): Map<string, Score> {
  const scores = new Map<string, Score>();
  const at = (l: string) => scores.get(l) ?? (scores.set(l, { tp: 0, fp: 0, fn: 0 }), scores.get(l)!);
  for (const { item, predicted, expected } of results) {
    const also = new Set(item.also ?? []);
    for (const l of predicted) if (expected.includes(l)) at(l).tp++; else if (!also.has(l)) at(l).fp++;
    for (const l of expected) if (!predicted.includes(l)) at(l).fn++;
  }
  return scores;
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

describe('built-in taxonomy on the held-out set', () => {
  let classifier: Classifier;
  let results: { item: EvalItem; result: TriageResult }[];
  beforeAll(() => {
    classifier = buildClassifier(readTaxonomy());
    results = items.map((item) => ({ item, result: triage(item.text, classifier) }));
  });

  it('has at least 300 items over en, zh-Hant and zh-Hans', () => {
    expect(items.length).toBeGreaterThanOrEqual(300);
    for (const lang of ['en', 'zh-Hant', 'zh-Hans']) expect(items.filter((i) => i.lang === lang).length).toBeGreaterThan(50);
  });

  it('reaches precision ≥ 0.9 and recall ≥ 0.8 for every product and issue', () => {
    const scores = scoreLabels(
      results.map(({ item, result }) => ({ item, predicted: result.tags.map((t) => t.label), expected: [...item.products, ...item.issues] })),
    );
    const report = [...scores].map(([label, s]) => ({ label, precision: ratio(s.tp, s.tp + s.fp), recall: ratio(s.tp, s.tp + s.fn), ...s }));
    const weak = report.filter((r) => r.precision < 0.9 || r.recall < 0.8);
    expect(weak, JSON.stringify(report, null, 1)).toEqual([]);
    expect(report.length).toBe(21);
  });

  it('raises the must-do flags with precision and recall ≥ 0.8', () => {
    const scores = scoreLabels(results.map(({ item, result }) => ({ item, predicted: result.flags.map((f) => f.flag), expected: item.flags })));
    for (const [flag, s] of scores) {
      expect(ratio(s.tp, s.tp + s.fp), `${flag} precision`).toBeGreaterThanOrEqual(0.8);
      expect(ratio(s.tp, s.tp + s.fn), `${flag} recall`).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('gives the same complaint in zh-Hant and zh-Hans identical tags and flags', () => {
    const byTwin = new Map<string, TriageResult[]>();
    for (const { item, result } of results) if (item.twin) byTwin.set(item.twin, [...(byTwin.get(item.twin) ?? []), result]);
    expect(byTwin.size).toBeGreaterThanOrEqual(30);
    for (const [twin, [a, b]] of byTwin) {
      const view = (r: TriageResult) => ({ tags: r.tags.map((t) => [t.label, t.confidence]), flags: r.flags.map((f) => f.flag).sort(), unclassified: r.unclassified });
      expect(view(b!), `${twin}: ${a!.redacted} / ${b!.redacted}`).toEqual(view(a!));
    }
  });

  it('leaves chit-chat unclassified', () => {
    const chat = results.filter(({ item }) => item.products.length + item.issues.length + item.flags.length === 0 && !item.also);
    expect(chat.length).toBeGreaterThanOrEqual(20);
    for (const { item, result } of chat) expect(result.unclassified, item.text).toBe(true);
  });
});
