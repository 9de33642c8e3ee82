// A trained text classifier: hashed word and character n-grams, TF-IDF, one
// linear scorer per label, calibrated softmax probabilities, and the n-grams
// that pushed a label up as its explanation.
//
//   const model = trainLinearModel([{ text: 'ATM ate my card', label: 'atm' }, ...]);
//   model.predict('the atm kept my card', 3)
//   // → [{ label: 'atm', probability: 0.91, features: ['atm', 'card'] }, ...]
//
// A model instance reuses scratch buffers: call it from one thread at a time.
import { sigmoid, softmax } from './calibrate.js';
import { type ModelData } from './model-data.js';
import { Scorer } from './scorer.js';
import { decodeModel, encodeModel } from './serialize.js';
import { trainModelData, type TrainingExample, type TrainOptions } from './train.js';

export interface LabelPrediction {
  label: string;
  /** Calibrated probability in [0, 1]; over all labels they sum to 1 (unless the model is multi-label). */
  probability: number;
  /** The n-grams of the text that most raised this label, strongest first. */
  features: string[];
}

export interface SerializedLinearModel {
  format: 'frontline-linear-model';
  version: 1;
  /** The binary encoding (see serialize.ts), base64. */
  data: string;
}

const MAX_EXPLAINED = 4;
const POOL = 8;
/** Longer Chinese runs are shown through their word tokens instead. */
const MAX_HAN_SHOWN = 6;

export class LinearModel {
  readonly labels: readonly string[];
  private readonly scorer: Scorer;

  constructor(readonly data: ModelData) {
    this.labels = data.labels;
    this.scorer = new Scorer(data);
  }

  /** The `k` most probable labels for `text`, most probable first, each explained. */
  predict(text: string, k = 1): LabelPrediction[] {
    const probs = this.score(text);
    const top = topIndices(probs, Math.min(Math.max(1, k), this.labels.length));
    return top.map((c) => ({ label: this.labels[c]!, probability: probs[c]!, features: this.explain(c) }));
  }

  /** Probability of every label, in the order of `labels` (for thresholds or multi-label use). */
  probabilities(text: string): Float64Array {
    return Float64Array.from(this.score(text));
  }

  /**
   * probabilities() and predict() from one scoring pass: every label's
   * probability, and the `k(probabilities)` most probable labels explained
   * (explanations cost time, so the caller picks how many it needs).
   */
  probabilitiesExplained(text: string, k: (probabilities: Float64Array) => number): { probabilities: Float64Array; top: LabelPrediction[] } {
    const probabilities = Float64Array.from(this.score(text));
    const n = Math.min(Math.max(0, k(probabilities)), this.labels.length);
    const top = n === 0 ? [] : topIndices(probabilities, n).map((c) => ({ label: this.labels[c]!, probability: probabilities[c]!, features: this.explain(c) }));
    return { probabilities, top };
  }

  toBytes(): Uint8Array {
    return encodeModel(this.data);
  }

  static fromBytes(bytes: Uint8Array): LinearModel {
    return new LinearModel(decodeModel(bytes));
  }

  toJSON(): SerializedLinearModel {
    return { format: 'frontline-linear-model', version: 1, data: Buffer.from(this.toBytes()).toString('base64') };
  }

  static fromJSON(json: SerializedLinearModel): LinearModel {
    if (json?.format !== 'frontline-linear-model' || json.version !== 1) {
      throw new Error('not a frontline linear model (format/version)');
    }
    return LinearModel.fromBytes(Buffer.from(json.data, 'base64'));
  }

  /** Margins of `text`, turned into probabilities in place (reused: copy before the next call). */
  private score(text: string): Float64Array {
    const probs = this.scorer.score(text);
    if (this.data.sigmoid) sigmoid(probs, probs.length, this.data.sigmoid);
    else softmax(probs, probs.length, this.data.temperature);
    return probs;
  }

  /**
   * The words and word n-grams of the last scored text that most raised
   * `label`, strongest first: character-view scores per word and word n-gram
   * scores compete on one scale. Display strings are built only for the winners.
   */
  private explain(label: number): string[] {
    const scorer = this.scorer;
    const words = strongest(scorer.words.length, (i) => scorer.wordScores[i]!.perLabel[label]! * scorer.charScale);
    const features = strongest(scorer.vectorizer.m, (j) => scorer.wordFeatureContribution(j, label));
    const out: string[] = [];
    let w = 0;
    let f = 0;
    while (out.length < MAX_EXPLAINED && (w < words.length || f < features.length)) {
      let shown: string;
      if (f >= features.length || (w < words.length && words[w]![1] >= features[f]![1])) {
        shown = scorer.words[words[w++]![0]]!;
        if (isHan(shown.charCodeAt(0)) && shown.length > MAX_HAN_SHOWN) continue;
      } else {
        const tokens = scorer.wordFeatureTokens(features[f++]![0]);
        shown = tokens.map((t) => wordStartingWith(scorer.wordBuf.chars, t)).join(' ');
      }
      if (shown && !out.includes(shown)) out.push(shown);
    }
    return out;
  }
}

/** Up to POOL indices with the largest positive value, as [index, value]. */
function strongest(n: number, value: (i: number) => number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const v = value(i);
    if (v <= 0 || (out.length === POOL && v <= out[POOL - 1]![1])) continue;
    let at = out.length === POOL ? POOL - 1 : out.length;
    while (at > 0 && out[at - 1]![1] < v) {
      out[at] = out[at - 1]!;
      at--;
    }
    out[at] = [i, v];
  }
  return out;
}

export function trainLinearModel(examples: readonly TrainingExample[], options?: TrainOptions): LinearModel {
  return new LinearModel(trainModelData(examples, options));
}

function topIndices(values: Float64Array, k: number): number[] {
  const order: number[] = [];
  for (let c = 0; c < values.length; c++) {
    if (order.length === k && values[c]! <= values[order[k - 1]!]!) continue;
    let at = order.length === k ? k - 1 : order.length;
    while (at > 0 && values[order[at - 1]!]! < values[c]!) {
      order[at] = order[at - 1]!;
      at--;
    }
    order[at] = c;
  }
  return order;
}

const MAX_WORD = 24;

function isHan(code: number): boolean {
  return code >= 0x2e80 && code <= 0x9fff;
}

/** The word of `chars` that a (stemmed) token came from, or the token itself. */
function wordStartingWith(chars: string, token: string): string {
  const at = chars.indexOf(' ' + token);
  if (at < 0 || isHan(token.charCodeAt(0))) return token;
  const end = chars.indexOf(' ', at + 1);
  return end - at - 1 <= MAX_WORD ? chars.slice(at + 1, end) : token;
}
