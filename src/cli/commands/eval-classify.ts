// `frontline eval classify`: trains the learned text classifier on one
// labelled CSV alone (no built-in taxonomy) and scores it on another.
// Throughput is measured one text at a time with the top label explained,
// as the bot classifies messages.
import { performance } from 'node:perf_hooks';
import { type Command, UserError, printJson, stringOption } from '../command.js';
import { trainLinearModel, type LinearModel } from '../../triage/model/index.js';
import { readCsv } from './eval-dedupe.js';

const round = (x: number): number => Math.round(x * 10_000) / 10_000;
/** Throughput is timed over repeated passes for at least this long. */
const MIN_TIMED_MS = 1000;

interface Labelled {
  text: string;
  label: string;
}

function readLabelled(path: string, cwd: string, textCol: string, labelCol: string): Labelled[] {
  let rows: Record<string, string>[];
  try {
    rows = readCsv(path, cwd);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot parse ${path} as CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (rows.length === 0) throw new UserError(`${path} has no rows`);
  const missing = [textCol, labelCol].filter((c) => !(c in rows[0]!));
  if (missing.length > 0) {
    throw new UserError(`${path} has no column ${missing.join(' or ')} (columns: ${Object.keys(rows[0]!).join(', ')})`);
  }
  const out: Labelled[] = [];
  for (const row of rows) {
    const label = (row[labelCol] ?? '').trim();
    if (label !== '') out.push({ text: row[textCol] ?? '', label });
  }
  if (out.length === 0) throw new UserError(`${path} has no rows with a ${labelCol}`);
  return out;
}

/** Accuracy and macro-F1 over the labels of the test set. */
export function scorePredictions(gold: readonly string[], predicted: readonly string[]): { accuracy: number; macroF1: number } {
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
  let correct = 0;
  gold.forEach((g, i) => {
    const p = predicted[i]!;
    if (p === g) {
      correct++;
      bump(tp, g);
    } else {
      bump(fp, p);
      bump(fn, g);
    }
  });
  const labels = new Set(gold);
  let f1Sum = 0;
  for (const label of labels) {
    const t = tp.get(label) ?? 0;
    const denominator = 2 * t + (fp.get(label) ?? 0) + (fn.get(label) ?? 0);
    f1Sum += denominator === 0 ? 0 : (2 * t) / denominator;
  }
  return { accuracy: gold.length === 0 ? 0 : correct / gold.length, macroF1: labels.size === 0 ? 0 : f1Sum / labels.size };
}

/** Texts per second, one `predict` call per text, over whole passes lasting at least MIN_TIMED_MS. */
function itemsPerSecond(model: LinearModel, texts: readonly string[]): number {
  let n = 0;
  let sink = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    for (const text of texts) sink += model.predict(text, 1)[0]!.probability;
    n += texts.length;
    elapsed = performance.now() - started;
  } while (elapsed < MIN_TIMED_MS);
  return Number.isFinite(sink) ? Math.round((n / elapsed) * 1000) : 0;
}

export const evalClassify: Command = {
  name: 'eval classify',
  summary: 'Train the text classifier on one labelled CSV and score it on another',
  help: `Usage: frontline eval classify --train CSV --test CSV [--text-col text] [--label-col category] [--json]

Trains the learned classifier (word and character n-grams, linear SVM,
calibrated) on the train file alone, without the built-in taxonomy, then
predicts the label of every test text, one at a time.

Options:
  --train CSV        labelled texts to learn from (required)
  --test CSV         labelled texts to score on (required)
  --text-col NAME    text column (default: text)
  --label-col NAME   label column (default: category)
  --json             print {"accuracy","macro_f1","train_seconds","items_per_second","n_train","n_test"}`,
  options: {
    train: { type: 'string' },
    test: { type: 'string' },
    'text-col': { type: 'string' },
    'label-col': { type: 'string' },
  },
  async run(args, io) {
    const trainPath = stringOption(args, 'train');
    const testPath = stringOption(args, 'test');
    if (trainPath === undefined || testPath === undefined) throw new UserError('--train CSV and --test CSV are required');
    const textCol = stringOption(args, 'text-col') ?? 'text';
    const labelCol = stringOption(args, 'label-col') ?? 'category';
    const train = readLabelled(trainPath, io.cwd, textCol, labelCol);
    const test = readLabelled(testPath, io.cwd, textCol, labelCol);
    if (new Set(train.map((e) => e.label)).size < 2) throw new UserError(`${trainPath} needs at least two distinct labels to learn from`);

    const started = performance.now();
    const model = trainLinearModel(train);
    const trainSeconds = (performance.now() - started) / 1000;

    const predicted = test.map((e) => model.predict(e.text, 1)[0]!.label);
    const scores = scorePredictions(
      test.map((e) => e.label),
      predicted,
    );
    const result = {
      accuracy: round(scores.accuracy),
      macro_f1: round(scores.macroF1),
      train_seconds: round(trainSeconds),
      items_per_second: itemsPerSecond(
        model,
        test.map((e) => e.text),
      ),
      n_train: train.length,
      n_test: test.length,
    };
    if (args.values.json) printJson(io, result);
    else {
      io.stdout.write(
        `trained on ${result.n_train} texts in ${result.train_seconds}s; on ${result.n_test} test texts: ` +
          `accuracy ${result.accuracy}, macro-F1 ${result.macro_f1}, ${result.items_per_second} items/s one at a time\n`,
      );
    }
    return 0;
  },
};
