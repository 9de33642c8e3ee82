// The built-in taxonomy on hand-written labelled sets:
// - intents/labelled/dev and dev-2 to dev-15: the development set the
//   keywords were first tuned on, and fourteen earlier blind holdouts, retired
//   once a newer blind set was written. They (and train-4 to train-44,
//   written as training data) train the learned model, so their
//   figures are in-sample: the issue's targets on dev, and floors on the
//   others, guard against regressions in the rules, the training and the
//   calibration;
// - test/fixtures/taxonomy-holdout-15 to -18: each written blind by someone who
//   never saw the keywords, the model or the sets above, and never trained or
//   tuned on.
//   Where the issue's targets (per-label precision ≥ 0.9 and recall ≥ 0.8,
//   flags, twins identical, chit-chat unclassified) are NOT met there yet, the
//   assertions are `it.fails`, so the day they pass the test says so and they
//   become plain `it`. Floors at the measured level catch regressions meanwhile.
//   `frontline taxonomy eval test/fixtures/taxonomy-holdout-15` prints the figures.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Converter as fromSimplified } from 'opencc-js/cn2t';
import { Converter as fromTraditional } from 'opencc-js/t2cn';
import { BUILT_IN_INTENTS_DIR, readTaxonomy } from '../../src/store/taxonomy-files.js';
import { buildClassifier, triage, type Classifier } from '../../src/triage/classify.js';
import { evaluateSet, scoreLabels, type EvalItem, type SetReport } from '../../src/triage/suggest.js';
import { parseLabelledLines } from '../../src/triage/taxonomy.js';
import type { TriageResult } from '../../src/triage/types.js';
import { BUILD_TIMEOUT } from '../support/timeouts.js';

/** A labelled set: `labelled/dev` lives in the taxonomy, `taxonomy-holdout-15` among the test fixtures. */
function readSet(name: string): EvalItem[] {
  const dir = name.startsWith('labelled/') ? join(BUILT_IN_INTENTS_DIR, name) : join(import.meta.dirname, '../fixtures', name);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) => parseLabelledLines(f, readFileSync(join(dir, f), 'utf8')));
}

/** Labels need this many expected items in a set before precision/recall on them means anything. */
const MIN_SUPPORT = 5;

/** What must match between two scripts of one complaint: tags with their confidences, flags, and unclassified. */
const sameness = (r: TriageResult) => ({
  tags: r.tags.map((t) => [t.label, t.confidence]),
  flags: r.flags.map((f) => f.flag).sort(),
  unclassified: r.unclassified,
});

let classifier: Classifier;
beforeAll(() => {
  classifier = buildClassifier(readTaxonomy());
}, BUILD_TIMEOUT);

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
    for (const [twin, pair] of byTwin) {
      expect(pair.length, twin).toBe(2);
      expect(sameness(pair[1]!), `${twin}: ${pair[0]!.redacted} / ${pair[1]!.redacted}`).toEqual(sameness(pair[0]!));
    }
  });

  it('leaves chit-chat unclassified', () => {
    const chat = results.filter(({ item }) => item.products.length + item.issues.length + item.flags.length === 0 && !item.also?.length);
    expect(chat.length).toBeGreaterThanOrEqual(10);
    for (const { item, result } of chat) {
      expect(result.unclassified, item.text).toBe(true);
      expect(result.flags, item.text).toEqual([]);
    }
  });
}

describe('built-in taxonomy on the development set (tuned and trained on: a regression guard)', () => {
  evaluate('labelled/dev', { precision: 0.9, recall: 0.8, flags: 0.8 });
});

interface Floors {
  labels: number;
  flags: number;
  twins: number;
  /** Share of chit-chat lines left unclassified. */
  chitchat: number;
}

/**
 * Floors at the measured level, as regression guards. Returns the set's
 * report (once evaluated) for further assertions.
 */
