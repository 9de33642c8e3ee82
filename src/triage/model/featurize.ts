// Text → hashed n-gram keys, without allocating a string per n-gram.
// Two views: word n-grams over `tokenize(foldText(text))` (stemmed English
// words, Chinese words) and character n-grams over the folded text with
// punctuation turned into spaces (works for any script, catches typos and
// morphology). Each n-gram becomes a 32-bit key; the model maps keys it saw in
// training to weight rows and ignores the rest.
import { foldText, tokenize } from './text.js';

export interface FeatureConfig {
  /** Longest word n-gram (1 = words only). */
  wordNgrams: number;
  /** Character n-gram lengths, inclusive. */
  charMin: number;
  charMax: number;
  /** Longer texts are cut here, so a 100 KB paste costs the same as a long message. */
  maxChars: number;
}

export const defaultFeatureConfig: FeatureConfig = {
  wordNgrams: 3,
  charMin: 2,
  charMax: 5,
  maxChars: 2000,
};

export const WORD_VIEW = 0;
export const CHAR_VIEW = 1;

/**
 * Reusable scratch space the featuriser fills: one entry per n-gram occurrence.
 * `start`/`end` locate it for explanations: token indices for the word view,
 * offsets into `chars` for the character view.
 */
export class FeatureBuffer {
  n = 0;
  keys = new Uint32Array(1024);
  views = new Uint8Array(1024);
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  tokens: string[] = [];
  chars = '';
  private tokenHashes = new Uint32Array(256);

  push(key: number, view: number, start: number, end: number): void {
    if (this.n === this.keys.length) this.grow();
    const i = this.n++;
    this.keys[i] = key;
    this.views[i] = view;
    this.start[i] = start;
    this.end[i] = end;
  }

  hashesFor(count: number): Uint32Array {
    if (this.tokenHashes.length < count) this.tokenHashes = new Uint32Array(count * 2);
    return this.tokenHashes;
  }

  private grow(): void {
    const size = this.keys.length * 2;
    const keys = new Uint32Array(size);
    keys.set(this.keys);
    const views = new Uint8Array(size);
    views.set(this.views);
    const start = new Int32Array(size);
    start.set(this.start);
    const end = new Int32Array(size);
    end.set(this.end);
    Object.assign(this, { keys, views, start, end });
  }
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SEED_CHAR = 0x9747b28c;
const SEED_NGRAM = [0, 0, 0x5bd1e995, 0x1b873593];
const SPACE = 32;

/** Murmur3 finaliser: spreads FNV's weak low bits over the whole key. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashString(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

const NON_WORD = /[^\p{L}\p{N}]+/gu;

/** The character view's text: folded, punctuation and symbols as single spaces, padded. */
export function charViewText(folded: string): string {
  return ' ' + folded.replace(NON_WORD, ' ').trim() + ' ';
}

/** The two views of a text: its tokens and its character-view string. Never throws on odd input. */
export function textViews(text: string, config: FeatureConfig): { tokens: string[]; chars: string } {
  const safe = typeof text === 'string' ? text : String(text ?? '');
  const folded = foldText(safe.length > config.maxChars ? safe.slice(0, config.maxChars) : safe);
  return {
    tokens: config.wordNgrams > 0 ? tokenize(folded) : [],
    chars: config.charMax > 0 ? charViewText(folded) : '',
  };
}

/** Fills `buf` with the n-gram keys of `text` (both views). */
export function featurize(text: string, config: FeatureConfig, buf: FeatureBuffer): void {
  const { tokens, chars } = textViews(text, config);
  buf.n = 0;
  buf.tokens = tokens;
  buf.chars = chars;
  addWordNgrams(buf, config.wordNgrams);
  addCharNgrams(buf, config);
}

/** Word n-grams of `buf.tokens`, appended to `buf`. */
export function addWordNgrams(buf: FeatureBuffer, maxN: number): void {
  const tokens = buf.tokens;
  const hashes = buf.hashesFor(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    hashes[i] = hashString(tokens[i]!);
    buf.push(fmix(hashes[i]!), WORD_VIEW, i, i + 1);
  }
  for (let n = 2; n <= maxN; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      let h = SEED_NGRAM[n] ?? n;
      for (let j = i; j < i + n; j++) h = Math.imul(h ^ hashes[j]!, FNV_PRIME);
      buf.push(fmix(h), WORD_VIEW, i, i + n);
    }
  }
}

/**
 * Character n-grams of `buf.chars`, appended to `buf`. They stay inside a word
 * plus its edge spaces (scikit-learn's `char_wb`), so the n-grams of a word are
 * exactly those of " word " on its own: the predictor caches them per word.
 */
export function addCharNgrams(buf: FeatureBuffer, config: FeatureConfig): void {
  const s = buf.chars;
  const { charMin, charMax } = config;
  const length = s.length;
  for (let i = 0; i < length; i++) {
    let h = SEED_CHAR;
    const first = s.charCodeAt(i);
    for (let n = 1; n <= charMax && i + n <= length; n++) {
      const j = i + n - 1;
      const c = s.charCodeAt(j);
      // A space inside the n-gram means it crosses a word boundary.
      if (n > 2 && s.charCodeAt(j - 1) === SPACE) break;
      if (n === 2 && first === SPACE && c === SPACE) break;
      h = Math.imul(h ^ c, FNV_PRIME);
      if (n >= charMin && (n > 1 || c !== SPACE)) buf.push(fmix(h ^ n), CHAR_VIEW, i, j + 1);
    }
  }
}
