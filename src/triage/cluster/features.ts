// Turns one folded feedback text into weighted features that mean the same
// thing in English, zh-Hans and zh-Hant (the text is folded to one script
// before it gets here):
// - Han characters as unigrams plus lightly weighted bigrams. On the BQ corpus
//   character unigrams beat jieba words (weighted Jaccard 0.706 vs 0.677), and
//   they survive segmentation differences between scripts; bigrams add word
//   order for candidate search and clustering precision.
// - Latin tokens (stemmed English words, product words like "otp") as given
//   by tokenize(); Han tokens from the segmenter are skipped because the
//   characters already cover them.
// - Taxonomy concepts ("k:cards/吞卡") and their labels ("c:cards") as shared
//   features, so texts in different languages that hit the same keyword or
//   the same label meet; the item's product and issue tags ("t:cards") when
//   the caller has them; app versions and error codes ("v:5.3.0", "e:e4012").

import { PLACEHOLDERS } from '../redact/spans.js';
import { tokenize } from '../tokens.js';
import type { FeatureVector } from './similarity.js';
import { foldEnglishSynonym, foldSynonyms } from './synonyms.js';
import type { Vocabulary } from './vocabulary.js';

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;

// English function words, raw and Porter-stemmed (tokens arrive stemmed).
// They carry no topic, and in a Σmin/Σmax similarity they dilute every
// short text; negations and question words are kept (see NEGATION).
const STOP_WORDS = new Set(
  ('a an the i me my mine myself we us our you your it its is am are was wa were be been being ' +
    'to of in on at for from by with about into as and or but so if then than that thi this these those ' +
    'there here do doe does did done have ha has had hav can could would should will shall may might must ' +
    'pleas please just get got some ani any me also too veri very much really realli one thing ' +
    'he she they them their his her him what which who whom').split(' '),
);

export const FEATURE_WEIGHTS = {
  hanChar: 1,
  hanBigram: 0.25,
  token: 1,
  // A curated keyword concept is stronger evidence than any one word: it is
  // what lets "the ATM kept my card" meet "ATM 吞卡".
  concept: 4,
  // The concept's taxonomy label ("c:app_bug"), shared by every keyword of
  // it: the only thing "logged out mid-transfer" and "转账时APP自动退出" have
  // in common. Heavy, because IDF already makes a common label cheap.
  conceptLabel: 8,
  // The item's primary product and issue tags ("t:cards"), when given
  // (intake): clusters lean towards their tags without a hard wall.
  tag: 4,
  // An app version or error code (see VERSION, ERROR_CODE).
  marker: 4,
} as const;

