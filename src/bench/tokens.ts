// Bench section `tokens`: which Chinese tokenisation should tokenize() use?
// Speed: items/s, one text at a time, on BQ corpus sentences (Chinese) and
// BANKING77 train texts (English, the classifier's 50k items/s path).
// Quality: on the BQ corpus dev pairs (same question or not), cosine of the
// two token sets (binary and TF-IDF weighted), accuracy at the best threshold.
// Needs --datasets (a path to ../shared/datasets); without it, it reports
// speed on a small built-in sample only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { BenchOptions, BenchSection } from './section.js';
import { foldText } from '../triage/normalize.js';
import { tokenize, tokenizeWith, type ChineseMode } from '../triage/tokens.js';

const MODES: ChineseMode[] = ['words', 'bigrams', 'chars+bigrams', 'words+bigrams'];

const SAMPLE_ZH = ['ATM 吞卡了，怎麼辦？', '手续费怎么又涨了', '網銀轉帳失敗，簡訊驗證碼收不到', '信用卡年费可以免吗'];
const SAMPLE_EN = ['I am still waiting on my card?', 'Why was I charged a fee for my transfer?'];

interface Pair {
  a: string;
  b: string;
  same: boolean;
}

function readCsv(path: string): Record<string, string>[] {
  return parse(readFileSync(path, 'utf8'), { columns: true, bom: true, skip_empty_lines: true, relax_quotes: true });
}

/** Sink for results, so the JIT cannot drop the work being timed. */
let sink = 0;

function itemsPerSecond(texts: string[], fn: (t: string) => { length: number }, minMs: number): number {
  for (const t of texts.slice(0, 200)) sink += fn(t).length; // warm caches and the JIT
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (const t of texts) sink += fn(t).length;
    n += texts.length;
    elapsed = performance.now() - start;
  } while (elapsed < minMs);
  return Math.round((n / elapsed) * 1000);
}

function counts(tokens: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of tokens) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of a) {
    na += v * v;
    const w = b.get(k);
    if (w !== undefined) dot += v * w;
  }
  for (const v of b.values()) nb += v * v;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Best accuracy over all thresholds: sort by score, sweep once. */
function bestThresholdAccuracy(scores: number[], labels: boolean[]): { accuracy: number; threshold: number } {
  const idx = scores.map((_, i) => i).sort((i, j) => (scores[j] ?? 0) - (scores[i] ?? 0));
  const positives = labels.filter(Boolean).length;
  // Threshold above everything: all predicted "different".
  let correct = labels.length - positives;
  let best = { accuracy: correct / labels.length, threshold: 1 };
  for (const i of idx) {
    correct += labels[i] ? 1 : -1;
    const acc = correct / labels.length;
    if (acc > best.accuracy) best = { accuracy: acc, threshold: scores[i] ?? 0 };
  }
  return { accuracy: Number(best.accuracy.toFixed(4)), threshold: Number(best.threshold.toFixed(3)) };
}

function pairQuality(pairs: Pair[], mode: ChineseMode): Record<string, unknown> {
  const tokA = pairs.map((p) => tokenizeWith(foldText(p.a), mode));
  const tokB = pairs.map((p) => tokenizeWith(foldText(p.b), mode));
  const labels = pairs.map((p) => p.same);
  const binary = (ts: string[]): Map<string, number> => new Map(ts.map((t) => [t, 1]));
  const setScores = pairs.map((_, i) => cosine(binary(tokA[i] ?? []), binary(tokB[i] ?? [])));
  // IDF over every sentence in the file (unsupervised, so no label leakage).
  const df = new Map<string, number>();
  for (const ts of [...tokA, ...tokB]) for (const t of new Set(ts)) df.set(t, (df.get(t) ?? 0) + 1);
  const nDocs = tokA.length + tokB.length;
  const tfidf = (ts: string[]): Map<string, number> => {
    const m = counts(ts);
    for (const [t, c] of m) m.set(t, c * Math.log(1 + nDocs / (df.get(t) ?? 1)));
    return m;
  };
  const tfidfScores = pairs.map((_, i) => cosine(tfidf(tokA[i] ?? []), tfidf(tokB[i] ?? [])));
  return {
    set_cosine: bestThresholdAccuracy(setScores, labels),
    tfidf_cosine: bestThresholdAccuracy(tfidfScores, labels),
  };
}

export const tokensBench: BenchSection = {
  name: 'tokens',
  async run(options: BenchOptions): Promise<Record<string, unknown>> {
    const minMs = options.quick ? 150 : 1000;
    let pairs: Pair[] = [];
    let zh = SAMPLE_ZH;
    let en = SAMPLE_EN;
    if (options.datasets !== undefined) {
      pairs = readCsv(join(options.datasets, 'bq_corpus', 'dev.csv')).map((r) => ({
        a: r.sentence1 ?? '',
        b: r.sentence2 ?? '',
        same: r.label === '1',
      }));
      if (options.quick) pairs = pairs.slice(0, 2000);
      zh = pairs.slice(0, 3000).map((p) => p.a);
      en = readCsv(join(options.datasets, 'banking77', 'train.csv'))
        .slice(0, options.quick ? 1000 : 5000)
        .map((r) => r.text ?? '');
    }
    const zhFolded = zh.map(foldText);
    const enFolded = en.map(foldText);
    const chinese: Record<string, unknown> = {};
    for (const mode of MODES) {
      chinese[mode] = {
        tokenize_items_per_second: itemsPerSecond(zhFolded, (t) => tokenizeWith(t, mode), minMs),
        ...(pairs.length > 0 ? { bq_pairs: pairQuality(pairs, mode) } : {}),
      };
    }
    return {
      n_pairs: pairs.length,
      chinese,
      english: {
        fold_items_per_second: itemsPerSecond(en, foldText, minMs),
        tokenize_items_per_second: itemsPerSecond(enFolded, tokenize, minMs),
        fold_and_tokenize_items_per_second: itemsPerSecond(en, (t) => tokenize(foldText(t)), minMs),
      },
      chinese_fold_items_per_second: itemsPerSecond(zh, foldText, minMs),
      sink: sink > 0,
    };
  },
};
