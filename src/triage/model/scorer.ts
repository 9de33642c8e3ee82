// The prediction hot path. Gives the same margins as Vectorizer + weights
// (what training sees) but caches the character view per word: a word's
// character n-grams, their rows, idf and weights collapse into one vector of
// per-label scores plus its share of the norm, so a known word costs one map
// lookup and one add per label instead of ~15 n-gram lookups.
import { addCharNgrams, addWordNgrams, FeatureBuffer, textViews, WORD_VIEW } from './featurize.js';
import { type ModelData } from './model-data.js';
import { KeyIndex, Vectorizer } from './vectorize.js';

/** A word's character-view contribution: Σ idf·w per label, and Σ idf² for the norm. */
interface WordScores {
  perLabel: Float32Array;
  normShare: number;
}

const CACHE_LIMIT = 50_000;
const SPACE = 32;

export class Scorer {
  /** Margins of the last text, one per label. */
  readonly margins: Float64Array;
  /** Character-view words of the last text with their scores and the view's scale. */
  words: string[] = [];
  wordScores: WordScores[] = [];
  charScale = 0;
  readonly wordBuf = new FeatureBuffer();
  readonly vectorizer: Vectorizer;
  private readonly index: KeyIndex;
  private readonly charBuf = new FeatureBuffer();
  private readonly charSum: Float64Array;
  private readonly cache = new Map<string, WordScores>();

  constructor(private readonly data: ModelData) {
    this.index = new KeyIndex(data.keys);
    this.vectorizer = new Vectorizer(this.index, data.idf, data.viewWeights);
    this.margins = new Float64Array(data.labels.length);
    this.charSum = new Float64Array(data.labels.length);
  }

  score(text: string): Float64Array {
    const { config, bias, rowStart, weightLabel, weightValue } = this.data;
    const { tokens, chars } = textViews(text, config);
    const margins = this.margins;
    margins.set(bias);

    const buf = this.wordBuf;
    buf.n = 0;
    buf.tokens = tokens;
    buf.chars = chars;
    addWordNgrams(buf, config.wordNgrams);
    const v = this.vectorizer;
    v.vectorize(buf);
    for (let j = 0; j < v.m; j++) {
      const x = v.vals[j]!;
      const r = v.rows[j]!;
      const end = rowStart[r + 1]!;
      for (let p = rowStart[r]!; p < end; p++) margins[weightLabel[p]!]! += x * weightValue[p]!;
    }

    const sum = this.charSum;
    sum.fill(0);
    let norm = 0;
    this.words = [];
    this.wordScores = [];
    let start = 1;
    for (let i = 1; i < chars.length; i++) {
      if (chars.charCodeAt(i) !== SPACE) continue;
      if (i > start) {
        const word = chars.slice(start, i);
        const s = this.cache.get(word) ?? this.scoreWord(word);
        const perLabel = s.perLabel;
        for (let c = 0; c < perLabel.length; c++) sum[c]! += perLabel[c]!;
        norm += s.normShare;
        this.words.push(word);
        this.wordScores.push(s);
      }
      start = i + 1;
    }
    this.charScale = norm > 0 ? (this.data.viewWeights[1] ?? 1) / Math.sqrt(norm) : 0;
    for (let c = 0; c < margins.length; c++) margins[c]! += sum[c]! * this.charScale;
    return margins;
  }

  /** Weight of (row, label), 0 when pruned; labels within a row are ascending. */
  weight(row: number, label: number): number {
    const { rowStart, weightLabel, weightValue } = this.data;
    let lo = rowStart[row]!;
    let hi = rowStart[row + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const l = weightLabel[mid]!;
      if (l === label) return weightValue[mid]!;
      if (l < label) lo = mid + 1;
      else hi = mid;
    }
    return 0;
  }

  /** Contribution of word-view feature j of the last text to `label`. */
  wordFeatureContribution(j: number, label: number): number {
    const v = this.vectorizer;
    return v.vals[j]! * this.weight(v.rows[j]!, label);
  }

  /** The tokens of word-view feature j of the last text. */
  wordFeatureTokens(j: number): string[] {
    const k = this.vectorizer.first[j]!;
    const buf = this.wordBuf;
    return buf.views[k] === WORD_VIEW ? buf.tokens.slice(buf.start[k]!, buf.end[k]!) : [];
  }

  private scoreWord(word: string): WordScores {
    const { config, idf, rowStart, weightLabel, weightValue, labels } = this.data;
    const buf = this.charBuf;
    buf.n = 0;
    buf.chars = ' ' + word + ' ';
    addCharNgrams(buf, config);
    const perLabel = new Float64Array(labels.length);
    let normShare = 0;
    for (let k = 0; k < buf.n; k++) {
      const r = this.index.get(buf.keys[k]!);
      if (r < 0) continue;
      const weight = idf[r]!;
      normShare += weight * weight;
      for (let p = rowStart[r]!; p < rowStart[r + 1]!; p++) perLabel[weightLabel[p]!]! += weight * weightValue[p]!;
    }
    const scores = { perLabel: Float32Array.from(perLabel), normShare };
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, scores);
    return scores;
  }
}
