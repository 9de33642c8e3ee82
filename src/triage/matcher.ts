// A multi-pattern matcher over folded text (foldText), compiled once from all
// taxonomy keywords, so matching costs one pass over the text whatever the
// number of keywords:
// - patterns with Han characters (信用卡, "app 闪退", 台湾pay) go into one
//   Aho–Corasick automaton over the text with whitespace removed ("APP閃退" and
//   "APP 閃退" are the same), with word boundaries checked where a pattern
//   starts or ends in a Latin letter or digit;
// - patterns without Han characters ("annual fee", "log in") become sequences
//   of Porter stems in a token trie, so "charged" matches "charge" and "fee"
//   never matches inside "feedback".
import { isHanCode, isWordCode, scanLatinWord, stem } from './tokens.js';

export interface Match {
  /** Index of the pattern in the list given to compileMatcher. */
  pattern: number;
  /** Offsets in the folded text. */
  start: number;
  end: number;
}

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x3000;
}

interface Word {
  /** Stem, or the raw word when it has digits; '' marks a break (Han or sentence punctuation). */
  key: string;
  start: number;
  end: number;
}

const BREAKS = new Set([...'.,;:!?()[]{}"，。；：！？、（）「」『』【】《》'].map((c) => c.charCodeAt(0)));

/** Latin words of folded text with their offsets; apostrophes inside words are dropped. */
export function latinWords(folded: string): Word[] {
  const out: Word[] = [];
  const n = folded.length;
  let i = 0;
  while (i < n) {
    const c = folded.charCodeAt(i);
    if (isWordCode(c)) {
      const start = i;
      const w = scanLatinWord(folded, i);
      i = w.end;
      out.push({ key: w.hasDigit ? w.word : stem(w.word), start, end: i });
    } else {
      if ((isHanCode(c) || BREAKS.has(c)) && out.length > 0 && out[out.length - 1]!.key !== '') {
        out.push({ key: '', start: i, end: i });
      }
      i++;
    }
  }
  return out;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  patterns: number[];
}

interface AcNode {
  next: Map<number, number>;
  fail: number;
  /** Patterns ending here, including those reached by failure links. */
  out: number[];
  depth: number;
}

export class Matcher {
  private readonly trie: TrieNode = { next: new Map(), patterns: [] };
  private readonly nodes: AcNode[] = [{ next: new Map(), fail: 0, out: [], depth: 0 }];
  /** Per Han pattern: must the match start / end on a Latin word boundary? */
  private readonly edges: { left: boolean; right: boolean }[] = [];
  /** Per Han pattern: its length in the compact text. */
  private readonly hanLength: number[] = [];

  constructor(readonly data: MatcherData) {
    data.forEach((keys, id) => {
      if (typeof keys === 'string') this.addHan(keys, id);
      else this.addWords(keys, id);
    });
    this.link();
  }

  private addWords(keys: readonly string[], id: number): void {
    if (keys.length === 0) return;
    let node = this.trie;
    for (const k of keys) {
      let child = node.next.get(k);
      if (!child) node.next.set(k, (child = { next: new Map(), patterns: [] }));
      node = child;
    }
    node.patterns.push(id);
  }

  private addHan(compact: string, id: number): void {
    let at = 0;
    for (let i = 0; i < compact.length; i++) {
      const c = compact.charCodeAt(i);
      let next = this.nodes[at]!.next.get(c);
      if (next === undefined) {
        next = this.nodes.length;
        this.nodes.push({ next: new Map(), fail: 0, out: [], depth: this.nodes[at]!.depth + 1 });
        this.nodes[at]!.next.set(c, next);
      }
      at = next;
    }
    this.nodes[at]!.out.push(id);
    this.hanLength[id] = compact.length;
    this.edges[id] = { left: isWordCode(compact.charCodeAt(0)), right: isWordCode(compact.charCodeAt(compact.length - 1)) };
  }

  /** Breadth-first failure links; outputs are merged so matching never walks them. */
  private link(): void {
    const queue: number[] = [];
    for (const child of this.nodes[0]!.next.values()) queue.push(child);
    for (let q = 0; q < queue.length; q++) {
      const at = queue[q]!;
      const node = this.nodes[at]!;
      for (const [c, child] of node.next) {
        let f = node.fail;
        while (f !== 0 && !this.nodes[f]!.next.has(c)) f = this.nodes[f]!.fail;
        const target = this.nodes[f]!.next.get(c);
        const fail = target !== undefined && target !== child ? target : 0;
        this.nodes[child]!.fail = fail;
        if (this.nodes[fail]!.out.length > 0) this.nodes[child]!.out.push(...this.nodes[fail]!.out);
        queue.push(child);
      }
    }
  }

  /** Every occurrence of every pattern in folded text (overlaps included). */
  match(folded: string, words: Word[] = latinWords(folded)): Match[] {
    const out: Match[] = [];
    this.matchWords(words, out);
    if (this.nodes.length > 1) this.matchHan(folded, out);
    return out;
  }

