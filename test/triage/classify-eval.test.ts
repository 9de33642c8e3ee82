// The built-in taxonomy on three hand-written sets:
// - test/fixtures/taxonomy-dev: the development set the keywords were tuned
//   on (so its figures are optimistic): the issue's targets hold there and
//   guard against regressions;
// - test/fixtures/taxonomy-dev-2: the first blind holdout, retired once its
//   misses were reviewed and tuned on (commit c24a20c): floors only;
// - test/fixtures/taxonomy-holdout-2: written blind, before that tuning, by
//   someone who never saw the keywords. The issue's targets (per-label
//   precision ≥ 0.9 and recall ≥ 0.8, flags, twins identical, chit-chat
//   unclassified) are NOT all met there yet: those assertions are `it.fails`,
//   so the day they pass the test says so and they become plain `it`. Floors
//   at the measured level catch regressions meanwhile.
//   `frontline taxonomy eval test/fixtures/taxonomy-holdout-2` prints the figures.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTaxonomy } from '../../src/store/taxonomy-files.js';
import { buildClassifier, triage, type Classifier } from '../../src/triage/classify.js';
import { evaluateSet, scoreLabels, type EvalItem, type SetReport } from '../../src/triage/suggest.js';
import type { TriageResult } from '../../src/triage/types.js';

function readSet(name: string): EvalItem[] {
  const dir = join(import.meta.dirname, '../fixtures', name);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as EvalItem));
}

/** Labels need this many expected items in a set before precision/recall on them means anything. */
const MIN_SUPPORT = 5;

let classifier: Classifier;
beforeAll(() => {
  classifier = buildClassifier(readTaxonomy());
});

function evaluate(name: string, targets: { precision: number; recall: number; flags: number }): void {
  const items = readSet(name);
  let results: { item: EvalItem; result: TriageResult }[];
  beforeAll(() => {
    results = items.map((item) => ({ item, result: triage(item.text, classifier) }));
  });

  it('has at least 300 items over en, zh-Hant and zh-Hans', () => {
    expect(items.length).toBeGreaterThanOrEqual(300);
    for (const lang of ['en', 'zh-Hant', 'zh-Hans']) expect(items.filter((i) => i.lang === lang).length).toBeGreaterThan(50);
  });

  it(`reaches precision ≥ ${targets.precision} and recall ≥ ${targets.recall} for every product and issue with support ≥ ${MIN_SUPPORT}`, () => {
    const report = scoreLabels(
      results.map(({ item, result }) => ({
        predicted: result.tags.map((t) => t.label),
        expected: [...item.products, ...item.issues],
        also: item.also ?? [],
      })),
    );
    const labels = classifier.rules.labels.map((l) => l.id);
    // Every taxonomy label is exercised by the set, and no unknown label appears.
    const supported = report.filter((r) => r.tp + r.fn >= MIN_SUPPORT).map((r) => r.label);
    expect(supported.sort(), 'labels with enough support').toEqual([...labels].sort());
    const weak = report.filter((r) => r.precision < targets.precision || r.recall < targets.recall);
    expect(weak, JSON.stringify(report)).toEqual([]);
  });

  it(`raises the must-do flags with precision and recall ≥ ${targets.flags}`, () => {
    const report = scoreLabels(results.map(({ item, result }) => ({ predicted: result.flags.map((f) => f.flag), expected: item.flags })));
    expect(report.length).toBeGreaterThan(0);
    for (const s of report) {
      expect(s.precision, `${s.label} precision ${JSON.stringify(s)}`).toBeGreaterThanOrEqual(targets.flags);
      expect(s.recall, `${s.label} recall ${JSON.stringify(s)}`).toBeGreaterThanOrEqual(targets.flags);
    }
  });

  it('gives the same complaint in zh-Hant and zh-Hans identical tags, confidences and flags', () => {
    const byTwin = new Map<string, TriageResult[]>();
    for (const { item, result } of results) if (item.twin) byTwin.set(item.twin, [...(byTwin.get(item.twin) ?? []), result]);
    expect(byTwin.size).toBeGreaterThanOrEqual(15);
    const view = (r: TriageResult) => ({
      tags: r.tags.map((t) => [t.label, t.confidence]),
      flags: r.flags.map((f) => f.flag).sort(),
      unclassified: r.unclassified,
    });
    for (const [twin, pair] of byTwin) {
      expect(pair.length, twin).toBe(2);
      expect(view(pair[1]!), `${twin}: ${pair[0]!.redacted} / ${pair[1]!.redacted}`).toEqual(view(pair[0]!));
    }
  });

  it('leaves chit-chat unclassified', () => {
    const chat = results.filter(({ item }) => item.products.length + item.issues.length + item.flags.length === 0 && !item.also?.length);
    expect(chat.length).toBeGreaterThanOrEqual(10);
    for (const { item, result } of chat) expect(result.unclassified, item.text).toBe(true);
  });
}

