// Weighted (Ruzicka) Jaccard over IDF-weighted features: Σ min / Σ max.
// Chosen over cosine because on the BQ corpus it separates paraphrases from
// near-misses better (0.706 vs 0.697 best accuracy on character unigrams) and
// because against a centroid it falls as a cluster drifts: mass the item does
// not share counts against it, which keeps clusters from chaining.
import type { Vocabulary } from './vocabulary.js';

/** Features as one sorted Int32Array: [id, weight × WEIGHT_SCALE, …] (see features.ts). */
export type FeatureVector = Int32Array;

/** Multiplier when exactly one side is negated (see features.ts). */
export const NEGATION_MISMATCH = 0.7;

/** Weighted Jaccard between two items' vectors, in [0, 1]. */
export function vectorSimilarity(a: FeatureVector, b: FeatureVector, vocab: Vocabulary): number {
  let i = 0;
  let j = 0;
  let min = 0;
  let max = 0;
  while (i < a.length || j < b.length) {
    const ida = i < a.length ? a[i]! : Infinity;
    const idb = j < b.length ? b[j]! : Infinity;
    if (ida === idb) {
      const idf = vocab.idf(ida);
      const wa = a[i + 1]!;
      const wb = b[j + 1]!;
      min += Math.min(wa, wb) * idf;
      max += Math.max(wa, wb) * idf;
      i += 2;
      j += 2;
    } else if (ida < idb) {
      max += a[i + 1]! * vocab.idf(ida);
      i += 2;
    } else {
      max += b[j + 1]! * vocab.idf(idb);
      j += 2;
    }
  }
  return max > 0 ? min / max : 0;
}

/** Weighted Jaccard between an item and a cluster's mean vector (sums / size). */
export function centroidSimilarity(
  a: FeatureVector,
  sums: ReadonlyMap<number, number>,
  size: number,
  vocab: Vocabulary,
): number {
  let min = 0;
  let max = 0;
  let shared = 0;
  for (let i = 0; i < a.length; i += 2) {
    const id = a[i]!;
    const wa = a[i + 1]!;
    const wc = (sums.get(id) ?? 0) / size;
    const idf = vocab.idf(id);
    min += Math.min(wa, wc) * idf;
    max += Math.max(wa, wc) * idf;
    shared += wc * idf;
  }
  // Centroid mass on features the item lacks counts against it.
  let total = 0;
  for (const [id, sum] of sums) total += (sum / size) * vocab.idf(id);
  max += total - shared;
  return max > 0 ? min / max : 0;
}

/** Applies the negation rule to a raw similarity. */
export function withNegation(similarity: number, negatedA: boolean, negatedB: boolean): number {
  return negatedA === negatedB ? similarity : similarity * NEGATION_MISMATCH;
}