function aboveFloors(name: string, floors: Floors): () => SetReport {
  const items = readSet(name) as Parameters<typeof evaluateSet>[0];
  let report: SetReport;
  beforeAll(() => {
    report = evaluateSet(items, classifier);
  });

  it('has at least 300 items over en, zh-Hant and zh-Hans and exercises every label', () => {
    expect(items.length).toBeGreaterThanOrEqual(300);
    for (const lang of ['en', 'zh-Hant', 'zh-Hans']) expect(items.filter((i) => i.lang === lang).length).toBeGreaterThan(50);
    expect(supported(report).map((r) => r.label).sort()).toEqual(classifier.rules.labels.map((l) => l.id).sort());
  });

  it('stays above the measured floor (a regression guard, not the target)', () => {
    for (const r of supported(report)) {
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
  return () => report;
}

const supported = (report: SetReport) => report.labels.filter((r) => r.tp + r.fn >= MIN_SUPPORT);

describe('built-in taxonomy on the retired first holdout (tuned and trained on since)', () => {
  // Measured with the models trained on it: lowest label P/R 0.938
  // (accessibility_elderly), flags 0.861 (compliance precision), twins 38/39, chit-chat 29/29.
  aboveFloors('labelled/dev-2', { labels: 0.9, flags: 0.8, twins: 0.85, chitchat: 1 });
});

describe('built-in taxonomy on the retired second holdout (tuned and trained on since)', () => {
  // Measured with the models trained on it: lowest label P/R 0.931
  // (card_declined_blocked), flags 0.947 (compliance precision), twins 35/40, chit-chat 31/31.
  aboveFloors('labelled/dev-3', { labels: 0.9, flags: 0.8, twins: 0.8, chitchat: 1 });
});

describe('built-in taxonomy on the retired third holdout (tuned and trained on since)', () => {
  // Measured with the models trained on it: lowest label P/R 0.967
  // (deposits_accounts recall), flags 0.941 (compliance recall), twins 32/40, chit-chat 31/31.
  aboveFloors('labelled/dev-4', { labels: 0.9, flags: 0.8, twins: 0.75, chitchat: 1 });
});

describe('built-in taxonomy on the retired fifth holdout (tuned and trained on since)', () => {
  // Measured with the models trained on it: lowest label P/R 0.915
  // (branch_atm recall), flags 0.831 (compliance recall), twins 19/20, chit-chat 28/28.
  aboveFloors('labelled/dev-5', { labels: 0.85, flags: 0.75, twins: 0.85, chitchat: 1 });
});

describe('built-in taxonomy on the retired sixth holdout (tuned and trained on since)', () => {
  // Measured with the models trained on it: lowest label P/R 0.879
  // (transaction_failed precision: 4 false positives; 0.923, account_opening_kyc
  // precision, before train-28 and -29), flags 0.91 (major_risk precision), twins 19/20, chit-chat 28/28.
  aboveFloors('labelled/dev-6', { labels: 0.85, flags: 0.85, twins: 0.85, chitchat: 1 });
});

describe('built-in taxonomy on the retired fourth holdout (trained on since)', () => {
  // Measured with the models trained on it: lowest label P/R 0.95
  // (payments_transfers precision), flags 0.88 (compliance precision), twins
  // 40/40, chit-chat 32/32. Its last blind look scored 15 of 21 labels, 0.930.
  aboveFloors('labelled/dev-7', { labels: 0.9, flags: 0.85, twins: 0.9, chitchat: 1 });
});

describe('built-in taxonomy on the retired seventh holdout (trained on since)', () => {
  // Measured with the models trained on it: lowest label P/R 0.93 (wealth
  // precision), flags 0.88 (compliance precision), twins 20/20, chit-chat
  // 28/28. Its last blind look with the data then shipped scored 7 of 21
  // labels, macro-F1 0.845.
  aboveFloors('labelled/dev-8', { labels: 0.9, flags: 0.85, twins: 0.9, chitchat: 1 });
});

describe('built-in taxonomy on the retired eighth holdout (trained on since)', () => {
  // Measured with the models trained on it: lowest label P/R 0.917
  // (payments_transfers recall), flags 0.89 (compliance precision), twins
  // 19/20, chit-chat 28/28. Its last blind look with the data then shipped
  // scored 8 of 21 labels, macro-F1 0.850.
  aboveFloors('labelled/dev-9', { labels: 0.9, flags: 0.85, twins: 0.9, chitchat: 1 });
});

describe('built-in taxonomy on the retired ninth holdout (trained on since)', () => {
  // Measured with the models trained on it: lowest label P/R 0.887
  // (digital_channels recall), flags 0.866 (compliance precision), twins
  // 17/20, chit-chat 30/30. Its last blind look with the data then shipped
  // scored 5 of 21 labels, macro-F1 0.797.
  aboveFloors('labelled/dev-10', { labels: 0.85, flags: 0.85, twins: 0.8, chitchat: 1 });
});

describe('built-in taxonomy on the retired tenth holdout (trained on since)', () => {
  // Measured with the models trained on it: lowest label P/R 0.87 (wealth
  // recall), flags 0.96 (major_risk precision), twins 18/20, chit-chat
  // 30/30. Its last blind look with the data then shipped scored 4 of 21
  // labels, macro-F1 0.808.
  aboveFloors('labelled/dev-11', { labels: 0.85, flags: 0.9, twins: 0.85, chitchat: 1 });
});

describe('built-in taxonomy on the retired eleventh holdout (trained on since)', () => {
  // Measured with the models trained on it: lowest label P/R 0.97, flags
  // 0.89 (compliance precision), twins 19/20, chit-chat 30/30. Its last
  // blind look with the data then shipped scored 8 of 21 labels, macro-F1
  // 0.827.
  aboveFloors('labelled/dev-12', { labels: 0.9, flags: 0.85, twins: 0.9, chitchat: 1 });
});

describe('built-in taxonomy on the retired twelfth holdout (trained on since)', () => {
  // Measured with the models trained on it: every label P/R 1.00, flags
  // 0.80 (compliance precision), twins 20/20, chit-chat 30/30. Its last
  // blind look with the data then shipped scored 6 of 21 labels, macro-F1
  // 0.816.
  aboveFloors('labelled/dev-13', { labels: 0.9, flags: 0.75, twins: 0.9, chitchat: 1 });
});

describe('built-in taxonomy on the retired thirteenth holdout (trained on since)', () => {
  // Measured with the models trained on it: every label P/R 1.00, flags
  // 0.92 (compliance precision), twins 20/20, chit-chat 30/30. Its last
  // blind look with the data then shipped scored 8 of 21 labels, macro-F1
  // 0.838.
  aboveFloors('labelled/dev-14', { labels: 0.9, flags: 0.85, twins: 0.9, chitchat: 1 });
});

describe('built-in taxonomy on the retired fourteenth holdout (trained on since)', () => {
  // Measured with the models trained on it: lowest label P/R 0.93 (app_bug
  // precision), flags 0.82 (major_risk precision), twins 19/20, chit-chat
  // 30/30. Its last blind look with the data then shipped scored 11 of 21
  // labels, macro-F1 0.861.
  aboveFloors('labelled/dev-15', { labels: 0.9, flags: 0.8, twins: 0.9, chitchat: 1 });
});

type Target = 'labels' | 'flags' | 'twins' | 'chitchat';

/**
 * The taxonomy target on a blind set: plain tests for the targets `met`, and
 * expected failures for the rest (the day one passes, its `it.fails` fails:
 * move it to `met`).
 */
function targets(report: () => SetReport, met: readonly Target[] = []): void {
  const check = (target: Target, name: string, body: () => void) =>
    met.includes(target) ? it(`TARGET (met): ${name}`, body) : it.fails(`TARGET (not met yet): ${name}`, body);

  check('labels', 'precision ≥ 0.9 and recall ≥ 0.8 for every product and issue', () => {
    const weak = supported(report()).filter((r) => r.precision < 0.9 || r.recall < 0.8);
    expect(weak).toEqual([]);
  });

  check('flags', 'must-do flags with precision and recall ≥ 0.8', () => {
    expect(report().flags.filter((f) => f.precision < 0.8 || f.recall < 0.8)).toEqual([]);
  });

  check('twins', 'zh-Hant/zh-Hans twins get identical tags and confidences', () => {
    expect(report().twins.differing).toEqual([]);
  });

  check('chitchat', 'chit-chat comes out unclassified', () => {
    expect(report().chitchat.unclassified).toBe(report().chitchat.items);
  });
}

describe('built-in taxonomy on the fifteenth blind holdout (customer voice and staff posts, channels apart from 11 to 14)', () => {
  // Scored sixteen times; its lines were never read. At the first look
  // (dev-11 and multi-label tag models): 7 of 21 labels, macro-F1 0.814,
  // twins 18/20. At the last look (with dev-15, train-35 to train-44 and the
  // flag model at 0.4, as shipped): 9 of 21 labels meet the target,
  // macro-F1 0.837 (0.831 before train-38), mean precision 0.92 and recall
  // 0.77, lowest label P/R 0.61 (feature_request recall; app_bug
  // 0.66/0.62, branch_atm recall 0.62), flags 0.71 (customer_rights recall,
  // 0.67 with the flag model at 0.5; compliance 0.71/0.81), twins 16/20 with
  // the same tags and flags, chit-chat 30/30 (met since train-36).
  targets(aboveFloors('taxonomy-holdout-15', { labels: 0.55, flags: 0.65, twins: 0.7, chitchat: 1 }), ['chitchat']);
});

describe('built-in taxonomy on the sixteenth blind holdout (customer voice and staff posts, channels apart from 11 to 15)', () => {
  // Scored fifteen times; its lines were never read. At the first look (with
  // dev-12, before dev-13): 6 of 21 labels, macro-F1 0.819, twins 11/20. At
  // the last look (with dev-15, train-35 to train-44 and the flag model at
  // 0.4, as shipped): 8 of 21 labels meet the target, macro-F1 0.830, mean
  // precision 0.90 and recall 0.77, lowest label P/R 0.56 (feature_request
  // recall; transaction_failed recall 0.62, waiting_staff_service 0.64),
  // flags 0.68 (compliance precision; customer_rights recall 0.75, 0.70 at
  // 0.5), twins 10/20 with the same tags and flags (between 10 and 13 this
  // session), chit-chat 30/30 (met).
  targets(aboveFloors('taxonomy-holdout-16', { labels: 0.5, flags: 0.6, twins: 0.5, chitchat: 1 }), ['chitchat']);
});

describe('built-in taxonomy on the seventeenth blind holdout (customer voice and staff posts, channels apart from 11 to 16)', () => {
  // Scored fourteen times; its lines were never read. At the first look
  // (with dev-13, before dev-14): 7 of 21 labels, macro-F1 0.816, twins
  // 17/20, chit-chat 26/30. At the last look (with dev-15, train-35 to
  // train-44 and the flag model at 0.4, as shipped): 9 of 21 labels meet the
  // target, macro-F1 0.837 (0.831 before train-38), mean precision 0.92 and
  // recall 0.77, lowest label P/R 0.60 (privacy_data recall; app_bug
  // 0.79/0.61, accessibility_elderly recall 0.62), flags 0.61 (compliance
  // recall; customer_rights recall 0.72, 0.63 at 0.5, major_risk 0.71/0.76),
  // twins 13/20 with the same tags and flags, chit-chat 28/30 (not met: two
  // lines are tagged).
  targets(aboveFloors('taxonomy-holdout-17', { labels: 0.55, flags: 0.55, twins: 0.6, chitchat: 0.9 }));
});

describe('built-in taxonomy on the eighteenth blind holdout (customer voice and staff posts, channels apart from 11 to 17)', () => {
  // Scored ten times; its lines were never read. At the first look (with
  // dev-14 and train-35 to train-37, before dev-15): 9 of 21 labels,
  // macro-F1 0.857, mean precision 0.88 and recall 0.85, twins 16/20,
  // chit-chat 30/30. At the last look (with dev-15, train-35 to train-44
  // and the flag model at 0.4, as shipped): 11 of 21 labels meet the
  // target, macro-F1 0.869, mean precision 0.89 and recall 0.85, lowest
  // label P/R 0.67 (contact_centre recall; waiting_staff_service 0.68/0.81,
  // payments_transfers 0.74/0.74), flags 0.63 (customer_rights recall;
  // compliance 0.71/0.85), twins 16/20 with the same tags and flags,
  // chit-chat 30/30 (met).
  targets(aboveFloors('taxonomy-holdout-18', { labels: 0.6, flags: 0.6, twins: 0.7, chitchat: 1 }), ['chitchat']);
});

describe('the blind holdouts converted between scripts', () => {
  // The twins above are written natively in Taiwan and mainland words; a line
  // that differs only in script must come out exactly the same.
  it('gives every Chinese line, converted by OpenCC to the other script, identical tags, confidences and flags', () => {
    const toSimplified = fromTraditional({ from: 'tw', to: 'cn' });
    const toTraditional = fromSimplified({ from: 'cn', to: 'tw' });
    // Every blind holdout in the fixtures, so retiring one or adding one needs no edit here.
    const holdouts = readdirSync(join(import.meta.dirname, '../fixtures')).filter((d) => d.startsWith('taxonomy-holdout-'));
    expect(holdouts.length).toBeGreaterThanOrEqual(3);
    const lines = holdouts.flatMap(readSet).filter((i) => i.lang !== 'en');
    expect(lines.length).toBeGreaterThan(600);
    let changed = 0;
    for (const { text, lang } of lines) {
      const converted = lang === 'zh-Hant' ? toSimplified(text) : toTraditional(text);
      if (converted !== text) changed++; // a short line may share every character between the scripts
      expect(sameness(triage(converted, classifier)), text).toEqual(sameness(triage(text, classifier)));
    }
    expect(changed).toBeGreaterThan(lines.length * 0.9);
  });
});
