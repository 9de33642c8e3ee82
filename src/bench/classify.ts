// Bench section `classify`: how fast Frontline classifies.
// - cold start: a fresh `node` process, from spawn to its first triage() result
//   with the built-in taxonomy compiled, both building everything (no cache)
//   and loading the cached build (src/store/classifier-cache.ts); median of runs;
// - throughput: triage() (redact → normalise → rules + learned model), one
//   text at a time, on the taxonomy's own example texts, and with --datasets
//   on BANKING77 test texts (English) and BQ corpus sentences (Chinese);
// - the learned model alone on BANKING77 (--datasets): train time, accuracy,
//   predictions per second one at a time (top label explained);
// - peak RSS of the cold-start process and of this one.
import { spawn } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { BenchOptions, BenchSection } from './section.js';
import { loadClassifier } from '../store/classifier-cache.js';
import { triage, type Classifier } from '../triage/classify.js';
import { trainLinearModel } from '../triage/model/index.js';

const round = (x: number, digits = 1): number => Number(x.toFixed(digits));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
let sink = 0;

function readCsv(path: string): Record<string, string>[] {
  return parse(readFileSync(path, 'utf8'), { columns: true, bom: true, skip_empty_lines: true, relax_quotes: true });
}

/** Items per second, one call per text, whole passes lasting at least minMs (after a warm-up pass). */
function itemsPerSecond(texts: readonly string[], fn: (text: string) => number, minMs: number): number {
  for (const t of texts.slice(0, 500)) sink += fn(t);
  let n = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    for (const t of texts) sink += fn(t);
    n += texts.length;
    elapsed = performance.now() - started;
  } while (elapsed < minMs);
  return Math.round((n / elapsed) * 1000);
}

/** The child's program: load the classifier, classify one text, report. */
function coldStartProgram(cacheDir: string | false): string {
  const url = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);
  return `
const { loadClassifier } = await import(${url('../store/classifier-cache.js')});
const { triage } = await import(${url('../triage/classify.js')});
const { classifier, cached } = loadClassifier({ cacheDir: ${JSON.stringify(cacheDir)} });
const result = triage('ATM 吞了我的卡 and the app keeps crashing', classifier);
const ms = performance.now();
process.stdout.write(JSON.stringify({ ms, cached, tags: result.tags.length, maxRssKb: process.resourceUsage().maxRSS }) + '\\n');
`;
}

interface ColdStart {
  /** Spawn → first result line, measured by this process. */
  wallMs: number;
  /** Child's own clock (performance.now() counts from its process start). */
  childMs: number;
  cached: boolean;
  maxRssKb: number;
}

function coldStartOnce(cacheDir: string | false): Promise<ColdStart> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', coldStartProgram(cacheDir)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let wallMs = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      if (wallMs === 0) wallMs = performance.now() - started;
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`cold-start child exited ${code}: ${err.trim().split('\n')[0] ?? ''}`));
      const r = JSON.parse(out) as { ms: number; cached: boolean; maxRssKb: number };
      resolve({ wallMs, childMs: r.ms, cached: r.cached, maxRssKb: r.maxRssKb });
    });
  });
}

async function coldStarts(runs: number): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'frontline-bench-cache-'));
  try {
    const uncached: ColdStart[] = [];
    for (let i = 0; i < Math.max(1, Math.floor(runs / 2)); i++) uncached.push(await coldStartOnce(false));
    const first = await coldStartOnce(dir); // builds and writes the cache
    // A run that finds no current cache (the taxonomy or the built code changed
    // meanwhile) rebuilds it; it is counted, not timed as a cached start.
    const cached: ColdStart[] = [];
    let misses = 0;
    while (cached.length < runs && misses < runs) {
      const run = await coldStartOnce(dir);
      if (run.cached) cached.push(run);
      else misses++;
    }
    if (first.cached || cached.length === 0) throw new Error('the classifier cache was never used (see src/store/classifier-cache.ts)');
    const summary = (xs: ColdStart[]) => ({
      median_ms: round(median(xs.map((x) => x.wallMs))),
      min_ms: round(Math.min(...xs.map((x) => x.wallMs))),
      child_clock_median_ms: round(median(xs.map((x) => x.childMs))),
      peak_rss_mb: round(Math.max(...xs.map((x) => x.maxRssKb)) / 1024),
      runs: xs.length,
    });
    return { cached: { ...summary(cached), cache_misses: misses }, uncached: summary(uncached), first_run_writing_cache_ms: round(first.wallMs) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function triageThroughput(classifier: Classifier, texts: readonly string[], minMs: number): number {
  return itemsPerSecond(texts, (t) => triage(t, classifier).tags.length, minMs);
}

function banking77(datasets: string, minMs: number): Record<string, unknown> {
  const rows = (file: string) => readCsv(join(datasets, 'banking77', file)).map((r) => ({ text: r.text ?? '', label: r.category ?? '' }));
  const train = rows('train.csv');
  const test = rows('test.csv');
  const started = performance.now();
  const model = trainLinearModel(train);
  const trainSeconds = (performance.now() - started) / 1000;
  const correct = test.filter((e) => model.predict(e.text, 1)[0]!.label === e.label).length;
  return {
    n_train: train.length,
    n_test: test.length,
    train_seconds: round(trainSeconds, 2),
    accuracy: round(correct / test.length, 4),
    predict_items_per_second: itemsPerSecond(
      test.map((e) => e.text),
      (t) => model.predict(t, 1)[0]!.probability,
      minMs,
    ),
    model_bytes: model.toBytes().length,
  };
}

export const classifyBench: BenchSection = {
  name: 'classify',
  async run(options: BenchOptions): Promise<Record<string, unknown>> {
    const minMs = options.quick ? 300 : 1500;
    const cold = await coldStarts(options.quick ? 3 : 7);
    const { classifier, taxonomy } = loadClassifier({ cacheDir: false });
    const throughput: Record<string, number> = {
      taxonomy_examples: triageThroughput(
        classifier,
        taxonomy.examples.map((e) => e.text),
        minMs,
      ),
    };
    let model: Record<string, unknown> | undefined;
    if (options.datasets !== undefined) {
      const en = readCsv(join(options.datasets, 'banking77', 'test.csv')).map((r) => r.text ?? '');
      const zh = readCsv(join(options.datasets, 'bq_corpus', 'dev.csv'))
        .slice(0, 3000)
        .map((r) => r.sentence1 ?? '');
      throughput.banking77_test_en = triageThroughput(classifier, en, minMs);
      throughput.bq_corpus_zh = triageThroughput(classifier, zh, minMs);
      model = banking77(options.datasets, minMs);
    }
    return {
      cold_start: cold,
      triage_items_per_second: throughput,
      ...(model ? { banking77_model: model } : {}),
      peak_rss_mb: round(process.resourceUsage().maxRSS / 1024),
      note: 'timings on a shared 2-core machine; one text at a time on one thread',
      sink: sink !== 0,
    };
  },
};