describe('built-in taxonomy on the development set (tuned on: a regression guard)', () => {
  evaluate('taxonomy-dev', { precision: 0.9, recall: 0.8, flags: 0.8 });
});

interface Floors {
  labels: number;
  flags: number;
  twins: number;
  /** Share of chit-chat lines left unclassified. */
  chitchat: number;
}

/**
 * A set the targets are not met on yet: floors as regression guards, the
 * targets as expected failures. Returns the set's report (once evaluated) for
 * further assertions.
 */
function belowTarget(name: string, floors: Floors): () => SetReport {
  const items = readSet(name) as Parameters<typeof evaluateSet>[0];
  let report: SetReport;
  beforeAll(() => {
    report = evaluateSet(items, classifier);
  });
  const supported = () => report.labels.filter((r) => r.tp + r.fn >= MIN_SUPPORT);

  it('has at least 300 items over en, zh-Hant and zh-Hans and exercises every label', () => {
    expect(items.length).toBeGreaterThanOrEqual(300);
    for (const lang of ['en', 'zh-Hant', 'zh-Hans']) expect(items.filter((i) => i.lang === lang).length).toBeGreaterThan(50);
    expect(supported().map((r) => r.label).sort()).toEqual(classifier.rules.labels.map((l) => l.id).sort());
  });

  it('stays above the measured floor (a regression guard, not the target)', () => {
    for (const r of supported()) {
      expect(r.precision, JSON.stringify(r)).toBeGreaterThanOrEqual(floors.labels);
      expect(r.recall, JSON.stringify(r)).toBeGreaterThanOrEqual(floors.labels);
    }
    for (const f of report.flags) {
      expect(f.precision, JSON.stringify(f)).toBeGreaterThanOrEqual(floors.flags);
      expect(f.recall, JSON.stringify(f)).toBeGreaterThanOrEqual(floors.flags);
    }
    expect(report.twins.sameTags / report.twins.pairs).toBeGreaterThanOrEqual(floors.twins);
    expect(report.chitchat.items).toBeGreaterThanOrEqual(20);
    expect(report.chitchat.unclassified / report.chitchat.items).toBeGreaterThanOrEqual(floors.chitchat);
  });

  it.fails('TARGET (not met yet): precision ≥ 0.9 and recall ≥ 0.8 for every product and issue', () => {
    const weak = supported().filter((r) => r.precision < 0.9 || r.recall < 0.8);
    expect(weak).toEqual([]);
  });

  it.fails('TARGET (not met yet): must-do flags with precision and recall ≥ 0.8', () => {
    expect(report.flags.filter((f) => f.precision < 0.8 || f.recall < 0.8)).toEqual([]);
  });

  it.fails('TARGET (not met yet): zh-Hant/zh-Hans twins get identical tags and confidences', () => {
    expect(report.twins.differing).toEqual([]);
  });
  return () => report;
}

describe('built-in taxonomy on the retired first holdout (tuned on since)', () => {
  // Measured at c24a20c: lowest label P/R 0.788, flags 0.765, twins 32/39, chit-chat 29/29.
  belowTarget('taxonomy-dev-2', { labels: 0.75, flags: 0.7, twins: 0.8, chitchat: 1 });
});

describe('built-in taxonomy on the blind holdout set', () => {
  // Measured at c24a20c: lowest label P/R 0.667 (unclear_disclosure), flags
  // 0.647 (customer_rights recall), twins 29/40, chit-chat 30/31.
  const report = belowTarget('taxonomy-holdout-2', { labels: 0.6, flags: 0.6, twins: 0.7, chitchat: 0.95 });

  it.fails('TARGET (not met yet): chit-chat comes out unclassified', () => {
    expect(report().chitchat.unclassified).toBe(report().chitchat.items);
  });
});