// Negation flips meaning ("card arrived" vs "card not arrived", 能借 vs 不能借)
// while barely changing the features; a mismatch lowers similarity.
const NEGATION = /(?:\b(?:not|no|never|cannot|unable|without)\b|n't|[不没未无])/;

// An app version ("v5.3.0", "5.3.0版") or an error code ("E-4012", "err4012")
// names the same defect in any language; tokenize() turns their digits into
// <num>, so they are read from the text.
const VERSION = /(?<![\d.])v?(\d{1,3}\.\d{1,3}\.\d{1,4})(?![\d.]*\d)/gi;
const ERROR_CODE = /(?<![a-z\d])([a-z]{1,4})-?(\d{3,6})(?![a-z\d])/gi;

/** Weights are stored as integers: the kind's weight times this. */
export const WEIGHT_SCALE = 4;
const HAN_CHAR = FEATURE_WEIGHTS.hanChar * WEIGHT_SCALE;
const HAN_BIGRAM = FEATURE_WEIGHTS.hanBigram * WEIGHT_SCALE;
const TOKEN = FEATURE_WEIGHTS.token * WEIGHT_SCALE;
const CONCEPT = FEATURE_WEIGHTS.concept * WEIGHT_SCALE;
const LABEL = FEATURE_WEIGHTS.conceptLabel * WEIGHT_SCALE;
const TAG = FEATURE_WEIGHTS.tag * WEIGHT_SCALE;
const MARKER = FEATURE_WEIGHTS.marker * WEIGHT_SCALE;

function hasDigit(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

function isHan(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}

/** Int32s per slab: vectors are carved out of shared slabs (see take). */
const SLAB = 1 << 20;

/** Feature id → summed weight for one text; reused between calls (this is the bulk hot path). */
class Accumulator {
  private weights = new Int32Array(1024);
  private ids: number[] = [];
  private order = new Int32Array(256);
  private slab = new Int32Array(SLAB);
  private used = 0;

  add(id: number, weight: number): void {
    if (id >= this.weights.length) {
      const grown = new Int32Array(Math.max(id + 1, this.weights.length * 2));
      grown.set(this.weights);
      this.weights = grown;
    }
    if (this.weights[id] === 0) this.ids.push(id);
    this.weights[id] = this.weights[id]! + weight;
  }

  /**
   * The features as a sorted [id, weight, …] vector; resets the accumulator.
   * Vectors are views into a shared slab rather than arrays of their own: a
   * million items would otherwise be a million small off-heap buffers for
   * the garbage collector to track.
   */
  take(): FeatureVector {
    const n = this.ids.length;
    if (n > this.order.length) this.order = new Int32Array(Math.max(n, this.order.length * 2));
    const ids = this.order.subarray(0, n);
    for (let i = 0; i < n; i++) ids[i] = this.ids[i]!;
    ids.sort();
    if (this.used + 2 * n > this.slab.length) {
      this.slab = new Int32Array(Math.max(SLAB, 2 * n));
      this.used = 0;
    }
    const out = this.slab.subarray(this.used, this.used + 2 * n);
    this.used += 2 * n;
    for (let i = 0; i < n; i++) {
      out[2 * i] = ids[i]!;
      out[2 * i + 1] = this.weights[ids[i]!]!;
      this.weights[ids[i]!] = 0;
    }
    this.ids.length = 0;
    return out;
  }
}

const scratch = new Accumulator();

/**
 * The weighted features of one folded text as a FeatureVector, and whether
 * it is negated. Han characters and bigrams are read straight from char
 * codes (no per-character strings); feature keys are the character, the
 * bigram, `w:token` and `k:concept`.
 */
export function vectorize(
  folded: string,
  tokens: readonly string[],
  concepts: readonly string[],
  vocab: Vocabulary,
  tags?: { product?: string | null; issue?: string | null },
): { vector: FeatureVector; negated: boolean } {
  const text = foldSynonyms(folded);
  let prev = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isHan(c)) {
      prev = -1;
      continue;
    }
    scratch.add(vocab.hanCharId(c), HAN_CHAR);
    if (prev >= 0) scratch.add(vocab.hanBigramId(prev, c), HAN_BIGRAM);
    prev = c;
  }
  if (hasDigit(text)) {
    for (const m of text.matchAll(VERSION)) scratch.add(vocab.idOf('v:' + m[1]!), MARKER);
    for (const m of text.matchAll(ERROR_CODE)) scratch.add(vocab.idOf('e:' + m[1]!.toLowerCase() + m[2]!), MARKER);
  }
  for (const token of tokens) {
    if (isHan(token.charCodeAt(0))) continue; // the characters above cover Han tokens
    const id = vocab.tokenId(token, acceptToken, foldEnglishSynonym);
    if (id >= 0) scratch.add(id, TOKEN);
  }
  if (concepts.length > 0) {
    const labels = new Set<string>();
    for (const concept of new Set(concepts)) {
      scratch.add(vocab.idOf('k:' + concept), CONCEPT);
      const slash = concept.indexOf('/');
      if (slash > 0) labels.add(concept.slice(0, slash));
    }
    for (const label of labels) scratch.add(vocab.idOf('c:' + label), LABEL);
  }
  if (tags) {
    if (tags.product) scratch.add(vocab.idOf('t:' + tags.product), TAG);
    if (tags.issue) scratch.add(vocab.idOf('t:' + tags.issue), TAG);
  }
  return { vector: scratch.take(), negated: NEGATION.test(text) };
}

/** Latin tokens only: Han characters are features already; stop words and punctuation carry no topic. */
function acceptToken(token: string): boolean {
  return !HAN.test(token) && HAS_WORD_CHAR.test(token) && !STOP_WORDS.has(token);
}

/**
 * Redaction placeholders ("[phone]", "[card •••• 1111]") in folded text. They
 * say nothing about the problem, and texts that are nothing but placeholders
 * would otherwise all share the same few features and pile into one cluster.
 */
const PLACEHOLDER = new RegExp(
  [...Object.values(PLACEHOLDERS).map((p) => p.replace(/[[\]\-]/g, '\\$&')), '\\[card [•*]+ ?\\d{4}\\]'].join('|'),
  'gi',
);

/** The folded text and tokens with redaction placeholders removed (re-tokenised only when there were any). */
export function withoutPlaceholders(folded: string, tokens: readonly string[]): { folded: string; tokens: readonly string[] } {
  if (!folded.includes('[')) return { folded, tokens };
  const stripped = folded.replace(PLACEHOLDER, ' ');
  return stripped === folded ? { folded, tokens } : { folded: stripped, tokens: tokenize(stripped) };
}

/** How a feature key reads in a cluster title (concepts show their keyword). */
export function displayFeature(key: string): string {
  if (key.startsWith('w:')) return key.slice(2);
  if (key.startsWith('k:')) return key.slice(key.lastIndexOf('/') + 1);
  if (key.startsWith('v:')) return 'v' + key.slice(2);
  if (key.startsWith('e:')) return key.slice(2).toUpperCase();
  return key;
}

/**
 * Kinds that make good title keywords: words, bigrams, concepts, versions and
 * error codes; not single Han characters, and not the label and tag features
 * (`c:`, `t:`), which are ids and are shown as tags anyway.
 */
export function isTitleFeature(key: string): boolean {
  if (key.startsWith('c:') || key.startsWith('t:')) return false;
  return key.startsWith('w:') || key.startsWith('k:') || key.startsWith('v:') || key.startsWith('e:') || Array.from(key).length >= 2;
}
