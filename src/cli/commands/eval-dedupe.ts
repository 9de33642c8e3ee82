// `frontline eval dedupe`: how well the clustering similarity tells duplicate
// question pairs from different ones (BQ corpus format: sentence1,sentence2,label).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { type Command, UserError, printJson } from '../command.js';
import { normalize } from '../../triage/normalize.js';
import { ClusterEngine, DUPLICATE_THRESHOLD } from '../../triage/cluster/engine.js';
import { bestThreshold, pairScores } from '../../triage/cluster/metrics.js';

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

export function readCsv(path: string, cwd: string): Record<string, string>[] {
  let raw: string;
  try {
    raw = readFileSync(resolve(cwd, path), 'utf8');
  } catch {
    throw new UserError(`cannot read ${path}`);
  }
  return parse(raw, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
}

export const evalDedupe: Command = {
  name: 'eval dedupe',
  summary: 'Score duplicate detection on labelled text pairs',
  help: `Usage: frontline eval dedupe --pairs CSV [--threshold T] [--json]

Reads a CSV with columns sentence1,sentence2,label (1 = same question) and
scores the clustering similarity on it. Document frequencies are learned from
the file's own sentences, as the engine learns them from stored feedback.

Options:
  --pairs CSV       the labelled pairs (required)
  --threshold T     similarity threshold (default: the shipped ${DUPLICATE_THRESHOLD})
  --rows R          all (default), odd or even data rows (1st, 3rd, … / 2nd, 4th, …): calibrate
                    a threshold on one half (best_threshold) and check it on the other
  --json            print {"accuracy","precision","recall","f1","threshold","best_threshold","best_accuracy"}`,
  options: { pairs: { type: 'string' }, threshold: { type: 'string' }, rows: { type: 'string' } },
  async run(args, io) {
    const path = args.values.pairs;
    if (typeof path !== 'string') throw new UserError('--pairs CSV is required');
    const threshold = args.values.threshold === undefined ? DUPLICATE_THRESHOLD : Number(args.values.threshold);
    if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
      throw new UserError('--threshold must be a number between 0 and 1');
    }
    const half = args.values.rows ?? 'all';
    if (half !== 'all' && half !== 'odd' && half !== 'even') throw new UserError(`--rows must be all, odd or even (got '${String(half)}')`);
    const rows = readCsv(path, io.cwd).filter((_, i) => half === 'all' || (i % 2 === 0) === (half === 'odd'));
    if (rows.length === 0 || !('sentence1' in rows[0]!) || !('sentence2' in rows[0]!) || !('label' in rows[0]!)) {
      throw new UserError(`${path} needs the columns sentence1,sentence2,label`);
    }
    const engine = new ClusterEngine();
    const prepared = rows.map((row) => [row.sentence1 ?? '', row.sentence2 ?? ''].map((s) => engine.prepare(normalize(s))));
    for (const pair of prepared) for (const p of pair) engine.learn(p);
    const similarities = prepared.map(([a, b]) => engine.similarity(a!, b!));
    const labels = rows.map((row) => String(row.label).trim() === '1');
    const scores = pairScores(similarities, labels, threshold);
    const best = bestThreshold(similarities, labels);
    const result = {
      accuracy: round(scores.accuracy),
      precision: round(scores.precision),
      recall: round(scores.recall),
      f1: round(scores.f1),
      threshold,
      best_threshold: best.threshold,
      best_accuracy: round(best.accuracy),
    };
    if (args.values.json) printJson(io, result);
    else {
      io.stdout.write(
        `pairs ${rows.length}: accuracy ${result.accuracy} (precision ${result.precision}, recall ${result.recall}, f1 ${result.f1}) at threshold ${threshold}\n` +
          `best threshold on this file: ${result.best_threshold} (accuracy ${result.best_accuracy})\n`,
      );
    }
    return 0;
  },
};
