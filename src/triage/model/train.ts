// Labelled texts → ModelData: vocabulary and idf from the training texts,
// one squared-hinge SVM per label, and probabilities fitted on held-out
// margins so they are honest: a softmax temperature, or for a multi-label
// model one sigmoid shared by the labels.
import { defaultFeatureConfig, FeatureBuffer, featurize, type FeatureConfig } from './featurize.js';
import { type ModelData } from './model-data.js';
import { type BinarySvm, rowNorms, type SparseRows, trainBinarySvm } from './svm.js';
import { fitSigmoid, fitTemperature } from './calibrate.js';
import { KeyIndex, Vectorizer } from './vectorize.js';

export interface TrainingExample {
  text: string;
  label: string;
}

export interface TrainOptions {
  features?: Partial<FeatureConfig>;
  /** Weight of the word view and the character view after each is L2-normalised. */
  viewWeights?: [number, number];
  /** SVM inverse regularisation. */
  C?: number;
  /** Weights smaller than this are dropped (they hardly move a score). */
  pruneBelow?: number;
  /** N-grams seen in fewer training texts are dropped. */
  minDf?: number;
  epsilon?: number;
  maxEpochs?: number;
  seed?: number;
  /**
   * A text may have several labels (one example per label): it becomes one
   * row, positive for each, and each label gets its own sigmoid probability.
   * Otherwise each example is a row of its own (a text with two labels is
   * also a negative for each of them) and the labels share one softmax.
   */
  multiLabel?: boolean;
}

const defaults = { multiLabel: false, viewWeights: [1, 1] as [number, number], C: 1, minDf: 1, pruneBelow: 0.005, epsilon: 0.1, maxEpochs: 300, seed: 7 };

export function trainModelData(examples: readonly TrainingExample[], options: TrainOptions = {}): ModelData {
  const config: FeatureConfig = { ...defaultFeatureConfig, ...options.features };
  const o = { ...defaults, ...options };
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  if (labels.length === 0) throw new Error('no training examples');
  const buf = new FeatureBuffer();
  const labelOf = new Map(labels.map((l, i) => [l, i]));
  const { texts, labelsOf } = groupByText(examples, labelOf, o.multiLabel);

  const { keys, df } = countDocumentFrequencies(texts, config, buf, o.minDf);
  const n = texts.length;
  const idf = new Float32Array(keys.length);
  for (let r = 0; r < keys.length; r++) idf[r] = Math.log((1 + n) / (1 + df[r]!)) + 1;

  const vectorizer = new Vectorizer(new KeyIndex(keys), idf, o.viewWeights);
  const x = vectorizeAll(texts, config, buf, vectorizer, keys.length);
  // Folds are stratified by each text's first label.
  const target = Int32Array.from(labelsOf, (ls) => ls[0]!);

  const C = labels.length;
  const weights = new Float32Array(keys.length * C);
  const bias = new Float32Array(C);
  const norms = rowNorms(x, 1);
  const svmOptions = { C: o.C, epsilon: o.epsilon, maxEpochs: o.maxEpochs, bias: 1, seed: o.seed };
  // Calibration needs margins of texts the scorer did not learn from. Split
  // each label's texts five ways; with enough texts one part is held out,
  // with few texts every part is held out in turn (cross-validation), so
  // small taxonomies get honest margins too.
  const folds = calibrationFolds(target, C);
  const calibration = folds.flatMap((f) => [...f.held]);
  const margins = new Float64Array(calibration.length * C);
  const y = new Int8Array(n);
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < n; i++) y[i] = labelsOf[i]!.includes(c) ? 1 : -1;
    const options = { ...svmOptions, seed: o.seed + c };
    let svm: BinarySvm;
    let at = 0;
    if (folds.length === 1) {
      // One held-out fold: fit without it, then warm-start the full fit from there.
      const { fit, held } = folds[0]!;
      const part = trainBinarySvm(x, y, norms, options, fit);
      for (const i of held) margins[at++ * C + c] = margin(x, part.w, part.b, i);
      svm = trainBinarySvm(x, y, norms, options, undefined, part.alpha);
    } else {
      // Cross-validation: each fold starts from the full solution with its
      // held-out texts removed, close to its own optimum (~40% less work).
      svm = trainBinarySvm(x, y, norms, options);
      for (const { fit, held } of folds) {
        const warm = Float64Array.from(svm.alpha);
        for (const i of held) warm[i] = 0;
        const part = trainBinarySvm(x, y, norms, options, fit, warm);
        for (const i of held) margins[at++ * C + c] = margin(x, part.w, part.b, i);
      }
    }
    for (let r = 0; r < keys.length; r++) weights[r * C + c] = svm.w[r]!;
    bias[c] = svm.b;
  }
  const held = calibration.map((i) => labelsOf[i]!);
  // A multi-label model has no softmax: its temperature is left at 1 and unused.
  const probability = o.multiLabel
    ? { temperature: 1, sigmoid: fitSigmoid(margins, held, C) }
    : { temperature: fitTemperature(margins, Int32Array.from(held, (ls) => ls[0]!), C) };
  return { labels, config, viewWeights: [...o.viewWeights], ...probability, bias, ...sparsify(keys, idf, weights, C, o.pruneBelow) };
}

