// Everything a trained linear model is: plain data, so it serialises simply.
import { type FeatureConfig } from './featurize.js';

export interface ModelData {
  /** Label ids, in the order of the weight columns. */
  labels: string[];
  config: FeatureConfig;
  /** Weights of the word view and the character view. */
  viewWeights: number[];
  /** Softmax temperature: probability = softmax(margin / temperature). */
  temperature: number;
  /** A multi-label model's [a, b]: each label's probability is sigmoid(a·margin + b), instead of the softmax. */
  sigmoid?: [number, number];
  /** Row r's 32-bit n-gram key. */
  keys: Uint32Array;
  /** Row r's inverse document frequency. */
  idf: Float32Array;
  /**
   * Sparse rows of weights: row r's non-zero weights are entries
   * [rowStart[r], rowStart[r+1]) of weightLabel / weightValue. An n-gram
   * matters to few labels, so scoring touches only those (and the file stays small).
   */
  rowStart: Uint32Array;
  weightLabel: Uint16Array;
  weightValue: Float32Array;
  /** One intercept per label. */
  bias: Float32Array;
}