  private matchWords(words: Word[], out: Match[]): void {
    for (let i = 0; i < words.length; i++) {
      let node: TrieNode | undefined = this.trie;
      for (let j = i; j < words.length && node; j++) {
        const key = words[j]!.key;
        if (key === '') break;
        node = node.next.get(key);
        if (node) for (const p of node.patterns) out.push({ pattern: p, start: words[i]!.start, end: words[j]!.end });
      }
    }
  }

  private matchHan(folded: string, out: Match[]): void {
    // Offsets of the compact (whitespace-free) text in the folded text.
    const offsets: number[] = [];
    let at = 0;
    for (let i = 0; i < folded.length; i++) {
      const c = folded.charCodeAt(i);
      if (isSpace(c)) continue;
      offsets.push(i);
      let next = this.nodes[at]!.next.get(c);
      while (next === undefined && at !== 0) {
        at = this.nodes[at]!.fail;
        next = this.nodes[at]!.next.get(c);
      }
      at = next ?? 0;
      const node = this.nodes[at]!;
      for (const p of node.out) {
        const len = this.hanLength[p]!;
        const start = offsets[offsets.length - len]!;
        const end = i + 1;
        const edge = this.edges[p]!;
        if (edge.left && start > 0 && isWordCode(folded.charCodeAt(start - 1))) continue;
        if (edge.right && end < folded.length && isWordCode(folded.charCodeAt(end))) continue;
        out.push({ pattern: p, start, end });
      }
    }
  }
}

/**
 * Per pattern: the whitespace-free text of a pattern with Han characters, or
 * the Porter stems of one without. A Matcher is built from this in a few ms;
 * stemming and compacting thousands of keywords is what costs (the classifier
 * cache stores it, so a cold start skips that).
 */
export type MatcherData = (string | string[])[];

export function compileMatcher(patterns: readonly string[]): Matcher {
  const keys = (p: string) => latinWords(p).filter((w) => w.key !== '').map((w) => w.key);
  return new Matcher(patterns.map((p) => (HAN.test(p) ? p.replace(/\s+/g, '') : keys(p))));
}

/** Text after word folding, with the way back to the offsets of the text it came from. */
export interface FoldedWords {
  text: string;
  /** Per output char: where its source starts and ends in the input; absent when nothing changed. */
  starts?: Int32Array;
  ends?: Int32Array;
}

/** Maps a span of FoldedWords.text back to the input it was made from. */
export function sourceSpan(words: FoldedWords, start: number, end: number): { start: number; end: number } {
  if (!words.starts || !words.ends || end <= start) return { start, end };
  return { start: words.starts[start]!, end: words.ends[end - 1]! };
}

/**
 * Replaces whole words by their group's first word, leftmost-longest, in one
 * pass (candidates are bucketed by first character, so the cost does not grow
 * with the number of groups). Used for regional vocabulary (taxonomy.ts).
 */
export class WordFolder {
  private readonly byFirst = new Map<number, { from: string; to: string }[]>();

  /** `groups` must already be folded (foldText); a word in two groups keeps its first. */
  constructor(readonly groups: readonly (readonly string[])[]) {
    const seen = new Set<string>();
    for (const group of groups) {
      const to = group[0];
      if (to === undefined) continue;
      for (const from of group) {
        if (from === '' || seen.has(from)) continue;
        seen.add(from);
        const c = from.charCodeAt(0);
        const list = this.byFirst.get(c) ?? [];
        list.push({ from, to });
        this.byFirst.set(c, list);
      }
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.from.length - a.from.length);
  }

  get size(): number {
    let n = 0;
    for (const list of this.byFirst.values()) n += list.length;
    return n;
  }

  apply(text: string): FoldedWords {
    if (this.byFirst.size === 0) return { text };
    let out = '';
    let starts: number[] | undefined;
    let ends: number[] | undefined;
    let copied = 0;
    for (let i = 0; i < text.length; ) {
      const c = text.charCodeAt(i);
      const list = isHanCode(c) ? this.byFirst.get(c) : undefined;
      const hit = list?.find((w) => text.startsWith(w.from, i));
      if (!hit || hit.from === hit.to) {
        i += hit ? hit.from.length : 1;
        continue;
      }
      if (!starts || !ends) {
        starts = [];
        ends = [];
      }
      for (let k = copied; k < i; k++) {
        starts.push(k);
        ends.push(k + 1);
      }
      out += text.slice(copied, i) + hit.to;
      for (let k = 0; k < hit.to.length; k++) {
        starts.push(i);
        ends.push(i + hit.from.length);
      }
      i += hit.from.length;
      copied = i;
    }
    if (!starts || !ends) return { text };
    for (let k = copied; k < text.length; k++) {
      starts.push(k);
      ends.push(k + 1);
    }
    return { text: out + text.slice(copied), starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
  }
}