/**
 * Dense [row × label] weights → sparse rows, dropping small weights and rows
 * left empty. Rows go in the order of their home slot in the KeyIndex the
 * model will build when it loads, so that build writes its table nearly in
 * sequence: for a million rows, a few milliseconds instead of tens (it is
 * part of every cold start).
 */
function sparsify(keys: Uint32Array, idf: Float32Array, dense: Float32Array, nLabels: number, pruneBelow: number) {
  const keep = (w: number) => w !== 0 && Math.abs(w) >= pruneBelow;
  const kept: number[] = [];
  for (let r = 0; r < keys.length; r++) {
    for (let c = 0; c < nLabels; c++) {
      if (keep(dense[r * nLabels + c]!)) {
        kept.push(r);
        break;
      }
    }
  }
  const mask = KeyIndex.sizeFor(kept.length) - 1;
  kept.sort((a, b) => (keys[a]! & mask) - (keys[b]! & mask) || a - b);
  const rowStart: number[] = [0];
  const label: number[] = [];
  const value: number[] = [];
  for (const r of kept) {
    for (let c = 0; c < nLabels; c++) {
      const w = dense[r * nLabels + c]!;
      if (!keep(w)) continue;
      label.push(c);
      value.push(w);
    }
    rowStart.push(label.length);
  }
  return {
    keys: Uint32Array.from(kept, (r) => keys[r]!),
    idf: Float32Array.from(kept, (r) => idf[r]!),
    rowStart: Uint32Array.from(rowStart),
    weightLabel: Uint16Array.from(label),
    weightValue: Float32Array.from(value),
  };
}

const FOLDS = 5;
/** With at least this many held-out texts, one fold is enough to fit the temperature. */
const MIN_HOLDOUT = 50;

/**
 * Folds stratified by label (each label's k-th text goes to fold k mod 5): the
 * first fold alone when it holds enough texts, every fold otherwise, none
 * when there are too few texts to split.
 */
function calibrationFolds(target: Int32Array, nLabels: number): { fit: Int32Array; held: Int32Array }[] {
  if (target.length < FOLDS) return [];
  const seen = new Int32Array(nLabels);
  const foldOf = Int32Array.from(target, (c) => seen[c]!++ % FOLDS);
  const fold = (f: number) => ({
    fit: Int32Array.from(target.keys()).filter((i) => foldOf[i] !== f),
    held: Int32Array.from(target.keys()).filter((i) => foldOf[i] === f),
  });
  const first = fold(FOLDS - 1);
  if (first.held.length >= MIN_HOLDOUT) return [first];
  return Array.from({ length: FOLDS }, (_, f) => fold(f)).filter((f) => f.held.length > 0 && f.fit.length > 0);
}

