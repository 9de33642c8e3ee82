// Hashed n-gram keys → a sparse TF-IDF vector over the model's weight rows.
// Shared by training and prediction so both see exactly the same numbers:
// smoothed idf; word n-grams with sublinear term frequency (1 + log tf);
// each view (words, characters) normalised on its own, then scaled by its
// view weight.
import { type FeatureBuffer, WORD_VIEW } from './featurize.js';

/**
 * Open-addressing map from a 32-bit n-gram key to its weight row. Building it
 * is ~60 ms of a cached cold start (touching 16 bytes per key). Tried: a
 * bucket directory over the stored row order, with no table, built in a third
 * of the time, but a lookup then makes two dependent reads instead of two
 * parallel ones and was 1.5–2× slower, which the prediction hot path pays.
 */
export class KeyIndex {
  private readonly slots: Uint32Array;
  private readonly rowsPlusOne: Int32Array;
  private readonly mask: number;

  /** The table size for `n` keys: a power of two, at most half full. */
  static sizeFor(n: number): number {
    let size = 16;
    while (size < n * 2) size *= 2;
    return size;
  }

  constructor(readonly keys: Uint32Array) {
    const size = KeyIndex.sizeFor(keys.length);
    this.slots = new Uint32Array(size);
    this.rowsPlusOne = new Int32Array(size);
    this.mask = size - 1;
    for (let row = 0; row < keys.length; row++) {
      let i = keys[row]! & this.mask;
      while (this.rowsPlusOne[i] !== 0) i = (i + 1) & this.mask;
      this.slots[i] = keys[row]!;
      this.rowsPlusOne[i] = row + 1;
    }
  }

  get size(): number {
    return this.keys.length;
  }

  /** The row of `key`, or -1 when training never saw it. */
  get(key: number): number {
    let i = key & this.mask;
    for (;;) {
      const r = this.rowsPlusOne[i]!;
      if (r === 0) return -1;
      if (this.slots[i] === key) return r - 1;
      i = (i + 1) & this.mask;
    }
  }
}

/** One text as a sparse vector; arrays are reused between calls (read before the next call). */
export class Vectorizer {
  m = 0;
  rows = new Int32Array(512);
  vals = new Float64Array(512);
  /** Index in the FeatureBuffer of the first occurrence, to explain a feature. */
  first = new Int32Array(512);
  private views = new Uint8Array(512);
  private readonly seen: Int32Array;
  private readonly slot: Int32Array;
  private generation = 0;

  constructor(
    private readonly index: KeyIndex,
    private readonly idf: Float32Array,
    private readonly viewWeights: readonly number[],
  ) {
    this.seen = new Int32Array(index.size);
    this.slot = new Int32Array(index.size);
  }

  vectorize(buf: FeatureBuffer): void {
    if (this.rows.length < buf.n) this.grow(buf.n);
    const gen = ++this.generation;
    const { rows, vals, first, views, seen, slot, index } = this;
    let m = 0;
    let norm1 = 0;
    for (let k = 0; k < buf.n; k++) {
      const r = index.get(buf.keys[k]!);
      if (r < 0) continue;
      const view = buf.views[k]!;
      // Word n-grams count occurrences (weighted below); character n-grams add
      // idf per occurrence and count each occurrence as its own direction in
      // the norm, so a word's share of the score depends on that word alone
      // (which lets the predictor cache it per word).
      const add = view === WORD_VIEW ? 1 : this.idf[r]!;
      if (view !== WORD_VIEW) norm1 += add * add;
      if (seen[r] === gen) {
        vals[slot[r]!]! += add;
        continue;
      }
      seen[r] = gen;
      slot[r] = m;
      rows[m] = r;
      vals[m] = add;
      first[m] = k;
      views[m] = view;
      m++;
    }
    let norm0 = 0;
    for (let j = 0; j < m; j++) {
      if (views[j] !== WORD_VIEW) continue;
      const tf = vals[j]!;
      const v = (tf === 1 ? 1 : 1 + Math.log(tf)) * this.idf[rows[j]!]!;
      vals[j] = v;
      norm0 += v * v;
    }
    const scale0 = norm0 > 0 ? (this.viewWeights[0] ?? 1) / Math.sqrt(norm0) : 0;
    const scale1 = norm1 > 0 ? (this.viewWeights[1] ?? 1) / Math.sqrt(norm1) : 0;
    for (let j = 0; j < m; j++) vals[j]! *= views[j] === WORD_VIEW ? scale0 : scale1;
    this.m = m;
  }

  private grow(n: number): void {
    const size = Math.max(n, this.rows.length * 2);
    this.rows = new Int32Array(size);
    this.vals = new Float64Array(size);
    this.first = new Int32Array(size);
    this.views = new Uint8Array(size);
  }
}