/**
 * The texts to train on, each with the indices of its labels: one per
 * example, or with `merge` one row per distinct text carrying all its labels,
 * repeated as often as its most repeated label (a human correction is
 * repeated on purpose, to weigh more).
 */
function groupByText(examples: readonly TrainingExample[], labelOf: ReadonlyMap<string, number>, merge: boolean): { texts: string[]; labelsOf: number[][] } {
  if (!merge) return { texts: examples.map((e) => e.text), labelsOf: examples.map((e) => [labelOf.get(e.label)!]) };
  const counts = new Map<string, Map<number, number>>();
  for (const e of examples) {
    const label = labelOf.get(e.label)!;
    let own = counts.get(e.text);
    if (!own) counts.set(e.text, (own = new Map()));
    own.set(label, (own.get(label) ?? 0) + 1);
  }
  const texts: string[] = [];
  const labelsOf: number[][] = [];
  for (const [text, own] of counts) {
    const labels = [...own.keys()];
    for (let k = Math.max(...own.values()); k > 0; k--) {
      texts.push(text);
      labelsOf.push(labels);
    }
  }
  return { texts, labelsOf };
}

function margin(x: SparseRows, w: Float64Array, b: number, i: number): number {
  let m = b;
  for (let p = x.ptr[i]!; p < x.ptr[i + 1]!; p++) m += w[x.cols[p]!]! * x.vals[p]!;
  return m;
}

function countDocumentFrequencies(
  texts: readonly string[],
  config: FeatureConfig,
  buf: FeatureBuffer,
  minDf: number,
): { keys: Uint32Array; df: Int32Array } {
  const slotOf = new Map<number, number>();
  const df: number[] = [];
  const lastSeen: number[] = [];
  const order: number[] = [];
  texts.forEach((text, i) => {
    featurize(text, config, buf);
    for (let k = 0; k < buf.n; k++) {
      const key = buf.keys[k]!;
      let s = slotOf.get(key);
      if (s === undefined) {
        s = df.length;
        slotOf.set(key, s);
        df.push(0);
        lastSeen.push(-1);
        order.push(key);
      }
      if (lastSeen[s] !== i) {
        lastSeen[s] = i;
        df[s]!++;
      }
    }
  });
  const kept: number[] = [];
  for (let s = 0; s < df.length; s++) if (df[s]! >= minDf) kept.push(s);
  return {
    keys: Uint32Array.from(kept, (s) => order[s]!),
    df: Int32Array.from(kept, (s) => df[s]!),
  };
}

function vectorizeAll(
  texts: readonly string[],
  config: FeatureConfig,
  buf: FeatureBuffer,
  vectorizer: Vectorizer,
  nCols: number,
): SparseRows {
  const ptr = new Int32Array(texts.length + 1);
  let cols = new Int32Array(texts.length * 64);
  let vals = new Float32Array(texts.length * 64);
  let nnz = 0;
  texts.forEach((text, i) => {
    featurize(text, config, buf);
    vectorizer.vectorize(buf);
    const m = vectorizer.m;
    if (nnz + m > cols.length) {
      const size = Math.max(nnz + m, cols.length * 2);
      const c2 = new Int32Array(size);
      c2.set(cols);
      cols = c2;
      const v2 = new Float32Array(size);
      v2.set(vals);
      vals = v2;
    }
    cols.set(vectorizer.rows.subarray(0, m), nnz);
    vals.set(vectorizer.vals.subarray(0, m), nnz);
    nnz += m;
    ptr[i + 1] = nnz;
  });
  return { ptr, cols: cols.subarray(0, nnz), vals: vals.subarray(0, nnz), nCols };
}
